// Where integrations live: the pnpm workspace root, the packages in it, and an integration's folder.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GeneratorError } from './errors.js';

/**
 * The nearest directory at or above `start` with a `pnpm-workspace.yaml`.
 *
 * @param start - where to start
 * @returns the workspace root, or `undefined` outside a workspace
 */
export function findWorkspaceRoot(start: string): string | undefined {
  for (let current = resolve(start); ; current = dirname(current)) {
    if (existsSync(join(current, 'pnpm-workspace.yaml'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Names of the packages in `<root>/packages/*` and `<root>/integrations/*`.
 *
 * @param root - the workspace root
 * @returns package name → directory
 */
export async function workspacePackageNames(root: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const group of ['packages', 'integrations']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: string };
      if (pkg.name !== undefined) names.set(pkg.name, join(dir, entry.name));
    }
  }
  return names;
}

/**
 * Finds an integration's folder: a path, `<root>/integrations/<name>`, or `<root>/<name>`.
 *
 * @param root - the project or workspace root
 * @param integration - a name or a path
 * @returns the folder (it has a package.json)
 * @throws GeneratorError `UNKNOWN_INTEGRATION` when there is none
 */
export function findIntegrationDir(root: string, integration: string): string {
  const candidates = isAbsolute(integration) || integration.includes('/') ? [resolve(root, integration)] : [join(root, 'integrations', integration), join(root, integration)];
  const found = candidates.find((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'jobs.ts')));
  if (found === undefined) {
    throw new GeneratorError('UNKNOWN_INTEGRATION', `No integration "${integration}" (looked for src/jobs.ts in ${candidates.join(' and ')}).`, 'Check the name (see the folders in integrations/), or create it first with `ssot new integration <name>`.');
  }
  return found;
}
