// Finds (or makes, with the shared generator) the benchmark data set, reads its files and checks them against its manifest.
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of manifest.json the benchmark reads. */
export interface Manifest {
  params?: { n?: number; seed?: number };
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

/** How a data file is turned into a string for `JSON.parse`. */
export type ReadMethod = 'auto' | 'utf8' | 'buffer' | 'latin1';

export const READ_METHODS: readonly ReadMethod[] = ['auto', 'utf8', 'buffer', 'latin1'];

/**
 * The default read method, `auto`: latin1 for an all-ASCII file (every gen_dataset.py file), UTF-8
 * otherwise. Measured with `bench/read-json.ts` on Node 20.20.2 (read + decode of both files, median):
 * n=1M (301 MB) latin1 519 ms, Buffer decoded by JSON.parse 616 ms, readFileSync utf8 1,077 ms; n=100k
 * latin1 12.5 ms, Buffer 38 ms, utf8 54 ms. UTF-8 is the slowest on this Node, so it is used only for
 * files that need it; the ASCII check rides on the digest check, outside the timed load.
 */
export const DEFAULT_READ: ReadMethod = 'auto';

const DEFAULT_ROOT = '/tmp/ssot-bench/data';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function generatorPath(): string {
  const candidates = [process.env.SSOT_SHARED_DIR && join(process.env.SSOT_SHARED_DIR, 'bench/gen_dataset.py'), join(repoRoot, '../shared/bench/gen_dataset.py')];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  throw new Error('gen_dataset.py not found: set SSOT_SHARED_DIR to the folder that holds bench/gen_dataset.py');
}

/** Whether a directory holds a whole data set (manifest and both sides). */
export function isDatasetDir(dir: string): boolean {
  return ['manifest.json', 'source.json', 'target.json'].every((file) => existsSync(join(dir, file)));
}

/**
 * `SSOT_BENCH_DATA` when it points at one data set (a directory with manifest.json, source.json and
 * target.json, made by gen_dataset.py with any size, seed and change profile); otherwise `undefined`
 * and `SSOT_BENCH_DATA`, if set, is the folder that holds `n<N>-s<SEED>/` data sets.
 */
export function givenDataset(): string | undefined {
  const dir = process.env.SSOT_BENCH_DATA;
  if (dir === undefined || dir === '') return undefined;
  if (isDatasetDir(dir)) return resolve(dir);
  if (existsSync(join(dir, 'source.json')) || existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`SSOT_BENCH_DATA=${dir} holds part of a data set: it needs manifest.json, source.json and target.json (make them with gen_dataset.py --out ${dir})`);
  }
  return undefined;
}

/** The generator seed: `SSOT_BENCH_SEED`, default 1. */
export function benchSeed(): number {
  const raw = process.env.SSOT_BENCH_SEED ?? '1';
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`SSOT_BENCH_SEED must be an integer, not "${raw}"`);
  return seed;
}

/** The read method: `SSOT_BENCH_READ` (utf8, buffer or latin1), default {@link DEFAULT_READ}. */
export function readMethod(): ReadMethod {
  const raw = process.env.SSOT_BENCH_READ ?? DEFAULT_READ;
  if (!(READ_METHODS as readonly string[]).includes(raw)) throw new Error(`SSOT_BENCH_READ must be one of ${READ_METHODS.join(', ')}, not "${raw}"`);
  return raw as ReadMethod;
}

/**
 * The data set folder for N interfaces and a seed, `<root>/n<N>-s<SEED>`, generated first if it is not
 * there. The root is `SSOT_BENCH_DATA` (when it is not itself a data set) or /tmp/ssot-bench/data.
 */
export function ensureDataset(n: number, seed = 1): string {
  const dir = join(process.env.SSOT_BENCH_DATA || DEFAULT_ROOT, `n${n}-s${seed}`);
  if (!isDatasetDir(dir)) {
    execFileSync('python3', [generatorPath(), '--n', String(n), '--seed', String(seed), '--out', dir], { stdio: 'ignore' });
  }
  return dir;
}

/** Reads the manifest. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * Checks a data file's sha256 against the manifest, so the run reads the same input as every other
 * implementation, and says whether the file is all ASCII (then latin1 decodes it exactly, and fastest).
 */
export function checkDigest(dir: string, file: 'source.json' | 'target.json', manifest: Manifest): { ascii: boolean } {
  const bytes = readFileSync(join(dir, file));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== manifest.sha256[file]) throw new Error(`${file} in ${dir} does not match its manifest (sha256 ${digest})`);
  return { ascii: isAscii(bytes) };
}

/**
 * Reads a data file the way {@link readJson} hands it to `JSON.parse`: a string, or for `buffer` the Buffer itself.
 *
 * @param path - the file
 * @param method - see {@link readJson}
 * @returns the string or Buffer
 */
export function readRaw(path: string, method: ReadMethod): string | Buffer {
  if (method === 'buffer') return readFileSync(path);
  if (method !== 'auto') return readFileSync(path, method);
  const bytes = readFileSync(path);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Reads and parses a JSON data file with the given method, timing the read and the parse.
 *
 * @param path - the file
 * @param method - utf8: `readFileSync(path, 'utf8')`; buffer: `JSON.parse` of the Buffer (decoded as
 *   UTF-8 by its `toString`); latin1: one byte per character (right only for ASCII files); auto: the
 *   Buffer decoded as latin1 when it is all ASCII (checked, SIMD-fast), else as UTF-8
 * @returns the value and the milliseconds of each part
 */
export function readJson(path: string, method: ReadMethod): { value: unknown; readMs: number; parseMs: number } {
  const start = performance.now();
  const raw = readRaw(path, method);
  const read = performance.now();
  const value: unknown = JSON.parse(raw as string);
  return { value, readMs: read - start, parseMs: performance.now() - read };
}
