// Paths the tests use: the repository root and a scratch folder helper.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (`/work/main`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/**
 * Makes an empty scratch folder in the OS temp dir.
 *
 * @param prefix - folder name prefix
 * @returns its path
 */
export async function scratchDir(prefix = 'ssot-generator-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
