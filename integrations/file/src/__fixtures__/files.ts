// Test helpers: temporary directories and the bundled sample inventories.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled YAML document. */
export const sampleYaml = fileURLToPath(new URL('../../data/inventory.yaml', import.meta.url));
/** The bundled CSV directory (an older state of the same network). */
export const sampleCsv = fileURLToPath(new URL('../../data/inventory-csv', import.meta.url));

const made: string[] = [];

/**
 * A new empty temporary directory, removed by {@link removeTempDirs}.
 *
 * @returns its path
 */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssot-file-'));
  made.push(dir);
  return dir;
}

/** Removes every directory made by {@link tempDir}. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Names of leftover temporary files in a directory.
 *
 * @param dir - the directory
 * @returns names ending in `.tmp`
 */
export async function tempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
}
