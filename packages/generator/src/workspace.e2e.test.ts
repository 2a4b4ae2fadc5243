// End to end in the workspace: generate an integration, install offline, build, typecheck, lint, test, document, list its jobs; then remove it and restore the lockfile.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exec } from './__fixtures__/exec.js';
import { REPO_ROOT } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { conventionViolations } from './convention.js';
import { planIntegration } from './plan-integration.js';
import { planJob } from './plan-job.js';

// Slow (an install, builds, tests): run with `pnpm test:e2e` (SSOT_E2E=1).
const enabled = process.env.SSOT_E2E === '1';
const name = `e2e-gen-${Date.now().toString(36)}`;
const packageName = `@ssot/integration-${name}`;
const dir = join(REPO_ROOT, 'integrations', name);
const lockfile = join(REPO_ROOT, 'pnpm-lock.yaml');
let lockBackup: string | undefined;

afterAll(async () => {
  if (!enabled) return;
  await rm(dir, { recursive: true, force: true });
  if (lockBackup !== undefined) {
    await writeFile(lockfile, lockBackup);
    // Prune the removed package's links so node_modules matches the lockfile again.
    await exec('pnpm', ['install', '--offline', '--frozen-lockfile'], REPO_ROOT);
  }
}, 600_000);

describe.skipIf(!enabled)('a generated integration in the workspace', () => {
  it('builds, typechecks, lints, passes its tests and its docs build, on the first try', async () => {
    lockBackup = await readFile(lockfile, 'utf8');
    await writeFile(join(tmpdir(), 'ssot-e2e-pnpm-lock.backup.yaml'), lockBackup);
    const plan = await planIntegration({ root: REPO_ROOT, name, models: ['site', 'device', 'ip-address'] });
    // A `*` .gitignore, renamed into place first: a commit made by someone else meanwhile does not pick the package up.
    plan.files.unshift({ path: join(dir, '.gitignore'), content: '*\n', action: 'create' });
    await applyPlan(plan);
    await applyPlan(await planJob({ root: REPO_ROOT, integration: name, jobName: `${name}-extra` }));
    expect(await conventionViolations(dir)).toEqual([]);

    // Offline from the store; only when pnpm's metadata cache lacks an entry, from the registry for the missing metadata.
    const offline = await exec('pnpm', ['install', '--offline', '--no-frozen-lockfile'], REPO_ROOT);
    if (offline.code !== 0) {
      expect(offline.stdout + offline.stderr, describeResult('pnpm install --offline', offline)).toMatch(/ERR_PNPM_NO_OFFLINE_META/);
      const online = await exec('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], REPO_ROOT);
      expect(online.code, describeResult('pnpm install --prefer-offline', online)).toBe(0);
    }
    const steps: [string, string[], string][] = [
      ['pnpm', ['run', 'build'], dir],
      ['pnpm', ['run', 'typecheck'], dir],
      ['pnpm', ['run', 'lint'], dir],
      ['pnpm', ['run', 'test'], dir],
    ];
    for (const [command, args, cwd] of steps) {
      const result = await exec(command, args, cwd);
      expect(result.code, describeResult(`${command} ${args.join(' ')}`, result)).toBe(0);
    }
    // The docs, with the packages it links to; warnings about the root README's folder links are not the package's.
    const typedoc = await exec('pnpm', ['exec', 'typedoc', '--entryPoints', 'packages/core', '--entryPoints', 'packages/http', '--entryPoints', `integrations/${name}`, '--emit', 'none'], REPO_ROOT);
    const warnings = `${typedoc.stdout}\n${typedoc.stderr}`.split('\n').filter((line) => /\[(warning|error)\]/.test(line) && !/relative path|Found \d+ errors/.test(line));
    expect(warnings, describeResult('typedoc', typedoc)).toEqual([]);
    const report = JSON.parse(await readFile(join(dir, 'reports', 'vitest.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number };
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(0);

    if (existsSync(join(REPO_ROOT, 'packages/cli/dist/bin.js'))) {
      const jobs = await exec('node', ['packages/cli/dist/bin.js', 'jobs', '--json'], REPO_ROOT);
      expect(jobs.code, describeResult('ssot jobs', jobs)).toBe(0);
      for (const job of [`${name}-to-file`, `file-to-${name}`, `${name}-extra`]) expect(jobs.stdout).toContain(job);
    }
    expect(packageName).toBe(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).name);
  }, 900_000);
});
