// `pnpm bench` for the engine: one child process per data set, one JSON line per run.
//
// SSOT_BENCH_SIZES=10000,100000   sizes (N interfaces) to run, default 10k, 100k and 1M
// SSOT_BENCH_SEED=7               generator seed (data sets n<N>-s<SEED>, made on first use), default 1
// SSOT_BENCH_DATA=DIR             a data set directory (manifest.json, source.json, target.json): run it alone;
//                                 or the folder that holds the n<N>-s<SEED> data sets (default /tmp/ssot-bench/data)
// SSOT_BENCH_READ=auto            how data files are read: auto (latin1 for ASCII files, else utf8; default), utf8, buffer, latin1
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { givenDataset } from './dataset.js';

const runner = join(dirname(fileURLToPath(import.meta.url)), 'engine-run.ts');
const dataset = givenDataset();
if (dataset !== undefined && process.env.SSOT_BENCH_SIZES !== undefined) {
  console.error(`SSOT_BENCH_DATA is one data set (${dataset}): SSOT_BENCH_SIZES is not used`);
}
const runs = dataset !== undefined ? [dataset] : (process.env.SSOT_BENCH_SIZES ?? '10000,100000,1000000').split(',').map((size) => size.trim());
let failed = false;
for (const run of runs) {
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', runner, run], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
