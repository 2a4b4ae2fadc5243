// Runs the NetBox test server, seeded, in a worker thread so its CPU does not compete with the client being measured.
import { parentPort, workerData } from 'node:worker_threads';
import { startNetboxServer } from '../src/__fixtures__/netbox-server.js';
import { seedNetbox } from '../src/__fixtures__/seed.js';

const { interfaces, latencyMs, pageSize } = workerData as { interfaces: number; latencyMs: number; pageSize: number };
const server = await startNetboxServer({ latencyMs, maxPageSize: pageSize });
const seeded = seedNetbox(server, { interfaces });
parentPort?.on('message', (message: string) => {
  if (message === 'reset') {
    server.resetStats();
    parentPort?.postMessage({ type: 'reset' });
  } else if (message === 'stats') {
    parentPort?.postMessage({ type: 'stats', requests: server.log.length, maxInFlight: server.maxInFlight });
  } else if (message === 'stop') {
    void server.stop().then(() => process.exit(0));
  }
});
parentPort?.postMessage({ type: 'ready', url: server.url, token: server.token, seeded });
