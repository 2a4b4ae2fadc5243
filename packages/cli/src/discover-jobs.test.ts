import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { discoverJobs, findJob, formatSkippedProvider, type SkippedJobProvider } from './discover-jobs.js';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
let project: string;

/** Installs a package into the scratch project's node_modules and lists it as a dependency. */
async function install(name: string, packageJson: object, files: Record<string, string> = {}): Promise<void> {
  const dir = join(project, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', ...packageJson }));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

async function writeProject(dependencies: string[]): Promise<void> {
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: Object.fromEntries(dependencies.map((name) => [name, '1.0.0'])) }));
}

async function discover(): Promise<{ names: string[]; skipped: SkippedJobProvider[] }> {
  const skipped: SkippedJobProvider[] = [];
  const jobs = await discoverJobs({ cwd: project, onSkip: (entry) => skipped.push(entry) });
  return { names: jobs.map((entry) => entry.job.name), skipped };
}

beforeEach(async () => {
  // Inside the CLI package, so the fixture's jobs resolve @ssot/core and zod like an installed package would.
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'discover-'));
  await cp(join(cliDir, 'src', '__fixtures__', 'acme-jobs'), join(project, 'node_modules', 'acme-jobs'), { recursive: true });
});

afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('job discovery with a broken or unbuilt package', () => {
  it('skips a package whose jobs module is not built and still finds the others', async () => {
    await install('unbuilt-jobs', { ssot: { jobs: './dist/jobs.js' } });
    await writeProject(['acme-jobs', 'unbuilt-jobs']);
    const { names, skipped } = await discover();
    expect(names).toEqual(['acme-sync']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ provider: 'unbuilt-jobs', fix: 'Reinstall it (npm install unbuilt-jobs).' });
    expect(skipped[0]?.reason).toContain(join('unbuilt-jobs', 'dist', 'jobs.js'));
  });

  it('skips a module that throws on import, one without a jobs export, one whose entries are not jobs, and an unreadable package.json', async () => {
    await install('throws-jobs', { ssot: { jobs: './jobs.js' } }, { 'jobs.js': "throw new Error('boom at import\\nsecond line');\n" });
    await install('no-export-jobs', { ssot: { jobs: './jobs.js' } }, { 'jobs.js': 'export const other = 1;\n' });
    await install('bad-entry-jobs', { ssot: { jobs: './jobs.js' } }, { 'jobs.js': 'export const jobs = [{ name: 1 }];\n' });
    await mkdir(join(project, 'node_modules', 'bad-json'), { recursive: true });
    await writeFile(join(project, 'node_modules', 'bad-json', 'package.json'), '{ not json');
    await writeProject(['acme-jobs', 'throws-jobs', 'no-export-jobs', 'bad-entry-jobs', 'bad-json']);
    const { names, skipped } = await discover();
    expect(names).toEqual(['acme-sync']);
    expect(skipped.map((entry) => entry.provider).sort()).toEqual(['bad-entry-jobs', 'bad-json', 'no-export-jobs', 'throws-jobs']);
    const throws = skipped.find((entry) => entry.provider === 'throws-jobs');
    // One line: only the first line of the module's error.
    expect(throws?.reason).toMatch(/failed to load: boom at import$/);
    expect(formatSkippedProvider(throws!)).not.toContain('\n');
  });

  it('uses neither package when two provide the same job name, and says so', async () => {
    await install('acme-copy', { ssot: { jobs: './jobs.js' } }, { 'jobs.js': "export { jobs } from '../acme-jobs/jobs.js';\n" });
    await install('acme-rival', { ssot: { jobs: './jobs.js' } }, { 'jobs.js': "import { jobs as original } from '../acme-jobs/jobs.js';\nexport const jobs = original.map((job) => ({ ...job }));\n" });
    await writeProject(['acme-jobs', 'acme-rival']);
    const { names, skipped } = await discover();
    expect(names).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toBe('job "acme-sync" is provided by 2 packages (acme-jobs and acme-rival), so neither is used.');
    // The same job object re-exported by a second package is not a conflict.
    await writeProject(['acme-jobs', 'acme-copy']);
    expect((await discover()).names).toEqual(['acme-sync']);
  });

  it('tells a workspace package to build and a registry package to reinstall', async () => {
    await mkdir(join(project, 'packages', 'local-jobs'), { recursive: true });
    await writeFile(join(project, 'packages', 'local-jobs', 'package.json'), JSON.stringify({ name: '@acme/local-jobs', type: 'module', ssot: { jobs: './dist/jobs.js' } }));
    await writeFile(join(project, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    await writeProject(['acme-jobs']);
    const { names, skipped } = await discover();
    expect(names).toEqual(['acme-sync']);
    expect(skipped).toEqual([expect.objectContaining({ provider: '@acme/local-jobs', fix: 'Build it: pnpm --filter @acme/local-jobs build (or pnpm build at the workspace root).' })]);
  });

  it('still refuses a module named with --jobs that cannot be loaded (usage error)', async () => {
    await writeProject(['acme-jobs']);
    const error = await discoverJobs({ cwd: project, modules: ['missing.js'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 2, message: `--jobs missing.js: its jobs module ${join(project, 'missing.js')} does not exist.` });
  });

  it('findJob names the known jobs and points at skipped packages', async () => {
    await writeProject(['acme-jobs']);
    const jobs = await discoverJobs({ cwd: project });
    expect(() => findJob(jobs, 'nope')).toThrow(expect.objectContaining({ exitCode: 2, hint: 'Known jobs: acme-sync. Packages skipped above (if any) may provide it once fixed.' }));
  });

  it('ssot jobs and ssot run work with an unbuilt package installed: one warning line each, exit 0', async () => {
    await install('unbuilt-jobs', { ssot: { jobs: './dist/jobs.js' } });
    await writeProject(['acme-jobs', 'unbuilt-jobs']);
    const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, SSOT_RUNS_DIR: join(project, 'runs'), NO_COLOR: '1' } }, (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
        });
      });
    const jobs = await run('jobs');
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toContain('acme-sync');
    const warnings = jobs.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([`warning: unbuilt-jobs skipped: its jobs module ${join(project, 'node_modules', 'unbuilt-jobs', 'dist', 'jobs.js')} does not exist. Fix: Reinstall it (npm install unbuilt-jobs).`]);
    const dryRun = await run('run', 'acme-sync', '--dry-run', '--param', 'token=t0k3n-long-enough');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain('warning: unbuilt-jobs skipped');
  });
});
