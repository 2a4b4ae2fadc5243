import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
const SECRET = 'acme-token-from-env-42c7';
let project: string;

function ssot(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, SSOT_RUNS_DIR: join(project, 'runs'), NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'secrets-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'acme-jobs': '1.0.0' } }));
  await cp(join(cliDir, 'src', '__fixtures__', 'acme-jobs'), join(project, 'node_modules', 'acme-jobs'), { recursive: true });
});

afterAll(() => rm(project, { recursive: true, force: true }));

describe('secret parameters (never on the command line)', () => {
  it('reads env: and file: references; no warning; the record keeps no value', async () => {
    const fromEnv = await ssot({ ACME_TOKEN: SECRET }, 'run', 'acme-sync', '--dry-run', '--param', 'token=env:ACME_TOKEN');
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr).not.toContain('warning: secret parameter');
    await writeFile(join(project, 'token.txt'), `${SECRET}\n`);
    await writeFile(join(project, 'params.yaml'), 'token: file:token.txt\n');
    const fromFile = await ssot({}, 'run', 'acme-sync', '--dry-run', '--params', 'params.yaml');
    expect(fromFile.code).toBe(0);
    for (const text of [fromEnv.stdout, fromEnv.stderr, fromFile.stdout, fromFile.stderr]) expect(text).not.toContain(SECRET);
    for (const dir of await readdir(join(project, 'runs'))) {
      for (const file of await readdir(join(project, 'runs', dir))) expect(await readFile(join(project, 'runs', dir, file), 'utf8')).not.toContain(SECRET);
    }
  });

  it('warns when a secret is typed on the command line', async () => {
    const literal = await ssot({}, 'run', 'acme-sync', '--dry-run', '--param', `token=${SECRET}`);
    expect(literal.code).toBe(0);
    expect(literal.stderr).toContain('warning: secret parameter "token" was given on the command line');
    expect(literal.stderr).not.toContain(SECRET);
  });

  it('refuses a reference to an unset variable or a missing file: exit 2, nothing recorded', async () => {
    const before = await readdir(join(project, 'runs'));
    const unset = await ssot({}, 'run', 'acme-sync', '--param', 'token=env:SSOT_TEST_UNSET_TOKEN');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('error: Parameter "token": the environment variable SSOT_TEST_UNSET_TOKEN is not set (or empty).');
    const missing = await ssot({}, 'run', 'acme-sync', '--param', 'token=file:no-such-file');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error: Parameter "token": cannot read ${join(project, 'no-such-file')} (ENOENT).`);
    expect(await readdir(join(project, 'runs'))).toEqual(before);
  });
});
