// Benchmark: loading N NetBox interfaces with sequential pages vs. the concurrent client, against the test server with injected latency.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { NetboxClient } from '../src/client.js';

const interfaces = Number(process.env['NETBOX_BENCH_INTERFACES'] ?? 100_000);
const latencyMs = Number(process.env['NETBOX_BENCH_LATENCY_MS'] ?? 20);
const concurrency = Number(process.env['NETBOX_BENCH_CONCURRENCY'] ?? 16);
const pageSize = 1000;

// The server runs in its own thread: rendering and serialising pages must not steal the client's CPU.
const worker = new Worker(new URL('./server-worker.mjs', import.meta.url), { workerData: { interfaces, latencyMs, pageSize } });
interface Reply {
  type: string;
  url?: string;
  token?: string;
  seeded?: unknown;
  requests?: number;
  maxInFlight?: number;
}
const ask = async (message: string, type: string): Promise<Reply> => {
  worker.postMessage(message);
  for (;;) {
    const [reply] = (await once(worker, 'message')) as [Reply];
    if (reply.type === type) return reply;
  }
};
const [ready] = (await once(worker, 'message')) as [Reply];
const url = ready.url as string;
const token = ready.token as string;

async function run(mode: string, clientConcurrency: number): Promise<number> {
  const client = new NetboxClient({ url, token, concurrency: clientConcurrency, pageSize });
  await ask('reset', 'reset');
  const started = performance.now();
  const loaded = await client.list('interface');
  const wallMs = Math.round(performance.now() - started);
  client.close();
  if (loaded.length !== interfaces) throw new Error(`${mode}: loaded ${loaded.length} of ${interfaces} interfaces`);
  const stats = await ask('stats', 'stats');
  console.log(JSON.stringify({ mode, interfaces: loaded.length, requests: stats.requests, concurrency: clientConcurrency, maxInFlight: stats.maxInFlight, latencyMs, pageSize, wallMs }));
  return wallMs;
}

try {
  console.error(`seeded ${JSON.stringify(ready.seeded)}`);
  // Warm-up (JIT, sockets), not reported.
  const warm = new NetboxClient({ url, token });
  await warm.list('site');
  warm.close();
  const sequential = await run('sequential', 1);
  const concurrent = await run('concurrent', concurrency);
  console.log(JSON.stringify({ ratio: Math.round((sequential / concurrent) * 100) / 100, sequentialMs: sequential, concurrentMs: concurrent }));
} finally {
  worker.postMessage('stop');
  await once(worker, 'exit');
}
