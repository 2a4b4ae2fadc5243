// `pnpm bench` for the main job end to end: file-to-inventory at 100k interfaces into the embedded MongoDB, wall time.
//
// The data set is gen_dataset.py's (`../shared/bench/gen_dataset.py`, found as the core benchmark finds
// it; SSOT_BENCH_DATA / SSOT_BENCH_SEED work the same way). Each round starts from a fresh embedded data
// directory and runs `ssot run file-to-inventory` three times, each in its own process, timed from spawn
// to exit (the embedded store's start-up, load, diff, sync and shut-down included):
//   first-sync   the source into an empty inventory
//   rerun        the same source again: nothing to change
//   changed-1pct 1% of the interfaces with another MTU (updates; the delete guard is not involved)
// One JSON line per case: median wall ms over the rounds, each round's ms, the run's own step durations,
// the store's open and close times (the record's `mongodb` metrics) and the process peak RSS.
// Options: --n N interfaces (default 100000), --runs R rounds (default 3). Needs `pnpm build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSeed, ensureDataset, givenDataset } from '../../../packages/core/bench/dataset.js';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const n = option('n', 100_000);
const runs = option('runs', 3);
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../../packages/cli/dist/bin.js');
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

interface Timed {
  ms: number;
  steps: Record<string, number>;
  openMs?: number;
  closeMs?: number;
  rssMB: number;
  summary: Record<string, number>;
}

/** One `ssot run file-to-inventory` in its own process, timed from spawn to exit. */
function run(inventory: string, dataDir: string, runsDir: string): Timed {
  const start = performance.now();
  const child = spawnSync(process.execPath, [cli, '--runs-dir', runsDir, '--log-level', 'error', 'run', 'file-to-inventory', '--json', '--no-memory', '--max-deletes', '100%', '--param', `inventory=${inventory}`, '--param', `embeddedDataDir=${dataDir}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, MONGODB_URI: '' },
  });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`ssot run failed (exit ${child.status}): ${child.stderr}`);
  const record = JSON.parse(child.stdout) as { steps: { name: string; durationMs: number }[]; metrics?: { mongodb?: { openMs?: number; closeMs?: number } }; processMaxRss?: number; summary?: Record<string, number> };
  return {
    ms: Math.round(ms),
    steps: Object.fromEntries(record.steps.map((step) => [step.name, Math.round(step.durationMs)])),
    ...(record.metrics?.mongodb?.openMs === undefined ? {} : { openMs: record.metrics.mongodb.openMs }),
    ...(record.metrics?.mongodb?.closeMs === undefined ? {} : { closeMs: record.metrics.mongodb.closeMs }),
    rssMB: Math.round((record.processMaxRss ?? 0) / 1048576),
    summary: record.summary ?? {},
  };
}

const dataset = givenDataset() ?? ensureDataset(n, benchSeed());
const work = mkdtempSync(join(tmpdir(), 'ssot-sync-bench-'));
try {
  // The generator's source side, and a copy with 1% of the interfaces changed.
  const source = join(dataset, 'source.json');
  const document = JSON.parse(readFileSync(source, 'utf8')) as { interface: { mtu: number | null }[] };
  const every = 100;
  let changed = 0;
  document.interface.forEach((iface, i) => {
    if (i % every === 0) {
      iface.mtu = iface.mtu === 9000 ? 1500 : 9000;
      changed += 1;
    }
  });
  const changedFile = join(work, 'changed.json');
  writeFileSync(changedFile, JSON.stringify(document));

  const cases: Record<string, Timed[]> = { 'first-sync': [], rerun: [], 'changed-1pct': [] };
  for (let round = 0; round < runs; round++) {
    const dataDir = join(work, `mongodb-${round}`);
    const runsDir = join(work, `runs-${round}`);
    cases['first-sync']?.push(run(source, dataDir, runsDir));
    cases.rerun?.push(run(source, dataDir, runsDir));
    cases['changed-1pct']?.push(run(changedFile, dataDir, runsDir));
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const [name, timed] of Object.entries(cases)) {
    const last = timed.at(-1) as Timed;
    const stepNames = Object.keys(last.steps);
    console.log(
      JSON.stringify({
        bench: 'file-to-inventory',
        name,
        n,
        records: Object.values(last.summary).length === 0 ? undefined : (last.summary.create ?? 0) + (last.summary.update ?? 0) + (last.summary.noChange ?? 0),
        changed: name === 'changed-1pct' ? changed : undefined,
        median_ms: median(timed.map((t) => t.ms)),
        runs: timed.map((t) => t.ms),
        steps_median_ms: Object.fromEntries(stepNames.map((step) => [step, median(timed.map((t) => t.steps[step] ?? 0))])),
        open_ms: median(timed.map((t) => t.openMs ?? 0)),
        close_ms: median(timed.map((t) => t.closeMs ?? 0)),
        rss_mb: median(timed.map((t) => t.rssMB)),
        summary: last.summary,
        node: process.version,
      }),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
