// Crash test: a writer process is SIGKILLed at random moments; every write it saw acknowledged must be there after a restart.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, expect, it } from 'vitest';
import { childArgs } from './__fixtures__/children.js';
import { startMongoTestServer } from './server.js';

const TRIALS = 24;
let dir = '';
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

interface Seen {
  acked: string[];
  updates: Map<string, number>;
  txns: string[];
  indexes: string[];
}

/** Runs one writer and kills it: at a random moment, or right as it commits a transaction or builds an index. */
async function runAndKill(trial: number): Promise<Seen> {
  const mode = trial % 4 === 1 ? 'committing' : trial % 4 === 3 ? 'indexing' : 'random';
  const child = spawn(process.execPath, childArgs('crash-writer.mjs', [dir, `t${trial}`]), { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen: Seen = { acked: [], updates: new Map(), txns: [], indexes: [] };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  let buffered = '';
  let killed = false;
  const kill = (): void => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'ready') setTimeout(kill, 30 + Math.random() * 400);
      else if (kind === 'ack' && a !== undefined) seen.acked.push(a);
      else if (kind === 'upd' && a !== undefined) seen.updates.set(a, Number(b));
      else if (kind === 'txn' && a !== undefined) seen.txns.push(a);
      else if (kind === 'index' && a !== undefined) seen.indexes.push(a);
      else if (kind === mode && !killed) setTimeout(kill, Math.random() * 3);
    }
  });
  // a writer that never gets ready fails the test below rather than hanging it
  const guard = setTimeout(kill, 20_000);
  await exited;
  clearTimeout(guard);
  if (!killed) throw new Error(`writer exited by itself: ${stderr}`);
  return seen;
}

it(`keeps every acknowledged write when the writer is SIGKILLed (${TRIALS} trials)`, { timeout: 120_000 }, async () => {
  dir = await mkdtemp(join(tmpdir(), 'mts-crash-'));
  const allAcked: string[] = [];
  const allTxns: string[] = [];
  const allIndexes: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const seen = await runAndKill(trial);
    allAcked.push(...seen.acked);
    allTxns.push(...seen.txns);
    allIndexes.push(...seen.indexes);
    const server = await startMongoTestServer({ dataDir: dir });
    const client = new MongoClient(server.uri);
    try {
      const db = client.db('crash');
      const ids = new Set((await db.collection('docs').find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
      expect(allAcked.filter((id) => !ids.has(id))).toEqual([]);
      for (const [id, value] of seen.updates) expect((await db.collection('docs').findOne({ _id: id as never }))?.updated).toBe(value);
      // transactions: every acknowledged one is there, none is there in part
      const groups = new Map<string, number>();
      for (const d of await db.collection('txn').find().toArray()) groups.set(String(d.group), (groups.get(String(d.group)) ?? 0) + 1);
      const headers = new Set((await db.collection('groups').find().toArray()).map((d) => String(d._id)));
      for (const [group, n] of groups) {
        expect(n, `transaction ${group}`).toBe(3);
        expect(headers.has(group), `transaction ${group}`).toBe(true);
      }
      for (const group of headers) expect(groups.get(group), `transaction ${group}`).toBe(3);
      for (const group of allTxns) expect(headers.has(group), `acknowledged transaction ${group}`).toBe(true);
      const indexes = new Set((await db.collection('docs').listIndexes().toArray()).map((ix) => String(ix.name)));
      expect(allIndexes.filter((name) => !indexes.has(name))).toEqual([]);
    } finally {
      await client.close();
      await server.close();
    }
  }
  expect(allAcked.length).toBeGreaterThan(TRIALS);
  expect(allTxns.length).toBeGreaterThan(0);
});
