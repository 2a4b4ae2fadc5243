// Safe by default, from the command line: strict parameter names, the delete guard, `diff --exit-code`, plan and apply.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
const TOKEN = 'acme-token-safety-71c2';
let project: string;
let runsDir: string;
let state: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function ssot(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, SSOT_RUNS_DIR: runsDir, ACME_TOKEN: TOKEN } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const hosts = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `host${i}`, ip: `10.0.0.${i}`, os: 'linux' }));
const readState = async (): Promise<{ name: string; ip: string }[]> => JSON.parse(await readFile(state, 'utf8'));
const lastRunId = async (): Promise<string> => (JSON.parse((await ssot('history', '--json', '--limit', '1')).stdout) as { runs: { id: string }[] }).runs[0]?.id ?? '';

beforeAll(async () => {
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'safety-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'acme-jobs': '1.0.0' } }));
  await cp(join(cliDir, 'src', '__fixtures__', 'acme-jobs'), join(project, 'node_modules', 'acme-jobs'), { recursive: true });
});

beforeEach(async () => {
  runsDir = await mkdtemp(join(project, 'runs-'));
  state = join(runsDir, 'state.json');
  await writeFile(state, JSON.stringify(hosts(20)));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('safe by default (ssot CLI)', () => {
  it('a misspelt parameter is a usage error with a did-you-mean, and nothing runs or is recorded', async () => {
    const typo = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `stat=${state}`);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('parameter "stat" is not a parameter of this job: did you mean "state"?');
    const fromFile = join(runsDir, 'params.yaml');
    await writeFile(fromFile, `token: env:ACME_TOKEN\ncuont: 0\n`);
    const typoInFile = await ssot('run', 'acme-sync', '--params', fromFile);
    expect(typoInFile.code).toBe(2);
    expect(typoInFile.stderr).toContain('did you mean "count"?');
    expect((await readdir(runsDir)).sort()).toEqual(['params.yaml', 'state.json']);
    expect(await readState()).toEqual(hosts(20));
  });

  it('the delete guard blocks a run that would delete most of the target (exit 4), and --allow-deletes lifts it', async () => {
    const blocked = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=2');
    expect(blocked.code).toBe(4);
    expect(blocked.stdout).toMatch(/status {4}blocked — The run would delete more than its delete budget \(50,10% per model\) allows: host: 18 of 20 \(limit 2\)/);
    expect(blocked.stdout).toMatch(/Delete guard \(budget 50,10% per model\) blocked this run: nothing was written/);
    expect(await readState()).toEqual(hosts(20));
    const listed = await ssot('history', '--status', 'blocked', '--json');
    expect(JSON.parse(listed.stdout).runs).toHaveLength(1);

    const tooSmall = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=2', '--max-deletes', '17');
    expect(tooSmall.code).toBe(4);
    const bad = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--max-deletes', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid delete budget "many"');

    const allowed = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=2', '--max-deletes', '18');
    expect(allowed.code).toBe(0);
    expect(await readState()).toEqual(hosts(2));
    const wiped = await ssot('run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=0', '--allow-deletes');
    expect(wiped.code).toBe(0);
    expect(await readState()).toEqual([]);
  });

  it('ssot diff --exit-code: 3 when there are changes, 0 when source and target agree', async () => {
    const changes = await ssot('diff', 'acme-sync', '--exit-code', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=21');
    expect(changes.code).toBe(3);
    expect(changes.stdout).toContain('1 to create, 0 to update, 0 to delete, 20 unchanged');
    const none = await ssot('diff', 'acme-sync', '--exit-code', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=20');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No changes: source and target agree.');
    expect((await ssot('diff', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=21')).code).toBe(0);
  });

  it('plan, then apply exactly it: a drifted target is refused (exit 4) unless --skip-drifted; the applied run links to its plan', async () => {
    // The plan: host20 and host21 to create.
    const planned = await ssot('diff', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, '--param', 'count=22', '--max-deletes', '0');
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/Apply exactly this plan: ssot apply [0-9a-f]{8}/);
    const plan = await lastRunId();

    // The target changes behind the plan's back: host20 now exists.
    await writeFile(state, JSON.stringify([...hosts(20), { name: 'host20', ip: '10.1.1.1', os: 'bsd' }]));
    const refused = await ssot('apply', plan.slice(0, 8));
    expect(refused.code).toBe(4);
    expect(refused.stdout).toContain('host20');
    expect(refused.stdout).toContain('now exists in the target');
    expect(refused.stdout).toMatch(/1 element of the plan no longer matched the target \(the plan was refused; --skip-drifted applies the rest\)/);
    expect((await readState()).map((h) => h.name)).toContain('host20');

    const partial = await ssot('apply', plan, '--skip-drifted');
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain(`applies plan ${plan}`);
    const after = await readState();
    expect(after.find((h) => h.name === 'host20')?.ip).toBe('10.1.1.1'); // the later change stands
    expect(after.map((h) => h.name)).toContain('host21');
    const logs = await ssot('show', await lastRunId(), '--logs', '--status', 'drifted');
    expect(logs.stdout).toMatch(/create +drifted +host +host20 +not applied: now exists in the target/);
  });

  it('a plan whose secret was typed as a value must be given it again', async () => {
    await ssot('diff', 'acme-sync', '--param', `token=${TOKEN}`, '--param', `state=${state}`, '--param', 'count=21');
    const plan = await lastRunId();
    const refused = await ssot('apply', plan);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('parameter "token" was a secret typed as a value when the plan was made');
    expect((await ssot('apply', plan, '--param', 'token=env:ACME_TOKEN')).code).toBe(0);
    expect(await readState()).toHaveLength(21);
    const notAPlan = await ssot('apply', await lastRunId());
    expect(notAPlan.code).toBe(2);
    expect(notAPlan.stderr).toContain('it is not a dry run');
  });
});
