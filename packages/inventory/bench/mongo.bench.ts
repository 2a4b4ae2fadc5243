// `pnpm bench` for MongoDB: bulk-sync the standard data set into the inventory, load it back, sync the changes, and compare with per-document writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateDiff, executeSync, type Adapter } from '@ssot/core';
import { connectMongo } from '@ssot/mongoose';
import { ensureDataset } from '../../core/bench/dataset.js';
import { addInventoryData, createInventoryAdapter, createMongoInventoryAdapter, ensureInventoryIndexes, type InventoryData, type InventoryModels } from '../src/index.js';

const n = Number(process.env.MONGO_BENCH_N ?? 100_000);
const perDocumentSample = Number(process.env.MONGO_BENCH_PER_DOCUMENT ?? 5000);
const dir = ensureDataset(n);
const read = (file: string): InventoryData => JSON.parse(readFileSync(join(dir, file), 'utf8')) as InventoryData;
const memoryAdapter = (name: string, data: InventoryData): Adapter<InventoryModels> => {
  const adapter = createInventoryAdapter(name);
  addInventoryData(adapter, data);
  return adapter;
};

const handle = await connectMongo({ dbName: `ssot_bench_${process.pid}`, connectOptions: { monitorCommands: true } });
const commands = new Map<string, number>();
handle.connection.getClient().on('commandStarted', (event) => commands.set(event.commandName, (commands.get(event.commandName) ?? 0) + 1));
const counted = (): Record<string, number> => Object.fromEntries([...commands].filter(([name]) => !['hello', 'isMaster', 'ping', 'endSessions'].includes(name)).sort());
const line = (phase: string, fields: Record<string, unknown>): void => console.log(JSON.stringify({ bench: 'mongo', backend: handle.backend, n, phase, ...fields }));

try {
  await ensureInventoryIndexes(handle.connection);
  const target = read('target.json');
  const source = read('source.json');

  // 1. Bulk-sync the target side into an empty inventory: every record is a create.
  let mongo = createMongoInventoryAdapter({ connection: handle.connection, run: { id: 'bench-seed', job: 'bench' }, changeLog: false });
  await mongo.load();
  commands.clear();
  let start = performance.now();
  const seedDiff = calculateDiff(memoryAdapter('target', target), mongo);
  const seeded = await executeSync(seedDiff, memoryAdapter('target', target), mongo);
  let ms = performance.now() - start;
  const documents = seeded.counts.create.success;
  line('bulk-sync-into-empty', { documents, failed: seeded.counts.create.failure + seeded.counts.create.error, wallMs: Math.round(ms), documentsPerSecond: Math.round(documents / (ms / 1000)), commands: counted() });

  // 2. Load everything back: one query per collection, streamed.
  commands.clear();
  mongo = createMongoInventoryAdapter({ connection: handle.connection, run: { id: 'bench-sync', job: 'bench' } });
  start = performance.now();
  await mongo.load();
  ms = performance.now() - start;
  line('load', { documents: mongo.count(), wallMs: Math.round(ms), documentsPerSecond: Math.round(mongo.count() / (ms / 1000)), commands: counted() });

  // 3. Sync the source side's changes (creates, updates, deletes), change log on.
  const sourceAdapter = memoryAdapter('source', source);
  commands.clear();
  start = performance.now();
  const diff = calculateDiff(sourceAdapter, mongo);
  const diffMs = performance.now() - start;
  const synced = await executeSync(diff, sourceAdapter, mongo);
  ms = performance.now() - start;
  const summary = diff.summary();
  line('sync-changes', { diff: summary, diffMs: Math.round(diffMs), wallMs: Math.round(ms), ok: synced.ok, changesPerSecond: Math.round((summary.create + summary.update + summary.delete) / (ms / 1000)), commands: counted() });

  // 4. The per-document write path, for comparison: the first records of the data set, both ways, into fresh collections.
  const sample: InventoryData = { region: target.region, site: target.site.slice(0, 50), device: [], interface: [], vlan: [] };
  const sites = new Set(sample.site.map((s) => s.name));
  sample.device = target.device.filter((d) => sites.has(d.site));
  const devices = new Set(sample.device.map((d) => d.name));
  sample.interface = target.interface.filter((i) => devices.has(i.device)).slice(0, perDocumentSample);
  for (const mode of ['bulk', 'per-document'] as const) {
    await handle.connection.dropDatabase();
    await ensureInventoryIndexes(handle.connection);
    const empty = createMongoInventoryAdapter({ connection: handle.connection, writeMode: mode, changeLog: false, stamp: false });
    await empty.load();
    commands.clear();
    start = performance.now();
    const result = await executeSync(calculateDiff(memoryAdapter('sample', sample), empty), memoryAdapter('sample', sample), empty);
    ms = performance.now() - start;
    const written = result.counts.create.success;
    line(`write-path-${mode}`, { documents: written, wallMs: Math.round(ms), documentsPerSecond: Math.round(written / (ms / 1000)), commands: counted() });
  }
} finally {
  await handle.connection.dropDatabase().catch(() => undefined);
  await handle.close();
}
