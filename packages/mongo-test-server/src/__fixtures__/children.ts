// Test fixture: runs a child-process script against this package, from dist when it is up to date (fast), else from source through tsx.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    // tsc -b rewrites its build info on every build that changed anything (unchanged outputs keep their times)
    const built = Math.max(statSync(join(pkg, 'dist', '.tsbuildinfo')).mtimeMs, statSync(join(pkg, 'dist', 'index.js')).mtimeMs);
    return built >= newestSource(join(pkg, 'src'));
  } catch {
    return false;
  }
}

/**
 * Returns the node arguments that run a fixture script (`src/__fixtures__/<name>.mjs`); the script
 * gets the URL of the package entry point to import as its first argument.
 * @param name - The script's file name.
 * @param args - More arguments for the script.
 */
export function childArgs(name: string, args: string[]): string[] {
  const script = join(pkg, 'src', '__fixtures__', name);
  if (distIsFresh()) return [script, pathToFileURL(join(pkg, 'dist', 'index.js')).href, ...args];
  return ['--import', 'tsx', script, pathToFileURL(join(pkg, 'src', 'index.ts')).href, ...args];
}
