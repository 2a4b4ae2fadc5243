// End to end outside the repository: pack the packages with pnpm, install the tarballs with npm in a scratch project, list and run a job, then generate and build an integration there.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exec, type ExecResult } from './__fixtures__/exec.js';
import { REPO_ROOT, scratchDir } from './__fixtures__/paths.js';

// Slow (builds, packs, npm installs from the registry): run with `pnpm test:e2e` (SSOT_E2E=1).
const enabled = process.env.SSOT_E2E === '1';
// @ssot/cli and everything it depends on, plus one integration.
const PACKAGES = ['packages/core', 'packages/http', 'packages/mongo-test-server', 'packages/mongoose', 'packages/dashboard', 'packages/generator', 'packages/cli', 'integrations/example'];
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
  it('npm installs the packed tarballs, lists and runs a job, and generates an integration that builds', async () => {
    const tarballs = await scratchDir('ssot-tarballs-');
    const project = await scratchDir('ssot-npm-project-');
    scratch.push(tarballs, project);

    for (const dir of PACKAGES) await ok(`build ${dir}`, exec('pnpm', ['run', 'build'], join(REPO_ROOT, dir)));
    for (const dir of PACKAGES) await ok(`pack ${dir}`, exec('pnpm', ['pack', '--pack-destination', tarballs], join(REPO_ROOT, dir)));
    const files = (await readdir(tarballs)).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballs, file));
    expect(files).toHaveLength(PACKAGES.length);
    const tarball = (name: string): string => {
      const found = files.find((file) => file.includes(`ssot-${name}-`));
      if (found === undefined) throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
      return found;
    };

    await ok('npm init', exec('npm', ['init', '-y'], project));
    await ok('npm install tarballs', exec('npm', ['install', '--no-audit', '--no-fund', ...files], project));

    const jobs = await ok('ssot jobs', exec('npx', ['--no-install', 'ssot', 'jobs'], project));
    expect(jobs.stdout).toContain('example-inventory-to-controller');
    await ok('ssot run --dry-run', exec('npx', ['--no-install', 'ssot', 'run', 'example-inventory-to-controller', '--dry-run'], project));

    await ok('ssot new integration acme', exec('npx', ['--no-install', 'ssot', 'new', 'integration', 'acme', '--models', 'site,device'], project));
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
