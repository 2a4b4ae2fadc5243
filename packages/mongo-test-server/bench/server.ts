// The server under test for `pnpm bench`, in its own process: sends its URI, answers `rss` with its resident set size.
import { startMongoTestServer } from '../src/index.js';

const dataDir = process.argv[2] === undefined || process.argv[2] === '' ? undefined : process.argv[2];
const server = await startMongoTestServer({ dataDir });
process.send?.({ uri: server.uri });
process.on('message', (msg: unknown) => {
  if (msg === 'rss') {
    globalThis.gc?.();
    process.send?.({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
  } else if (msg === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
