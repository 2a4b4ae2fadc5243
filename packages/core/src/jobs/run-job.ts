// Runs a job: validates parameters, runs the four steps with timing and memory, and records everything.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Adapter, ModelMap } from '../adapter.js';
import type { Diff } from '../diff.js';
import { calculateDiff } from '../differ.js';
import { SsotError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { executeSync } from '../sync.js';
import type { ElementResult, SyncResult } from '../sync-result.js';
import type { JobContext, JobDefinition } from './job.js';
import { sampleMemory } from './memory-sampler.js';
import { MemoryRecorder, type StepName, type StepRecord, type SyncLogEntry, type SyncRecord, type SyncRecorder } from './sync-record.js';

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /** Raw parameters, validated against the job's schema before anything runs. */
  params?: unknown;
  /** Skip the sync step. */
  dryRun?: boolean;
  /** Where the record goes (default: a new {@link MemoryRecorder}). */
  recorder?: SyncRecorder;
  /** Cancels the run; it is then recorded as `cancelled`. */
  signal?: AbortSignal;
  /** The run's logger (silent by default). */
  logger?: Logger;
  /** Sample memory during each step (default `true`). */
  memory?: boolean;
  /** Load source and target at the same time (default `false`). */
  loadConcurrently?: boolean;
  /** Log entries per recorder call (default 1000). */
  logBatchSize?: number;
}

/** A parameter did not pass the job's schema. */
export class JobParameterError extends SsotError {
  /**
   * @param job - the job's name
   * @param parameter - the parameter's path
   * @param message - what is wrong
   */
  constructor(job: string, parameter: string, message: string) {
    super('INVALID_PARAMETER', `Job "${job}": parameter "${parameter}" ${message}`, { field: parameter });
  }
}

const REDACTED = '[REDACTED]';

/**
 * Runs a job and returns its sync record. Parameter errors throw a {@link JobParameterError}
 * before anything is recorded; every other failure is recorded (status `failed` or `cancelled`,
 * with what was done so far) and the record is returned, not thrown.
 *
 * @param job - the job
 * @param options - parameters, dry run, recorder, signal, logger, memory sampling
 * @returns the finished sync record
 */
export async function runJob<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap>(job: JobDefinition<S, M>, options: RunJobOptions = {}): Promise<SyncRecord> {
  const definition = job as unknown as JobDefinition;
  const parsed = definition.parameters.safeParse(options.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobParameterError(definition.name, issue?.path.join('.') || '(parameters)', issue?.message ?? 'is invalid');
  }
  const params = parsed.data;
  const secrets = (definition.secrets ?? []).map((key) => params[key]).filter((value): value is string => typeof value === 'string' && value !== '');
  const redact = (text: string): string => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
  const recorder = options.recorder ?? new MemoryRecorder();
  const logger = options.logger ?? silentLogger;
  const signal = options.signal ?? new AbortController().signal;
  const record: SyncRecord = {
    id: randomUUID(),
    job: definition.name,
    direction: definition.direction,
    source: definition.source,
    target: definition.target,
    parameters: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, definition.secrets?.includes(key) ? REDACTED : value])),
    dryRun: Boolean(options.dryRun),
    status: 'running',
    startedAt: new Date().toISOString(),
    steps: [],
  };
  const context: JobContext<Record<string, unknown>> = { params, dryRun: record.dryRun, signal, logger, runId: record.id };
  await recorder.start(record);

  const step = async <T>(name: StepName, work: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    const startedAt = new Date().toISOString();
    const start = performance.now();
    const sampler = options.memory === false ? undefined : sampleMemory();
    const entry: StepRecord = { name, status: 'succeeded', startedAt, durationMs: 0 };
    try {
      return await work();
    } catch (error) {
      entry.status = signal.aborted ? 'cancelled' : 'failed';
      throw error;
    } finally {
      entry.durationMs = Math.round((performance.now() - start) * 100) / 100;
      const memory = sampler?.stop();
      if (memory !== undefined) entry.memory = memory;
      record.steps.push(entry);
      await recorder.update(record);
    }
  };

  const pending: SyncLogEntry[] = [];
  const batchSize = options.logBatchSize ?? 1000;
  let flushing = Promise.resolve();
  const flush = (): Promise<void> => {
    if (pending.length === 0) return flushing;
    const batch = pending.splice(0);
    flushing = flushing.then(() => recorder.appendLogs(record.id, batch));
    return flushing;
  };
  const logResult = (result: ElementResult): void => {
    if (result.status === 'unchanged' && !definition.flags?.logUnchanged) return;
    const entry: SyncLogEntry = { timestamp: new Date().toISOString(), action: result.action, status: result.status, model: result.model, uid: result.uid };
    if (result.changed !== undefined) entry.changed = result.changed;
    if (result.message !== undefined) entry.message = redact(result.message);
    const link = definition.lookupObject?.(result.model, result.uid, params);
    if (link !== undefined) entry.link = link;
    pending.push(entry);
    if (pending.length >= batchSize) void flush();
  };

  try {
    let source: Adapter<ModelMap>;
    let target: Adapter<ModelMap>;
    if (options.loadConcurrently) {
      [source, target] = await Promise.all([step('loadSource', () => definition.loadSource(context)), step('loadTarget', () => definition.loadTarget(context))]);
    } else {
      source = await step('loadSource', () => definition.loadSource(context));
      target = await step('loadTarget', () => definition.loadTarget(context));
    }
    const diff: Diff = await step('calculateDiff', async () =>
      definition.calculateDiff ? definition.calculateDiff(context, source, target) : calculateDiff(source, target, { ...definition.flags, signal }),
    );
    record.summary = diff.summary();
    record.diff = diff.toJSON();
    record.unchanged = record.summary.noChange;
    if (record.dryRun) {
      record.steps.push({ name: 'executeSync', status: 'skipped', startedAt: new Date().toISOString(), durationMs: 0 });
    } else {
      const result: SyncResult = await step('executeSync', () =>
        definition.executeSync
          ? definition.executeSync(context, source, target, diff)
          : executeSync(diff, source, target, { ...definition.flags, signal, logger, onResult: logResult }),
      );
      if (definition.executeSync) result.results.forEach(logResult);
      record.syncCounts = result.counts;
      if (result.state === 'aborted') throw result.error ?? new Error('cancelled');
      if (result.error !== undefined) throw result.error;
    }
    record.status = 'succeeded';
  } catch (error) {
    record.status = signal.aborted ? 'cancelled' : 'failed';
    const err = error instanceof Error ? error : new Error(String(error));
    record.error = { message: redact(err.message) };
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') record.error.code = code;
    logger.error({ runId: record.id, job: record.job }, redact(err.message));
  }
  await flush();
  record.endedAt = new Date().toISOString();
  await recorder.finish(record);
  return record;
}
