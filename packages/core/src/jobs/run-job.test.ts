import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { softFailure } from '../handlers.js';
import { baseData, makeAdapter, type SideData } from '../__fixtures__/small.js';
import { calculateDiff } from '../differ.js';
import { defineJob } from './job.js';
import { JobParameterError } from './job-parameter-error.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

const SECRET = 'tok-3f9a-very-secret';
const wanted: SideData = { ...baseData, sites: [{ name: 'ams1', status: 'retired' }, { name: 'fra1', status: 'active' }] };

function job(options: { failLoad?: boolean; failWrite?: boolean; onTargetWrite?: () => void } = {}) {
  return defineJob({
    name: 'inventory-to-controller',
    direction: 'data-target',
    source: 'inventory',
    target: 'controller',
    parameters: z.object({ url: z.string().url(), token: z.string().min(8), limit: z.number().int().positive().default(10) }),
    secrets: ['token'],
    lookupObject: (model, uid) => ({ url: `https://controller.example/${model}/${uid}` }),
    async loadSource() {
      if (options.failLoad) throw new Error(`cannot reach inventory with token ${SECRET}`);
      return makeAdapter('inventory', wanted);
    },
    async loadTarget() {
      const target = makeAdapter('controller', baseData);
      target.handlers = {
        site: {
          update: () => {
            options.onTargetWrite?.();
            if (options.failWrite) return softFailure(`rejected, token ${SECRET} lacks write scope`);
            return undefined;
          },
        },
      };
      return target;
    },
  });
}

const params = { url: 'https://controller.example', token: SECRET };

describe('runJob', () => {
  it('records a successful run: steps with time and memory, summary, diff and log entries', async () => {
    const recorder = new MemoryRecorder();
    const record = await runJob(job(), { params, recorder });
    expect(record.status).toBe('succeeded');
    expect(record.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['loadSource:succeeded', 'loadTarget:succeeded', 'calculateDiff:succeeded', 'executeSync:succeeded']);
    for (const step of record.steps) expect(step.memory?.peakRss).toBeGreaterThanOrEqual(step.memory?.endRss ?? Number.NaN);
    expect(record.summary).toMatchObject({ update: 1, noChange: 7 });
    expect(record.parameters).toEqual({ url: 'https://controller.example', token: '[REDACTED]', limit: 10 });
    expect(recorder.get(record.id)).toEqual(record);
    expect(recorder.logs(record.id)).toEqual([expect.objectContaining({ action: 'update', status: 'success', model: 'site', uid: 'ams1', changed: ['status'], link: { url: 'https://controller.example/site/ams1' } })]);
  });

  it('writes nothing on a dry run', async () => {
    let writes = 0;
    const record = await runJob(job({ onTargetWrite: () => (writes += 1) }), { params, dryRun: true, memory: false });
    expect(writes).toBe(0);
    expect(record.steps.at(-1)).toMatchObject({ name: 'executeSync', status: 'skipped' });
    expect(record.steps[0]?.memory).toBeUndefined();
    expect(record.summary?.update).toBe(1);
  });

  it('refuses bad parameters before anything runs, naming the parameter', async () => {
    const recorder = new MemoryRecorder();
    await expect(runJob(job(), { params: { url: 'not a url', token: SECRET }, recorder })).rejects.toThrow(JobParameterError);
    await expect(runJob(job(), { params: { url: 'https://x.example', token: 'short' } })).rejects.toThrow(/parameter "token"/);
    expect(recorder.list()).toEqual([]);
  });

  it('records a failing loader and a failing write as failed, with secrets redacted everywhere', async () => {
    const recorder = new MemoryRecorder();
    const failed = await runJob(job({ failLoad: true }), { params, recorder });
    expect(failed.status).toBe('failed');
    expect(failed.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['loadSource:failed']);
    expect(failed.error?.message).toBe('cannot reach inventory with token [REDACTED]');

    const partial = await runJob(job({ failWrite: true }), { params, recorder });
    expect(partial.status).toBe('failed');
    expect(partial.error).toEqual({ code: 'SYNC_INCOMPLETE', message: '1 of 1 changes were not applied (1 failed, 0 skipped); the log entries say why.' });
    expect(partial.syncCounts?.update.failure).toBe(1);
    expect(recorder.logs(partial.id)[0]?.message).toBe('rejected, token [REDACTED] lacks write scope');
    expect(JSON.stringify([recorder.list(), recorder.logs(failed.id), recorder.logs(partial.id)])).not.toContain(SECRET);
  });

  it('never passes a secret to the logger, even when a handler or loader puts it in a message', async () => {
    const lines: string[] = [];
    const capture = (obj: object | string, msg?: string): void => void lines.push(JSON.stringify([obj, msg]));
    const logger = { debug: capture, info: capture, warn: capture, error: capture };
    await runJob(job({ failWrite: true }), { params, logger });
    await runJob(job({ failLoad: true }), { params, logger });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).toContain('[REDACTED]');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('runs deferred clean-up in reverse order, after success and after failure', async () => {
    for (const failLoad of [false, true]) {
      const order: string[] = [];
      const base = job({ failLoad });
      const withCleanup = defineJob({
        ...base,
        name: 'with-cleanup',
        async loadTarget(context) {
          context.defer(() => void order.push('first'));
          context.defer(async () => void order.push('second'));
          return base.loadTarget(context);
        },
        async loadSource(context) {
          context.defer(() => {
            order.push('source');
            throw new Error('clean-up may fail without hiding the run');
          });
          return base.loadSource(context);
        },
      });
      const record = await runJob(withCleanup, { params });
      expect(record.status).toBe(failLoad ? 'failed' : 'succeeded');
      expect(order).toEqual(failLoad ? ['source'] : ['second', 'first', 'source']);
    }
  });

  it('counts unchanged records and logs them one by one only when asked', async () => {
    const recorder = new MemoryRecorder();
    const counted = await runJob(job(), { params, recorder });
    expect(counted.unchanged).toBeGreaterThan(0);
    expect(recorder.logs(counted.id).some((entry) => entry.status === 'unchanged')).toBe(false);
    const logged = await runJob(job(), { params, recorder, logUnchanged: true });
    expect(recorder.logs(logged.id).filter((entry) => entry.status === 'unchanged')).toHaveLength(logged.unchanged ?? -1);
  });

  it('records a cancelled run', async () => {
    const controller = new AbortController();
    controller.abort();
    const record = await runJob(job(), { params, signal: controller.signal });
    expect(record.status).toBe('cancelled');
    expect(record.endedAt).toBeDefined();
  });

  it('checks job definitions', () => {
    expect(() => defineJob({ ...job(), name: 'Bad Name' })).toThrow(/Invalid job name/);
    // @ts-expect-error "password" is not a parameter
    expect(() => defineJob({ ...job(), secrets: ['password'] })).toThrow(/secret parameter "password"/);
  });
  it('gives a replaced diff step the options the built-in one uses: job flags, logUnchanged, signal, progress', async () => {
    const events: string[] = [];
    const base = job();
    let seen: Record<string, unknown> | undefined;
    const custom = defineJob({
      ...base,
      name: 'custom-diff',
      flags: { skipUnmatchedDst: true, logUnchanged: true },
      calculateDiff: (context, source, target) => {
        seen = { ...context.diffOptions };
        return calculateDiff(source, target, context.diffOptions);
      },
    });
    const record = await runJob(custom, { params, dryRun: true, onEvent: (event) => void (event.type === 'progress' && events.push(event.step)) });
    expect(record.status).toBe('succeeded');
    expect(seen).toMatchObject({ skipUnmatchedDst: true, logUnchanged: true });
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
    expect(events).toContain('calculateDiff');
  });
});
