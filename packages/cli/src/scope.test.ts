import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
let project: string;

function ssot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, '--jobs', 'network-jobs.js', ...args], { cwd: project, env: { ...process.env, SSOT_RUNS_DIR: join(project, 'runs'), NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'scope-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await cp(join(cliDir, 'src', '__fixtures__', 'network-jobs.js'), join(project, 'network-jobs.js'));
});

afterAll(() => rm(project, { recursive: true, force: true }));

describe('ssot --scope', () => {
  it('limits a run to one subtree: the rest is counted out of scope and the scope is recorded', async () => {
    const whole = await ssot('run', 'acme-network', '--dry-run', '--json');
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).summary).toMatchObject({ update: 2 });
    const scoped = await ssot('run', 'acme-network', '--dry-run', '--scope', 'device=ams1-core1', '--json');
    expect(scoped.code).toBe(0);
    const record = JSON.parse(scoped.stdout);
    expect(record.scope).toEqual(['device=ams1-core1']);
    expect(record.summary).toMatchObject({ update: 1 });
    expect(record.summary.outOfScope).toBeGreaterThan(0);
    const text = await ssot('run', 'acme-network', '--dry-run', '--scope', 'device=ams1-core1');
    expect(text.stdout).toContain('scope     device=ams1-core1');
    expect(text.stdout).toMatch(/out of scope +\d+/);
  });

  it('limits a run to some models', async () => {
    const onlyDevices = JSON.parse((await ssot('run', 'acme-network', '--dry-run', '--scope', 'model=device', '--json')).stdout);
    expect(onlyDevices.summary).toMatchObject({ update: 0 });
    expect(onlyDevices.summary.outOfScope).toBeGreaterThan(0);
  });

  it('refuses a scope it cannot read (exit 2) and a subtree that exists on neither side (a typo), writing nothing', async () => {
    const bad = await ssot('run', 'acme-network', '--scope', 'device');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: ');
    expect(bad.stderr).toContain('hint: Write --scope');
    const typo = await ssot('run', 'acme-network', '--scope', 'device=ams1-core9', '--json');
    expect(typo.code).not.toBe(0);
    const record = JSON.parse(typo.stdout);
    expect(record.status).toBe('failed');
    expect(record.error.message).toContain('ams1-core9');
    expect(record.syncCounts).toBeUndefined();
  });
});
