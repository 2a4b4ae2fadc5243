// The embedded MongoDB test server in a worker thread: its BSON work, storage and garbage collection run beside the job's, on another core.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DataDirLockedError, type LockHolder, type MongoTestServer } from '@ssot/mongo-test-server';

/** Messages from the worker. */
type FromWorker =
  | { type: 'ready'; uri: string; port: number; host: string; dataDir: string | undefined }
  | { type: 'error'; name: string; message: string; stack?: string; dir?: string; holder?: LockHolder }
  | { type: 'closed' };

// The worker evaluates this script (valid as CommonJS and as a module): it imports the server by its resolved file URL.
const WORKER_SOURCE = `
Promise.all([import('node:worker_threads'), import('node:worker_threads').then(({ workerData }) => import(workerData.module))]).then(async ([{ parentPort, workerData }, { startMongoTestServer }]) => {
  let server;
  try {
    server = await startMongoTestServer(workerData.dataDir === undefined ? {} : { dataDir: workerData.dataDir });
  } catch (error) {
    parentPort.postMessage({ type: 'error', name: error.name, message: error.message, stack: error.stack, dir: error.dir, holder: error.holder });
    return;
  }
  parentPort.on('message', async (message) => {
    if (message.type === 'reset') server.reset();
    if (message.type === 'close') {
      await server.close();
      parentPort.postMessage({ type: 'closed' });
      parentPort.close();
    }
  });
  parentPort.postMessage({ type: 'ready', uri: server.uri, port: server.port, host: server.host, dataDir: server.dataDir });
});
`;

/**
 * Starts `@ssot/mongo-test-server` in a worker thread of this process. The server is the same (and
 * holds its data directory's lock for this process); it runs on its own event loop and heap, so a
 * job loading or writing 100k documents does its work and the server's at the same time on two cores.
 *
 * @param options - the data directory (omitted: in memory)
 * @returns the running server
 * @throws DataDirLockedError when another process holds the data directory
 */
export async function startEmbeddedServerWorker(options: { dataDir?: string } = {}): Promise<MongoTestServer> {
  const module = pathToFileURL(createRequire(import.meta.url).resolve('@ssot/mongo-test-server')).href;
  // execArgv: none of this process's loader flags (--import tsx, --input-type) are needed to run the server's built code.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { module, dataDir: options.dataDir } });
  const first = await new Promise<FromWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The embedded MongoDB server's worker exited (code ${code}) before it started.`)));
  });
  if (first.type === 'error') {
    await worker.terminate();
    if (first.name === 'DataDirLockedError' && first.dir !== undefined && first.holder !== undefined) throw new DataDirLockedError(first.dir, first.holder);
    const error = new Error(first.message);
    error.name = first.name;
    if (first.stack !== undefined) error.stack = first.stack;
    throw error;
  }
  if (first.type !== 'ready') throw new Error(`The embedded MongoDB server's worker sent "${first.type}" before it started.`);
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  let closing: Promise<void> | undefined;
  return {
    uri: first.uri,
    port: first.port,
    host: first.host,
    dataDir: first.dataDir,
    reset: () => worker.postMessage({ type: 'reset' }),
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        worker.once('message', (message: FromWorker) => (message.type === 'closed' ? resolve() : reject(new Error(`unexpected message ${message.type}`))));
        worker.once('error', reject);
        worker.postMessage({ type: 'close' });
      }).finally(() => void worker.terminate())),
  };
}
