// Benchmark: loading N NetBox interfaces with sequential pages vs. the concurrent client, against the test server with injected latency.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { NetboxClient } from '../src/client.js';

const interfaces = Number(process.env['NETBOX_BENCH_INTERFACES'] ?? 100_000);
const latencyMs = Number(process.env['NETBOX_BENCH_LATENCY_MS'] ?? 20);
const concurrency = Number(process.env['NETBOX_BENCH_CONCURRENCY'] ?? 16);
const rounds = Math.max(1, Number(process.env['NETBOX_BENCH_ROUNDS'] ?? 3));
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

async function once_(clientConcurrency: number): Promise<{ wallMs: number; requests: number; maxInFlight: number }> {
  const client = new NetboxClient({ url, token, concurrency: clientConcurrency, pageSize });
  await ask('reset', 'reset');
  const started = performance.now();
  const loaded = await client.list('interface');
  const wallMs = Math.round(performance.now() - started);
  client.close();
  if (loaded.length !== interfaces) throw new Error(`loaded ${loaded.length} of ${interfaces} interfaces`);
  const stats = await ask('stats', 'stats');
  return { wallMs, requests: stats.requests ?? 0, maxInFlight: stats.maxInFlight ?? 0 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

try {
  console.error(`seeded ${JSON.stringify(ready.seeded)}`);
  // Warm-up (JIT, sockets, the server's rendered rows), not reported.
  await once_(concurrency);
  const modes = [
    { mode: 'sequential', concurrency: 1, runs: [] as number[], requests: 0, maxInFlight: 0 },
    { mode: 'concurrent', concurrency, runs: [] as number[], requests: 0, maxInFlight: 0 },
  ];
  // Rounds alternate the modes so that background load hits both alike; the median is reported.
  for (let round = 0; round < rounds; round++) {
    for (const entry of modes) {
      const result = await once_(entry.concurrency);
      entry.runs.push(result.wallMs);
      entry.requests = result.requests;
      entry.maxInFlight = Math.max(entry.maxInFlight, result.maxInFlight);
    }
  }
  for (const entry of modes) {
    console.log(
      JSON.stringify({ mode: entry.mode, interfaces, requests: entry.requests, wallMs: median(entry.runs), runs: entry.runs, concurrency: entry.concurrency, maxInFlight: entry.maxInFlight, latencyMs, pageSize }),
    );
  }
  const [sequential, concurrent] = modes.map((entry) => median(entry.runs)) as [number, number];
  console.log(JSON.stringify({ ratio: Math.round((sequential / concurrent) * 100) / 100, sequentialMs: sequential, concurrentMs: concurrent }));
} finally {
  worker.postMessage('stop');
  await once(worker, 'exit');
}
