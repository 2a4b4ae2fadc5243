// End to end in the workspace: generate an integration from each template, install offline, build, typecheck, lint, test, document, list the jobs and dry-run one; then remove them and restore the lockfile.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeResult, exec } from './__fixtures__/exec.js';
import { REPO_ROOT } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { conventionViolations } from './convention.js';
import type { GenerationPlan } from './plan.js';
import { planIntegration } from './plan-integration.js';
import { planJob } from './plan-job.js';

// Slow (an install, builds, tests): run with `pnpm test:e2e` (SSOT_E2E=1).
const enabled = process.env.SSOT_E2E === '1';
const stamp = Date.now().toString(36);
// The file template, with models named by reserved words (`interface`, `default`) beside ordinary ones.
const name = `e2e-gen-${stamp}`;
const packageName = `@ssot/integration-${name}`;
const dir = join(REPO_ROOT, 'integrations', name);
// The inventory template: an external system into the MongoDB inventory.
const inventoryName = `e2e-inv-${stamp}`;
const inventoryDir = join(REPO_ROOT, 'integrations', inventoryName);
const lockfile = join(REPO_ROOT, 'pnpm-lock.yaml');
const cli = join(REPO_ROOT, 'packages/cli/dist/bin.js');
let lockBackup: string | undefined;
let scratch: string | undefined;

afterAll(async () => {
  if (!enabled) return;
  await rm(dir, { recursive: true, force: true });
  await rm(inventoryDir, { recursive: true, force: true });
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  if (lockBackup !== undefined) {
    await writeFile(lockfile, lockBackup);
    // Prune the removed packages' links so node_modules matches the lockfile again.
    await exec('pnpm', ['install', '--offline', '--frozen-lockfile'], REPO_ROOT);
  }
}, 600_000);

/** Writes a plan with a `*` .gitignore renamed into place first: a commit made by someone else meanwhile does not pick the package up. */
async function applyIgnored(plan: GenerationPlan): Promise<void> {
  plan.files.unshift({ path: join(plan.dir, '.gitignore'), content: '*\n', action: 'create' });
  await applyPlan(plan);
}

/** Builds, typechecks, lints and tests a package; its tests must pass, and there must be some. */
async function buildAndTest(packageDir: string): Promise<void> {
  for (const script of ['build', 'typecheck', 'lint', 'test']) {
    const result = await exec('pnpm', ['run', script], packageDir);
    expect(result.code, describeResult(`pnpm run ${script} in ${packageDir}`, result)).toBe(0);
  }
  const report = JSON.parse(await readFile(join(packageDir, 'reports', 'vitest.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number };
  expect(report.numFailedTests).toBe(0);
  expect(report.numPassedTests).toBeGreaterThan(0);
}

describe.skipIf(!enabled)('generated integrations in the workspace', () => {
  it('are generated from each template and installed offline', async () => {
    lockBackup = await readFile(lockfile, 'utf8');
    await writeFile(join(tmpdir(), 'ssot-e2e-pnpm-lock.backup.yaml'), lockBackup);
    await applyIgnored(await planIntegration({ root: REPO_ROOT, name, models: ['site', 'device', 'ip-address', 'interface', 'default'] }));
    await applyPlan(await planJob({ root: REPO_ROOT, integration: name, jobName: `${name}-extra` }));
    await applyIgnored(await planIntegration({ root: REPO_ROOT, name: inventoryName, template: 'inventory', models: ['device', 'interface'] }));
    expect(await conventionViolations(dir)).toEqual([]);
    expect(await conventionViolations(inventoryDir)).toEqual([]);
    expect(await readFile(join(dir, 'src', 'models.ts'), 'utf8')).toContain("export const interfaceModel = defineModel<Interface>()({ name: 'interface'");

    // Offline from the store; only when pnpm's metadata cache lacks an entry, from the registry for the missing metadata.
    const offline = await exec('pnpm', ['install', '--offline', '--no-frozen-lockfile'], REPO_ROOT);
    if (offline.code !== 0) {
      expect(offline.stdout + offline.stderr, describeResult('pnpm install --offline', offline)).toMatch(/ERR_PNPM_NO_OFFLINE_META/);
      const online = await exec('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], REPO_ROOT);
      expect(online.code, describeResult('pnpm install --prefer-offline', online)).toBe(0);
    }
  }, 600_000);

  it('the file template (models `interface` and `default` included) builds, typechecks, lints and passes its tests, on the first try', async () => {
    await buildAndTest(dir);
    expect(packageName).toBe(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).name);
  }, 900_000);

  it('the inventory template builds, typechecks, lints and passes its tests against the MongoDB test server, on the first try', async () => {
    await buildAndTest(inventoryDir);
  }, 900_000);

  it('both document without warnings of their own', async () => {
    const typedoc = await exec('pnpm', ['exec', 'typedoc', '--entryPoints', 'packages/core', '--entryPoints', 'packages/http', '--entryPoints', `integrations/${name}`, '--entryPoints', `integrations/${inventoryName}`, '--emit', 'none'], REPO_ROOT);
    // Warnings about the root README's folder links, and about symbols of the linked packages, are not the generated packages'.
    const ours = (line: string): boolean => !/relative path|Found \d+ errors/.test(line) && !/defined in @ssot\/(?!integration-e2e-)/.test(line);
    const warnings = `${typedoc.stdout}\n${typedoc.stderr}`.split('\n').filter((line) => /\[(warning|error)\]/.test(line) && ours(line));
    expect(warnings, describeResult('typedoc', typedoc)).toEqual([]);
  }, 300_000);

  it.skipIf(!existsSync(cli))('ssot lists their jobs and dry-runs the inventory one against its own test server and the embedded MongoDB test server', async () => {
    const jobs = await exec('node', [cli, 'jobs', '--json'], REPO_ROOT);
    expect(jobs.code, describeResult('ssot jobs', jobs)).toBe(0);
    for (const job of [`${name}-to-file`, `file-to-${name}`, `${name}-extra`, `${inventoryName}-to-inventory`]) expect(jobs.stdout).toContain(job);

    // The generated package's own test server stands for the external system.
    const fixture = (await import(pathToFileURL(join(inventoryDir, 'src', '__fixtures__', 'test-server.ts')).href)) as { startTestServer(): Promise<{ url: string; token: string; close(): Promise<void> }> };
    const server = await fixture.startTestServer();
    scratch = await mkdtemp(join(tmpdir(), 'ssot-e2e-diff-'));
    try {
      const args = ['--runs-dir', join(scratch, 'runs'), 'diff', `${inventoryName}-to-inventory`, '--param', `baseUrl=${server.url}`, '--param', 'token=env:SSOT_E2E_API_TOKEN', '--param', `embeddedDataDir=${join(scratch, 'mongodb')}`];
      // Without MONGODB_URI the job starts the embedded MongoDB test server.
      const diff = await exec('node', [cli, ...args], REPO_ROOT, 300_000, { SSOT_E2E_API_TOKEN: server.token, MONGODB_URI: undefined });
      expect(diff.code, describeResult('ssot diff', diff)).toBe(0);
      expect(diff.stdout).toContain('6 to create, 0 to update, 0 to delete');
      expect(diff.stdout).toMatch(/^\+ device ams1-core1 /m);
      expect(diff.stdout).toMatch(/sync record [0-9a-f-]{36}/);
      expect(diff.stdout + diff.stderr).toContain('MongoDB test server (not MongoDB)');
      expect(diff.stdout + diff.stderr).not.toContain(server.token);
    } finally {
      await server.close();
    }
  }, 300_000);
});
