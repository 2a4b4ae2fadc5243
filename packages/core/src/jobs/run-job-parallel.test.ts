// runJob with loadConcurrently: the run waits for both loaders, then cleans up once, then finishes.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter } from '../__fixtures__/small.js';
import { nextTurn, RecordingRecorder } from '../__fixtures__/recording-recorder.js';
import { defineJob, type JobContext } from './job.js';
import { runJob } from './run-job.js';

type Loader = (context: JobContext<Record<string, unknown>>) => Promise<ReturnType<typeof makeAdapter>>;

function parallelJob(loadSource: Loader, loadTarget: Loader) {
  return defineJob({ name: 'parallel', direction: 'data-target', source: 'inventory', target: 'controller', parameters: z.object({}), loadSource, loadTarget });
}

/** Resolves after `turns` turns of the event loop: long after a run that did not wait would have finished. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await nextTurn();
}

describe('runJob with loadConcurrently', () => {
  it('waits for the slow loader when the other fails fast, runs its late clean-up once after it returned, and records both steps', async () => {
    const events: string[] = [];
    const recorder = new RecordingRecorder({ events });
    let targetReturned!: () => void;
    const targetDone = new Promise<void>((resolve) => (targetReturned = resolve));
    const job = parallelJob(
      async (context) => {
        context.defer(() => void events.push('cleanup:source'));
        await Promise.resolve();
        events.push('source failed');
        throw new Error('inventory unreachable');
      },
      async (context) => {
        await nextTurn(); // the source loader has failed by now
        context.defer(() => void events.push('cleanup:target')); // registered after an await
        await turns(5);
        events.push('target returned');
        targetReturned();
        return makeAdapter('controller', baseData);
      },
    );
    const record = await runJob(job, { recorder, loadConcurrently: true, memory: false });
    await targetDone;
    await turns(3); // room for any late recorder call

    expect(events.filter((event) => !event.startsWith('recorder.update'))).toEqual(['recorder.start', 'source failed', 'target returned', 'cleanup:target', 'cleanup:source', 'recorder.finish']);
    expect(recorder.late).toEqual([]);
    expect(recorder.calls.at(-1)).toBe('finish');
    expect(record.status).toBe('failed');
    expect(record.error?.message).toBe('inventory unreachable');
    expect(recorder.finished?.steps.map((step) => `${step.name}:${step.status}`).sort()).toEqual(['loadSource:failed', 'loadTarget:succeeded']);
    expect(recorder.finished).toEqual(record);
  });

  it('tells the other loader to stop when one fails: its signal is aborted and its step recorded as cancelled', async () => {
    const recorder = new RecordingRecorder();
    const job = parallelJob(
      async () => {
        await Promise.resolve();
        throw new Error('inventory unreachable');
      },
      async (context) => {
        // Honours the signal: stops as soon as it is aborted (or gives up waiting after a while).
        await Promise.race([new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true })), turns(20)]);
        context.signal.throwIfAborted();
        return makeAdapter('controller', baseData);
      },
    );
    const record = await runJob(job, { recorder, loadConcurrently: true, memory: false });
    expect(record.status).toBe('failed');
    expect(record.error?.message).toBe('inventory unreachable');
    expect(Object.fromEntries(record.steps.map((step) => [step.name, step.status]))).toEqual({ loadSource: 'failed', loadTarget: 'cancelled' });
    expect(recorder.late).toEqual([]);
  });

  it('when cancelled while both load, waits for both, cleans up after them and records the run as cancelled', async () => {
    const events: string[] = [];
    const recorder = new RecordingRecorder({ events });
    const controller = new AbortController();
    let started = 0;
    const begin = (): void => {
      started += 1;
      if (started === 2) queueMicrotask(() => controller.abort());
    };
    const job = parallelJob(
      async (context) => {
        begin();
        context.defer(() => void events.push('cleanup:source'));
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        events.push('source stopped');
        context.signal.throwIfAborted();
        return makeAdapter('inventory', baseData);
      },
      async (context) => {
        begin();
        await turns(2); // ignores the signal for a while
        context.defer(() => void events.push('cleanup:target'));
        await turns(3);
        events.push('target returned');
        return makeAdapter('controller', baseData);
      },
    );
    const record = await runJob(job, { recorder, loadConcurrently: true, signal: controller.signal, memory: false });
    await turns(8);

    expect(record.status).toBe('cancelled');
    expect(events.filter((event) => !event.startsWith('recorder.update'))).toEqual(['recorder.start', 'source stopped', 'target returned', 'cleanup:target', 'cleanup:source', 'recorder.finish']);
    expect(recorder.late).toEqual([]);
    expect(Object.fromEntries((recorder.finished?.steps ?? []).map((step) => [step.name, step.status]))).toEqual({ loadSource: 'cancelled', loadTarget: 'succeeded' });
    expect(record.steps.some((step) => step.name === 'calculateDiff')).toBe(false);
  });

  it('runs a clean-up registered after the run ended at once, exactly once', async () => {
    const events: string[] = [];
    let context: JobContext<Record<string, unknown>> | undefined;
    const job = parallelJob(
      async (ctx) => {
        context = ctx;
        return makeAdapter('inventory', baseData);
      },
      async () => makeAdapter('controller', baseData),
    );
    const record = await runJob(job, { loadConcurrently: true, dryRun: true, memory: false });
    expect(record.status).toBe('succeeded');
    context?.defer(() => void events.push('late cleanup'));
    await turns(2);
    expect(events).toEqual(['late cleanup']);
  });
});
