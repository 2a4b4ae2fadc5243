// One benchmark run of the engine on one data set, in its own process so that peak RSS belongs to this run alone.
// Usage: engine-run.ts <N> (the n<N>-s<SEED> data set, made if missing) or engine-run.ts <data set directory>.
import { join } from 'node:path';
import { inventoryAdapter, loadInventory, type InventoryData } from '../src/__fixtures__/inventory.js';
import { benchSeed, checkDigest, ensureDataset, isDatasetDir, readJson, readManifest, readMethod, type ReadMethod } from './dataset.js';

const arg = process.argv[2] ?? '10000';
const seed = benchSeed();
const dir = /^\d+$/.test(arg) ? ensureDataset(Number(arg), seed) : arg;
if (!isDatasetDir(dir)) throw new Error(`${dir} is not a data set directory (manifest.json, source.json, target.json)`);
const manifest = readManifest(dir);
const n = manifest.params?.n ?? Number(arg);
// Not timed: the digest check, which also tells whether latin1 reads a file exactly (see DEFAULT_READ).
const ascii = { source: checkDigest(dir, 'source.json', manifest).ascii, target: checkDigest(dir, 'target.json', manifest).ascii };
const chosen = readMethod();
const methodFor = (name: 'source' | 'target'): ReadMethod => (chosen !== 'auto' ? chosen : ascii[name] ? 'latin1' : 'utf8');

const round = (value: number): number => Math.round(value * 10) / 10;
const ms = (start: number): number => round(performance.now() - start);
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

function load(name: 'source' | 'target'): { adapter: ReturnType<typeof inventoryAdapter>; parseMs: number; totalMs: number } {
  const start = performance.now();
  const { value, readMs, parseMs } = readJson(join(dir, `${name}.json`), methodFor(name));
  const adapter = inventoryAdapter(name);
  loadInventory(adapter, value as InventoryData);
  return { adapter, parseMs: round(readMs + parseMs), totalMs: ms(start) };
}

const source = load('source');
const target = load('target');
const afterLoad = process.memoryUsage();

let start = performance.now();
const diff = target.adapter.diffFrom(source.adapter);
const diffMs = ms(start);

const summary = diff.summary();
const expected = manifest.expected_diff;
const mismatches: string[] = [];
for (const key of ['create', 'update', 'delete'] as const) if (summary[key] !== expected[key]) mismatches.push(`${key} ${summary[key]} != ${expected[key]}`);
if (summary.noChange !== expected['no-change']) mismatches.push(`no-change ${summary.noChange} != ${expected['no-change']}`);
for (const [model, counts] of Object.entries(diff.summaryByModel())) {
  const want = expected.by_model[model];
  if (want && (want.create !== counts.create || want.update !== counts.update || want.delete !== counts.delete || want['no-change'] !== counts.noChange)) {
    mismatches.push(`${model} ${JSON.stringify(counts)} != ${JSON.stringify(want)}`);
  }
}

start = performance.now();
const result = await target.adapter.syncFrom(source.adapter, { diff });
const syncMs = ms(start);

// Not timed: the target must now equal the source.
const after = target.adapter.diffFrom(source.adapter).summary();
const converged = after.create + after.update + after.delete === 0 && result.ok;

console.log(
  JSON.stringify({
    bench: 'core-engine',
    n,
    seed: manifest.params?.seed ?? seed,
    data: dir,
    read: { source: methodFor('source'), target: methodFor('target') },
    records: { source: source.adapter.count(), target: manifest.counts.target.total },
    loadSourceMs: source.totalMs,
    loadSourceParseMs: source.parseMs,
    loadTargetMs: target.totalMs,
    loadTargetParseMs: target.parseMs,
    diffMs,
    syncMs,
    heapAfterLoadMB: mb(afterLoad.heapUsed),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    diff: { create: summary.create, update: summary.update, delete: summary.delete, noChange: summary.noChange },
    countsMatchManifest: mismatches.length === 0,
    mismatches,
    converged,
    node: process.version,
  }),
);
if (mismatches.length > 0 || !converged) process.exitCode = 1;
