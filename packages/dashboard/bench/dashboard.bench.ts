// `pnpm bench` for the dashboard: opening a 100 000-element run, each sample in its own process; one JSON line per sample, then the medians.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRunsDirectory } from './dataset.js';

const samples = Number(process.env.SSOT_BENCH_SAMPLES ?? 5);
const runner = join(dirname(fileURLToPath(import.meta.url)), 'open-run.ts');
await ensureRunsDirectory();

const results: Record<string, unknown>[] = [];
let failed = false;
for (let i = 0; i < samples; i += 1) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', runner], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || line === '') {
    failed = true;
    continue;
  }
  console.log(line);
  results.push(JSON.parse(line) as Record<string, unknown>);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
if (results.length > 0) {
  const medians: Record<string, unknown> = { bench: 'dashboard-open-run-median', samples: results.length };
  for (const [key, value] of Object.entries(results[0] ?? {})) {
    if (typeof value === 'number') medians[key] = median(results.map((result) => result[key] as number));
  }
  medians.node = process.version;
  console.log(JSON.stringify(medians));
}
process.exitCode = failed ? 1 : 0;
