// One benchmark run of the engine at one size, in its own process so that peak RSS belongs to this run alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryAdapter, loadInventory, type InventoryData } from '../src/__fixtures__/inventory.js';
import { checkDigest, ensureDataset, readManifest } from './dataset.js';

const n = Number(process.argv[2] ?? 10000);
const dir = ensureDataset(n);
const manifest = readManifest(dir);
checkDigest(dir, 'source.json', manifest);
checkDigest(dir, 'target.json', manifest);

const ms = (start: number): number => Math.round((performance.now() - start) * 10) / 10;

function load(name: 'source' | 'target'): { adapter: ReturnType<typeof inventoryAdapter>; parseMs: number; totalMs: number } {
  const start = performance.now();
  // The files are ASCII: reading them as latin1 gives one-byte strings, which JSON.parse reads faster.
  const data = JSON.parse(readFileSync(join(dir, `${name}.json`), 'latin1')) as InventoryData;
  const parseMs = ms(start);
  const adapter = inventoryAdapter(name);
  loadInventory(adapter, data);
  return { adapter, parseMs, totalMs: ms(start) };
}

const source = load('source');
const target = load('target');

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
    records: { source: source.adapter.count(), target: manifest.counts.target.total },
    loadSourceMs: source.totalMs,
    loadSourceParseMs: source.parseMs,
    loadTargetMs: target.totalMs,
    loadTargetParseMs: target.parseMs,
    diffMs,
    syncMs,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    diff: { create: summary.create, update: summary.update, delete: summary.delete, noChange: summary.noChange },
    countsMatchManifest: mismatches.length === 0,
    mismatches,
    converged,
    node: process.version,
  }),
);
if (mismatches.length > 0 || !converged) process.exitCode = 1;
