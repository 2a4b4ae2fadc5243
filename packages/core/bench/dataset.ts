// Finds (or makes, with the shared generator) the standard benchmark data set and checks it against its manifest.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of manifest.json the benchmark reads. */
export interface Manifest {
  counts: { source: Record<string, number>; target: Record<string, number> };
  expected_diff: {
    create: number;
    update: number;
    delete: number;
    'no-change': number;
    by_model: Record<string, { create: number; update: number; delete: number; 'no-change': number }>;
  };
  sha256: { 'source.json': string; 'target.json': string };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function generatorPath(): string {
  const candidates = [process.env.SSOT_SHARED_DIR && join(process.env.SSOT_SHARED_DIR, 'bench/gen_dataset.py'), join(repoRoot, '../shared/bench/gen_dataset.py')];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  throw new Error('gen_dataset.py not found: set SSOT_SHARED_DIR to the folder that holds bench/gen_dataset.py');
}

/** The data set folder for N interfaces and a seed, generated first if it is not there. */
export function ensureDataset(n: number, seed = 1): string {
  const dir = join(process.env.SSOT_BENCH_DATA ?? '/tmp/ssot-bench/data', `n${n}-s${seed}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    execFileSync('python3', [generatorPath(), '--n', String(n), '--seed', String(seed), '--out', dir], { stdio: 'ignore' });
  }
  return dir;
}

/** Reads the manifest. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Checks a data file's sha256 against the manifest, so the run reads the same input as every other implementation. */
export function checkDigest(dir: string, file: 'source.json' | 'target.json', manifest: Manifest): void {
  const digest = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
  if (digest !== manifest.sha256[file]) throw new Error(`${file} in ${dir} does not match its manifest (sha256 ${digest})`);
}
