// A run killed by any signal is never left looking alive: SIGTERM cancels like SIGINT, a second signal or a
// stuck run exits at once but marks the record first, and SIGKILL leaves a run that readers show as interrupted.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMongoTestServer, type MongoTestServer } from '@ssot/mongo-test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
let project: string;
let runsDir: string;
let state: string;
let mongo: MongoTestServer;

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, SSOT_RUNS_DIR: runsDir, ACME_TOKEN: 'acme-token-signals-1', ...extra });

function ssot(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: project, env: env(extra) }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** Starts a slow run and resolves once its record exists (the load step has started). */
async function startSlowRun(params: string[], extra: Record<string, string> = {}, history: string[] = []): Promise<{ child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, ...history, 'run', 'acme-sync', '--param', 'token=env:ACME_TOKEN', '--param', `state=${state}`, ...params], { cwd: project, env: env(extra) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - signalledAt })));
  let signalledAt = Date.now();
  const originalKill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return originalKill(signal);
  };
  const deadline = Date.now() + 20_000;
  while (!stderr.includes('load source')) {
    if (Date.now() > deadline) throw new Error(`the run did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, exit, stderr: () => stderr };
}

async function lastRun(history: string[] = [], extra: Record<string, string> = {}): Promise<Record<string, unknown> & { status: string; error?: { code?: string; message: string }; steps: { name: string; status: string }[] }> {
  const listed = await ssot([...history, 'history', '--json', '--limit', '1'], extra);
  return JSON.parse(listed.stdout).runs[0];
}

beforeAll(async () => {
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'signals-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'acme-jobs': '1.0.0' } }));
  await cp(join(cliDir, 'src', '__fixtures__', 'acme-jobs'), join(project, 'node_modules', 'acme-jobs'), { recursive: true });
  mongo = await startMongoTestServer();
});

beforeEach(async () => {
  runsDir = await mkdtemp(join(project, 'runs-'));
  state = join(runsDir, 'state.json');
});

afterAll(async () => {
  await mongo.close();
  await rm(project, { recursive: true, force: true });
});

describe('signals', () => {
  it('SIGTERM cancels a run like Ctrl-C: recorded cancelled, its step cancelled, exit 143', async () => {
    const run = await startSlowRun(['--param', 'slowMs=30000']);
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(143);
    expect(exit.ms).toBeLessThan(5000);
    expect(run.stderr()).toContain('SIGTERM: cancelling the run');
    const record = await lastRun();
    expect(record.status).toBe('cancelled');
    expect(record.steps.at(-1)).toMatchObject({ name: 'loadSource', status: 'cancelled' });
  });

  it('a second signal exits at once, but marks the record cancelled first', async () => {
    const run = await startSlowRun(['--param', 'slowMs=30000', '--param', 'stubborn=true']);
    run.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(143);
    expect(exit.ms).toBeLessThan(5000);
    const record = await lastRun();
    expect(record.status).toBe('cancelled');
    expect(record.error).toMatchObject({ code: 'FORCED_EXIT', message: expect.stringContaining('stopped by SIGTERM a second time') });
  });

  it('a run that does not stop within the grace period is ended anyway, its record marked', async () => {
    const run = await startSlowRun(['--param', 'slowMs=30000', '--param', 'stubborn=true'], { SSOT_CANCEL_GRACE_MS: '500' });
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(143);
    expect(exit.ms).toBeLessThan(5000);
    expect((await lastRun()).error).toMatchObject({ code: 'FORCED_EXIT', message: expect.stringContaining('did not stop within 0.5 s') });
  });

  it('after SIGKILL the file history shows the run as interrupted, never running', async () => {
    const run = await startSlowRun(['--param', 'slowMs=30000']);
    expect((await lastRun()).status).toBe('running');
    run.child.kill('SIGKILL');
    await run.exit;
    const record = await lastRun();
    expect(record.status).toBe('interrupted');
    expect(record.error?.code).toBe('INTERRUPTED');
    const listed = await ssot(['history', '--status', 'interrupted']);
    expect(listed.stdout).toContain('interrupted');
  });

  it('with --history mongodb the record exists from the start, and shows interrupted after SIGKILL', async () => {
    const history = ['--history', 'mongodb'];
    const extra = { MONGODB_URI: `${mongo.uri}signals_${process.pid}` };
    const run = await startSlowRun(['--param', 'slowMs=30000'], extra, history);
    const during = await lastRun(history, extra);
    expect(during.status).toBe('running');
    expect(during.owner).toMatchObject({ pid: run.child.pid });
    run.child.kill('SIGKILL');
    await run.exit;
    expect((await lastRun(history, extra)).status).toBe('interrupted');
  });
});
