// `pnpm bench` for the query paths: one JSON line per server mode (in memory, then with a dataDir in a temp dir).
//
// --docs N      documents to load (default 1,000,000)
// --batch N     documents per insertMany call (default 100,000, the driver's maxWriteBatchSize)
// --modes LIST  memory,dataDir (default both)
// MTS_BENCH_SERVER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'   extra Node options for the server process
//
// Documents are small: { _id: i, name: 'user<i>', number: <a permutation of 0..N-1> }, with indexes on
// name and number created before loading. Latencies are medians in milliseconds, measured through the
// mongodb driver against a server running in a child process (whose RSS is reported).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '100000' }, modes: { type: 'string', default: 'memory,dataDir' } },
});
const N = Number(values.docs);
if (!Number.isInteger(N) || N < 1000) throw new Error('--docs must be an integer ≥ 1000');
const BATCH = Number(values.batch);
if (!Number.isInteger(BATCH) || BATCH < 1) throw new Error('--batch must be a positive integer');
const serverScript = join(dirname(fileURLToPath(import.meta.url)), 'server.ts');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.floor(s.length / 2)] ?? NaN).toFixed(3));
}

async function timeEach(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return median(out);
}

function ask<T>(child: ChildProcess, msg: string | undefined, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: unknown): void => {
      if (typeof m === 'object' && m !== null && key in m) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    if (msg !== undefined) child.send(msg);
  });
}

/** A deterministic permutation of 0..N-1 (number field). */
const numberOf = (i: number): number => (i * 7919) % N;

async function run(mode: string): Promise<void> {
  const dir = mode === 'dataDir' ? mkdtempSync(join(tmpdir(), 'mts-bench-')) : undefined;
  const child = fork(serverScript, [dir ?? ''], {
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', ...(process.env.MTS_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean)],     stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { uri } = await ask<{ uri: string }>(child, undefined, 'uri');
    const client = new MongoClient(uri, { directConnection: true });
    await client.connect();
    const coll = client.db('bench').collection<{ _id: number; name: string; number: number }>('people');
    await coll.createIndex({ name: 1 });
    await coll.createIndex({ number: 1 });

    let start = performance.now();
    for (let from = 0; from < N; from += BATCH) {
      const docs = [];
      for (let i = from; i < Math.min(N, from + BATCH); i++) docs.push({ _id: i, name: `user${i}`, number: numberOf(i) });
      await coll.insertMany(docs, { ordered: true });
    }
    const insertSeconds = (performance.now() - start) / 1000;

    const pick = (i: number): number => (i * 104_729 + 17) % N;
    const findOneMs = await timeEach(100, async (i) => {
      const d = await coll.findOne({ name: `user${pick(i)}` });
      if (d?._id !== pick(i)) throw new Error('findOne: wrong document');
    });
    const findOneByIdMs = await timeEach(100, async (i) => {
      const d = await coll.findOne({ _id: pick(i) });
      if (d?._id !== pick(i)) throw new Error('findOne by _id: wrong document');
    });
    const idInMs = await timeEach(10, async (r) => {
      const ids = Array.from({ length: 1000 }, (_, i) => pick(r * 1000 + i));
      const got = await coll.find({ _id: { $in: ids } }).toArray();
      if (got.length !== new Set(ids).size) throw new Error('_id $in: wrong count');
    });
    const countMs = await timeEach(10, async () => {
      if ((await coll.countDocuments({})) !== N) throw new Error('countDocuments: wrong count');
    });
    const estimatedCountMs = await timeEach(10, async () => {
      if ((await coll.estimatedDocumentCount()) !== N) throw new Error('estimatedDocumentCount: wrong count');
    });
    const countIndexedMs = await timeEach(10, async (i) => {
      if ((await coll.countDocuments({ name: `user${pick(i)}` })) !== 1) throw new Error('countDocuments(name): wrong count');
    });
    const rangeMs = await timeEach(20, async (i) => {
      const x = pick(i) % (N - 100);
      const got = await coll.find({ number: { $gte: x, $lt: x + 100 } }).toArray();
      if (got.length !== 100) throw new Error(`range: ${got.length} documents`);
    });
    const aggregateMatchMs = await timeEach(10, async (i) => {
      const x = pick(i) % (N - 100);
      const got = await coll.aggregate([{ $match: { number: { $gte: x, $lt: x + 100 } } }, { $group: { _id: null, s: { $sum: '$number' } } }]).toArray();
      if (got.length !== 1) throw new Error('aggregate: no result');
    });
    start = performance.now();
    const scanned = await coll.countDocuments({ number: { $mod: [1000, 7] } });
    const scanCountMs = Number((performance.now() - start).toFixed(3));
    if (scanned !== Math.floor(N / 1000) + (N % 1000 > 7 ? 1 : 0)) throw new Error(`scan count: ${scanned}`);

    const { rss, heapUsed } = await ask<{ rss: number; heapUsed: number }>(child, 'rss', 'rss');
    await client.close();
    console.log(
      JSON.stringify({
        bench: 'mongo-test-server-query',
        mode,
        docs: N,
        batch: BATCH,
        insertDocsPerSec: Math.round(N / insertSeconds),
        insertSeconds: Number(insertSeconds.toFixed(2)),
        findOneIndexedMs: findOneMs,
        findOneByIdMs,
        idIn1000Ms: idInMs,
        countDocumentsAllMs: countMs,
        estimatedDocumentCountMs: estimatedCountMs,
        countDocumentsIndexedMs: countIndexedMs,
        rangeIndexed100Ms: rangeMs,
        aggregateMatchIndexedMs: aggregateMatchMs,
        countDocumentsFullScanMs: scanCountMs,
        serverRssMB: Math.round(rss / 2 ** 20),
        serverHeapUsedMB: Math.round(heapUsed / 2 ** 20),
      }),
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('close');
    await exited;
  } finally {
    child.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

for (const mode of values.modes.split(',')) await run(mode.trim());
