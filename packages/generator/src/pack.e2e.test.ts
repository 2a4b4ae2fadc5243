// End to end outside the repository: pack the packages with pnpm, install @ssot/cli's tarballs with npm in a scratch project (without the generator), list and run a job, then scaffold with the packed @ssot/create-integration and build the result.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exec, type ExecResult } from './__fixtures__/exec.js';
import { REPO_ROOT, scratchDir } from './__fixtures__/paths.js';

// Slow (builds, packs, npm installs from the registry): run with `pnpm test:e2e` (SSOT_E2E=1).
const enabled = process.env.SSOT_E2E === '1';
// @ssot/cli and everything it depends on, plus one integration; then the scaffolding packages, which the project does not install.
const PACKAGES = ['packages/core', 'packages/http', 'packages/mongo-test-server', 'packages/mongoose', 'packages/dashboard', 'packages/cli', 'integrations/example'];
const SCAFFOLDING = ['packages/generator', 'packages/create-integration'];
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
}, 120_000);

const ok = async (label: string, run: Promise<ExecResult>): Promise<ExecResult> => {
  const result = await run;
  expect(result.code, describeResult(label, result)).toBe(0);
  return result;
};

describe.skipIf(!enabled)('published packages, outside the repository', () => {
  it('npm installs @ssot/cli without ts-morph or TypeScript, lists and runs a job, and scaffolds with the packed @ssot/create-integration an integration that builds', async () => {
    const tarballs = await scratchDir('ssot-tarballs-');
    const project = await scratchDir('ssot-npm-project-');
    scratch.push(tarballs, project);

    for (const dir of [...PACKAGES, ...SCAFFOLDING]) await ok(`build ${dir}`, exec('pnpm', ['run', 'build'], join(REPO_ROOT, dir)));
    for (const dir of [...PACKAGES, ...SCAFFOLDING]) await ok(`pack ${dir}`, exec('pnpm', ['pack', '--pack-destination', tarballs], join(REPO_ROOT, dir)));
    const files = (await readdir(tarballs)).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballs, file));
    expect(files).toHaveLength(PACKAGES.length + SCAFFOLDING.length);
    const tarball = (name: string): string => {
      const found = files.find((file) => new RegExp(`ssot-${name}-\\d[^/]*\\.tgz$`).test(file));
      if (found === undefined) throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
      return found;
    };

    await ok('npm init', exec('npm', ['init', '-y'], project));
    const installed = files.filter((file) => file !== tarball('generator') && file !== tarball('create-integration'));
    await ok('npm install tarballs', exec('npm', ['install', '--no-audit', '--no-fund', ...installed], project));
    // The generator is an optional peer of the CLI: a project that never scaffolds gets neither ts-morph nor a TypeScript compiler.
    expect(existsSync(join(project, 'node_modules', '@ssot', 'cli', 'package.json'))).toBe(true);
    for (const heavy of ['@ssot/generator', 'ts-morph', '@ts-morph/common', 'typescript']) expect(existsSync(join(project, 'node_modules', heavy)), `node_modules/${heavy}`).toBe(false);

    const jobs = await ok('ssot jobs', exec('npx', ['--no-install', 'ssot', 'jobs'], project));
    expect(jobs.stdout).toContain('example-inventory-to-controller');
    await ok('ssot run --dry-run', exec('npx', ['--no-install', 'ssot', 'run', 'example-inventory-to-controller', '--dry-run', '--param', 'inventoryFile=sample'], project));

    const withoutGenerator = await exec('npx', ['--no-install', 'ssot', 'new', 'integration', 'acme'], project);
    expect(withoutGenerator.code, describeResult('ssot new without the generator', withoutGenerator)).toBe(2);
    expect(withoutGenerator.stderr).toContain('run `npm create @ssot/integration <name>`');

    // What `npm create @ssot/integration acme` runs, from the tarballs (the @ssot packages are not on the registry yet).
    await ok('create-integration acme', exec('npm', ['exec', '--yes', `--package=${tarball('generator')}`, `--package=${tarball('create-integration')}`, '--', 'create-integration', 'acme', '--models', 'site,device'], project));
    for (const heavy of ['ts-morph', 'typescript']) expect(existsSync(join(project, 'node_modules', heavy)), `node_modules/${heavy}`).toBe(false);
    const acme = join(project, 'acme');
    const pkg = JSON.parse(await readFile(join(acme, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@ssot/core']).toMatch(/^\^\d/);
    // The @ssot packages are not on the registry yet: point the generated package at the tarballs.
    pkg.dependencies['@ssot/core'] = `file:${tarball('core')}`;
    pkg.dependencies['@ssot/http'] = `file:${tarball('http')}`;
    await writeFile(join(acme, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    await ok('npm install in acme', exec('npm', ['install', '--no-audit', '--no-fund'], acme));
    await ok('npm run build', exec('npm', ['run', 'build'], acme));
    await ok('npm run typecheck', exec('npm', ['run', 'typecheck'], acme));
    const test = await ok('npm test', exec('npm', ['test'], acme));
    expect(test.stdout).toMatch(/passed/);
    const listed = await ok('ssot jobs --jobs', exec('npx', ['--no-install', 'ssot', 'jobs', '--jobs', './acme/dist/jobs.js'], project));
    expect(listed.stdout).toContain('acme-to-file');
  }, 1_800_000);
});
