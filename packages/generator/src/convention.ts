// The house convention every integration package follows, checked against a folder: files, package.json, exports, README, typedoc.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { INTEGRATION_PACKAGE_PREFIX, toPascal } from './names.js';
import { exportedNames } from './source-edits.js';

/** Files every integration has. */
export const REQUIRED_FILES: readonly string[] = ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.test.json', 'typedoc.json', 'src/index.ts', 'src/jobs.ts', 'src/models.ts', 'src/options.ts', 'src/adapter.ts'];

/** README sections every integration has. */
export const REQUIRED_README_SECTIONS: readonly string[] = ['## Jobs', '## Parameters', '## Exports'];

/**
 * The `files` entries of every package's package.json: the build without its build info, and the
 * sources the source maps point at, without tests, fixtures and snapshots.
 */
export const REQUIRED_PACKAGE_FILES: readonly string[] = ['dist', '!dist/.tsbuildinfo', 'src', '!src/**/*.test.ts', '!src/**/__fixtures__', '!src/**/__snapshots__'];

/** The scripts every package has, with their exact commands. */
export const REQUIRED_SCRIPTS: Readonly<Record<string, string>> = {
  build: 'tsc -b',
  typecheck: 'tsc -p tsconfig.test.json',
  lint: 'eslint src',
  test: 'vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json',
};

interface PackageJson {
  name?: string;
  type?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  scripts?: Record<string, string>;
  ssot?: { jobs?: string };
}

async function readJson<T>(file: string, problems: string[], label: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    problems.push(`${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function checkPackageJson(pkg: PackageJson, name: string, problems: string[]): void {
  const expected = `${INTEGRATION_PACKAGE_PREFIX}${name}`;
  if (pkg.name !== expected) problems.push(`package.json: name is ${JSON.stringify(pkg.name)}, expected "${expected}"`);
  if (pkg.type !== 'module') problems.push('package.json: "type" must be "module"');
  if (pkg.ssot?.jobs !== './dist/jobs.js') problems.push('package.json: "ssot": { "jobs": "./dist/jobs.js" } is missing');
  const root = pkg.exports?.['.'] as Record<string, unknown> | undefined;
  if (root === undefined || typeof root !== 'object') problems.push('package.json: exports["."] is missing');
  else {
    if (Object.keys(root)[0] !== 'types') problems.push('package.json: exports["."] must list "types" first');
    if (root.types !== './dist/index.d.ts' || root.default !== './dist/index.js') problems.push('package.json: exports["."] must be { "types": "./dist/index.d.ts", "default": "./dist/index.js" }');
  }
  if (pkg.exports?.['./package.json'] !== './package.json') problems.push('package.json: exports["./package.json"] is missing');
  for (const entry of REQUIRED_PACKAGE_FILES) if (!(pkg.files ?? []).includes(entry)) problems.push(`package.json: "files" must include "${entry}"`);
  for (const [script, command] of Object.entries(REQUIRED_SCRIPTS)) {
    if (pkg.scripts?.[script] !== command) problems.push(`package.json: script "${script}" must be "${command}"`);
  }
}

/**
 * Checks an integration folder against the house convention: the required files; package.json
 * (name `@ssot/integration-<folder>`, `"ssot": { "jobs": "./dist/jobs.js" }`, types-first exports,
 * the `files` of {@link REQUIRED_PACKAGE_FILES}, the four scripts); tsconfig.json extending the base and referencing `@ssot/core`;
 * src/index.ts exporting `jobs` and `create<Name>Adapter`; the README sections `## Jobs`,
 * `## Parameters` and `## Exports`; typedoc.json with the entry point `src/index.ts`.
 *
 * @param integrationDir - the integration's folder (`integrations/<name>`)
 * @returns one line per violation; empty when the folder follows the convention
 */
export async function conventionViolations(integrationDir: string): Promise<string[]> {
  const problems: string[] = [];
  const name = basename(integrationDir);
  for (const file of REQUIRED_FILES) if (!existsSync(join(integrationDir, file))) problems.push(`${file} is missing`);

  if (existsSync(join(integrationDir, 'package.json'))) {
    const pkg = await readJson<PackageJson>(join(integrationDir, 'package.json'), problems, 'package.json');
    if (pkg !== undefined) checkPackageJson(pkg, name, problems);
  }
  if (existsSync(join(integrationDir, 'tsconfig.json'))) {
    const config = await readJson<{ extends?: string; references?: { path: string }[] }>(join(integrationDir, 'tsconfig.json'), problems, 'tsconfig.json');
    if (config !== undefined) {
      if (config.extends !== '../../tsconfig.base.json' && config.extends !== './tsconfig.base.json') problems.push('tsconfig.json: must extend ../../tsconfig.base.json');
      if (config.extends === '../../tsconfig.base.json' && !(config.references ?? []).some((reference) => reference.path === '../../packages/core')) problems.push('tsconfig.json: references must include ../../packages/core');
    }
  }
  if (existsSync(join(integrationDir, 'src/index.ts'))) {
    const exported = exportedNames(await readFile(join(integrationDir, 'src/index.ts'), 'utf8'));
    for (const required of ['jobs', `create${toPascal(name)}Adapter`]) if (!exported.includes(required)) problems.push(`src/index.ts: does not export ${required}`);
  }
  if (existsSync(join(integrationDir, 'README.md'))) {
    const lines = (await readFile(join(integrationDir, 'README.md'), 'utf8')).split('\n').map((line) => line.trim());
    for (const section of REQUIRED_README_SECTIONS) if (!lines.includes(section)) problems.push(`README.md: section "${section}" is missing`);
  }
  if (existsSync(join(integrationDir, 'typedoc.json'))) {
    const typedoc = await readJson<{ entryPoints?: string[] }>(join(integrationDir, 'typedoc.json'), problems, 'typedoc.json');
    if (typedoc !== undefined && !(typedoc.entryPoints ?? []).includes('src/index.ts')) problems.push('typedoc.json: entryPoints must include src/index.ts');
  }
  return problems;
}
