// runJob when the history store fails: the run goes on, the failure becomes a warning, and applied writes stay reported.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter, type SideData } from '../__fixtures__/small.js';
import { captureLogger, RecordingRecorder } from '../__fixtures__/recording-recorder.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';

// Both sites change status: two updates, so two log entries.
const wanted: SideData = { ...baseData, sites: [{ name: 'ams1', status: 'retired' }, { name: 'fra1', status: 'retired' }] };

function job(writes: string[], loads: string[] = []) {
  return defineJob({
    name: 'inventory-to-controller',
    direction: 'data-target',
    source: 'inventory',
    target: 'controller',
    parameters: z.object({}),
    async loadSource() {
      loads.push('source');
      return makeAdapter('inventory', wanted);
    },
    async loadTarget() {
      loads.push('target');
      const target = makeAdapter('controller', baseData);
      target.handlers = { site: { update: ({ uid }) => void writes.push(uid) } };
      return target;
    },
  });
}

const tooLarge = (): Error => new RangeError('Invalid string length');

describe('runJob when the recorder fails', () => {
  it('keeps going when update() fails once on a diff too large to store: writes applied, run succeeded with its counts and a warning', async () => {
    const writes: string[] = [];
    let failed = false;
    const recorder = new RecordingRecorder({
      fail: (method, record) => {
        if (method !== 'update' || record?.diff === undefined || failed) return undefined;
        failed = true;
        return tooLarge();
      },
    });
    const logger = captureLogger();
    const record = await runJob(job(writes), { recorder, logger, memory: false });

    expect(writes.sort()).toEqual(['ams1', 'fra1']);
    expect(record.status).toBe('succeeded');
    expect(record.error).toBeUndefined();
    expect(record.syncCounts?.update).toMatchObject({ success: 2, failure: 0, error: 0, skipped: 0 });
    expect(record.steps.map((step) => `${step.name}:${step.status}`)).toEqual(['loadSource:succeeded', 'loadTarget:succeeded', 'calculateDiff:succeeded', 'executeSync:succeeded']);
    expect(record.warnings).toEqual([{ code: 'RECORDER_UPDATE_FAILED', step: 'calculateDiff', message: expect.stringContaining('Invalid string length') }]);
    expect(recorder.finished).toEqual(record);
    expect(logger.lines.some((line) => line.startsWith('warn:') && line.includes('Invalid string length'))).toBe(true);
  });

  it('keeps going when appendLogs() fails: the run succeeded, later batches are still written, and the lost entries are a warning', async () => {
    const writes: string[] = [];
    let failed = false;
    const recorder = new RecordingRecorder({
      fail: (method) => {
        if (method !== 'appendLogs' || failed) return undefined;
        failed = true;
        return new Error('disk full');
      },
    });
    const record = await runJob(job(writes), { recorder, logBatchSize: 1, memory: false });

    expect(writes.sort()).toEqual(['ams1', 'fra1']);
    expect(record.status).toBe('succeeded');
    expect(record.syncCounts?.update.success).toBe(2);
    expect(record.warnings).toEqual([{ code: 'RECORDER_LOGS_FAILED', step: 'executeSync', message: expect.stringMatching(/1 log entry .*disk full/) }]);
    expect(recorder.memory.logs(record.id)).toHaveLength(1);
    expect(recorder.finished?.warnings).toEqual(record.warnings);
    expect(recorder.late).toEqual([]);
  });

  it('returns the record with the status it earned when finish() fails, with the failure as a warning and in the log', async () => {
    const writes: string[] = [];
    const recorder = new RecordingRecorder({ fail: (method) => (method === 'finish' ? new Error('history database is read-only') : undefined) });
    const logger = captureLogger();
    const record = await runJob(job(writes), { recorder, logger, memory: false });

    expect(writes).toHaveLength(2);
    expect(record.status).toBe('succeeded');
    expect(record.endedAt).toBeDefined();
    expect(record.syncCounts?.update.success).toBe(2);
    expect(record.warnings).toEqual([{ code: 'RECORDER_FINISH_FAILED', message: expect.stringContaining('history database is read-only') }]);
    expect(logger.lines.some((line) => line.startsWith('warn:') && line.includes('history database is read-only'))).toBe(true);
  });

  it('records the same recorder failure once, however often it repeats', async () => {
    const recorder = new RecordingRecorder({ fail: (method) => (method === 'update' ? tooLarge() : undefined) });
    const record = await runJob(job([]), { recorder, memory: false });
    expect(record.status).toBe('succeeded');
    expect(record.warnings?.map((warning) => `${warning.code}@${warning.step}`)).toEqual(['RECORDER_UPDATE_FAILED@loadSource']);
    expect(recorder.finished?.warnings).toEqual(record.warnings);
  });

  it('still throws when start() fails, before any loader ran', async () => {
    const loads: string[] = [];
    const recorder = new RecordingRecorder({ fail: (method) => (method === 'start' ? new Error('cannot create the run directory') : undefined) });
    await expect(runJob(job([], loads), { recorder, memory: false })).rejects.toThrow('cannot create the run directory');
    expect(loads).toEqual([]);
    expect(recorder.calls).toEqual(['start']);
  });
});
