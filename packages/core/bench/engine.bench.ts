// `pnpm bench` for the engine: one child process per data set size, one JSON line per run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sizes = (process.env.SSOT_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const runner = join(dirname(fileURLToPath(import.meta.url)), 'engine-run.ts');
let failed = false;
for (const n of sizes) {
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', runner, String(n)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
