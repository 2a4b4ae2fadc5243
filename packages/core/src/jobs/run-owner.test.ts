// A run never stays `running` forever: its owner and heartbeat tell readers when its process is gone.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter } from '../__fixtures__/small.js';
import { FileRecorder } from './file-recorder.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';
import { currentOwner, isOwnerGone, withLiveness } from './run-owner.js';
import { MemoryRecorder, type SyncRecord } from './sync-record.js';

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

function running(overrides: Partial<SyncRecord> = {}): SyncRecord {
  return { id: `run-${Math.random().toString(16).slice(2)}`, job: 'j', direction: 'data-source', source: 's', target: 't', parameters: {}, dryRun: false, status: 'running', startedAt: ago(1000), steps: [], ...overrides };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('run owners', () => {
  it('a run of a live process on this machine is alive; a dead pid or a reused one is gone', async () => {
    expect(await isOwnerGone(running({ owner: currentOwner() }))).toBe(false);
    expect(await isOwnerGone(running({ owner: { host: hostname(), pid: await deadPid(), processStartedAt: ago(5000) } }))).toBe(true);
    // The pid exists but belongs to a process that started long after the run's owner: reused.
    expect(await isOwnerGone(running({ owner: { host: hostname(), pid: process.pid, processStartedAt: ago(3_600_000) } }))).toBe(true);
    const parent = process.ppid;
    expect(await isOwnerGone(running({ owner: { host: hostname(), pid: parent, processStartedAt: ago(3_600_000 * 24 * 365) } }))).toBe(true);
  });

  it('a run on another machine is judged by its heartbeat', async () => {
    const elsewhere = { host: 'another-host.example', pid: 4242, processStartedAt: ago(600_000) };
    expect(await isOwnerGone(running({ owner: elsewhere, heartbeatAt: ago(5_000) }))).toBe(false);
    expect(await isOwnerGone(running({ owner: elsewhere, heartbeatAt: ago(120_000) }))).toBe(true);
    expect(await isOwnerGone(running({ owner: elsewhere, startedAt: ago(120_000) }))).toBe(true);
    expect(await isOwnerGone(running({ owner: elsewhere, heartbeatAt: ago(120_000) }), { staleAfterMs: 300_000 })).toBe(false);
  });

  it('readers show a running run whose owner is gone as interrupted, saying what is known', async () => {
    const pid = await deadPid();
    const shown = await withLiveness(running({ owner: { host: hostname(), pid, processStartedAt: ago(5000) } }));
    expect(shown.status).toBe('interrupted');
    expect(shown.error).toEqual({ code: 'INTERRUPTED', message: expect.stringContaining(`process ${pid} on ${hostname()} stopped without finishing it`) });
    const finished = running({ status: 'succeeded', owner: { host: hostname(), pid, processStartedAt: ago(5000) } });
    expect(await withLiveness(finished)).toBe(finished);
  });

  it('the file history shows a run left running by a dead process as interrupted, in lists, filters and reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-owner-'));
    dirs.push(dir);
    const history = new FileRecorder({ directory: dir });
    const killed = running({ owner: { host: hostname(), pid: await deadPid(), processStartedAt: ago(5000) } });
    await history.start(killed); // and never finished: the process was killed
    const alive = running({ owner: currentOwner() });
    await history.start(alive);
    const elsewhere = running({ owner: { host: 'another-host.example', pid: 1, processStartedAt: ago(600_000) }, startedAt: ago(600_000) });
    await history.start(elsewhere);
    await history.heartbeat(elsewhere.id, new Date().toISOString()); // still beating on its machine

    expect((await history.getRun(killed.id))?.status).toBe('interrupted');
    expect((await history.getRunOverview(killed.id))?.record.status).toBe('interrupted');
    expect((await history.getRun(alive.id))?.status).toBe('running');
    expect((await history.getRun(elsewhere.id))?.status).toBe('running');
    const statuses = Object.fromEntries((await history.listRuns()).runs.map((run) => [run.id, run.status]));
    expect(statuses).toEqual({ [killed.id]: 'interrupted', [alive.id]: 'running', [elsewhere.id]: 'running' });
    expect((await history.listRuns({ status: 'interrupted' })).runs.map((run) => run.id)).toEqual([killed.id]);
    expect((await history.listRuns({ status: 'running' })).total).toBe(2);
  });

  it('runJob records its owner and sends heartbeats while it runs', async () => {
    const beats: string[] = [];
    const recorder = new (class extends MemoryRecorder {
      async heartbeat(_id: string, at: string): Promise<void> {
        beats.push(at);
      }
    })();
    const job = defineJob({
      name: 'slow',
      direction: 'data-source',
      source: 's',
      target: 't',
      parameters: z.object({}),
      loadSource: async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return makeAdapter('s', baseData);
      },
      loadTarget: async () => makeAdapter('t', baseData),
    });
    const record = await runJob(job, { recorder, heartbeatMs: 20 });
    expect(record.owner).toMatchObject({ host: hostname(), pid: process.pid });
    expect(Math.abs(Date.parse(record.owner?.processStartedAt ?? '') - Date.parse(currentOwner().processStartedAt))).toBeLessThan(50);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(record.heartbeatAt).toBe(beats.at(-1));
  });
});
