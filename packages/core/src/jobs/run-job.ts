// Runs a job: validates parameters, runs the four steps with timing and memory, and records everything.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Adapter, ModelMap } from '../adapter.js';
import type { Diff } from '../diff.js';
import { calculateDiff } from '../differ.js';
import { SsotError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { executeSync } from '../sync.js';
import type { ProgressEvent } from '../events.js';
import type { ElementResult, SyncResult } from '../sync-result.js';
import type { JobContext, JobDefinition } from './job.js';
import { startCpuProfile, type CpuProfiler } from './cpu-profile.js';
import { sampleMemory } from './memory-sampler.js';
import { resolveParameterReferences, type ReferenceSources } from './parameter-references.js';
import { redactingLogger } from './redacting-logger.js';
import type { RunEventListener } from './run-events.js';
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
  /** Write a CPU profile of the run to this `.cpuprofile` file. */
  cpuProfile?: string;
  /** Receives step, progress and end events. */
  onEvent?: RunEventListener;
  /**
   * Where `env:NAME` and `file:PATH` parameter values are read from (default: `process.env` and the
   * working directory). `false` refuses references with a {@link ParameterReferenceError}: use it
   * where parameters come from someone who must not read the server's environment or files (a web form).
   */
  referenceSources?: ReferenceSources | false;
  /** Log one entry per unchanged record too (default: the job's `logUnchanged` flag; unchanged records are otherwise only counted). */
  logUnchanged?: boolean;
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
 * Runs a job and returns its sync record. Parameter values `env:NAME` and `file:PATH` are read
 * from the environment or a file first (see {@link resolveParameterReferences}); the record keeps
 * the reference and the value is redacted from logs. Parameter errors throw a {@link JobParameterError}
 * (or a {@link ParameterReferenceError}) before anything is recorded; every other failure is recorded (status `failed` or `cancelled`,
 * with what was done so far) and the record is returned, not thrown.
 *
 * @param job - the job
 * @param options - parameters, dry run, recorder, signal, logger, memory sampling
 * @returns the finished sync record
 * @example
 * ```ts
 * import { FileRecorder, runJob } from '@ssot/core';
 *
 * // ACME_TOKEN is set in the environment: the token never appears on a command line or in the record.
 * const record = await runJob(inventoryToAcme, {
 *   params: { url: 'https://acme.example.com', token: 'env:ACME_TOKEN', site: 'ams1' },
 *   dryRun: true, // load both sides and calculate the diff; write nothing
 *   recorder: new FileRecorder(),
 * });
 * console.log(record.status, record.summary); // 'succeeded' { create: 2, update: 1, delete: 0, noChange: 40, skip: 0 }
 * console.log(record.parameters.token); // '[REDACTED]'
 * ```
 */
export async function runJob<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap>(job: JobDefinition<S, M>, options: RunJobOptions = {}): Promise<SyncRecord> {
  const definition = job as unknown as JobDefinition;
  // `env:NAME` / `file:PATH` values are read here; the record keeps the reference, logs never see the value.
  const raw = options.params ?? {};
  const { params: resolvedParams, references } = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? await resolveParameterReferences(raw as Record<string, unknown>, options.referenceSources ?? {}) : { params: raw, references: [] };
  const referenced = new Map(references.map((entry) => [entry.name, entry.reference]));
  const parsed = definition.parameters.safeParse(resolvedParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobParameterError(definition.name, issue?.path.join('.') || '(parameters)', issue?.message ?? 'is invalid');
  }
  const params = parsed.data;
  const secrets = [...(definition.secrets ?? []).map((key) => params[key]), ...references.map((entry) => entry.value)].filter((value): value is string => typeof value === 'string' && value !== '');
  const redact = (text: string): string => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
  const recorder = options.recorder ?? new MemoryRecorder();
  // Handlers and loaders may put a secret in a message: the run's logger never passes one on.
  const logger = secrets.length === 0 ? (options.logger ?? silentLogger) : redactingLogger(options.logger ?? silentLogger, redact);
  const signal = options.signal ?? new AbortController().signal;
  const record: SyncRecord = {
    id: randomUUID(),
    job: definition.name,
    direction: definition.direction,
    source: definition.source,
    target: definition.target,
    parameters: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, definition.secrets?.includes(key) ? REDACTED : (referenced.get(key) ?? value)])),
    dryRun: Boolean(options.dryRun),
    status: 'running',
    startedAt: new Date().toISOString(),
    steps: [],
  };
  const emit = options.onEvent ?? ((): void => undefined);
  let currentStep: StepName = 'loadSource';
  // Unchanged records are counted; they are kept in the diff and logged one by one only when asked.
  const logUnchanged = options.logUnchanged ?? definition.flags?.logUnchanged ?? false;
  const onProgress = (event: ProgressEvent): void => emit({ type: 'progress', step: event.phase === 'diff' ? 'calculateDiff' : 'executeSync', model: event.model, current: event.current, total: event.total });
  const diffOptions = { ...definition.flags, logUnchanged, signal, onProgress };
  const context: JobContext<Record<string, unknown>> = {
    params,
    dryRun: record.dryRun,
    signal,
    logger,
    runId: record.id,
    job: definition.name,
    diffOptions,
    progress: (model, current, total) => emit(total === undefined ? { type: 'progress', step: currentStep, model, current } : { type: 'progress', step: currentStep, model, current, total }),
    setMetrics: (name, metrics) => {
      record.metrics = { ...record.metrics, [name]: structuredClone(metrics) };
    },
    defer: (cleanup) => void cleanups.push(cleanup),
  };
  const cleanups: (() => void | Promise<void>)[] = [];
  await recorder.start(record);
  let profiler: CpuProfiler | undefined;

  const step = async <T>(name: StepName, work: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    const startedAt = new Date().toISOString();
    const start = performance.now();
    const sampler = options.memory === false ? undefined : sampleMemory();
    const entry: StepRecord = { name, status: 'succeeded', startedAt, durationMs: 0 };
    currentStep = name;
    emit({ type: 'step-start', step: name });
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
      emit({ type: 'step-end', step: entry });
      await recorder.update(record);
    }
  };
  const countLoaded = (side: 'source' | 'target', adapter: Adapter<ModelMap>): Adapter<ModelMap> => {
    const counts: Record<string, number> = {};
    for (const model of Object.keys(adapter.models)) {
      counts[model] = adapter.count(model);
      emit({ type: 'progress', step: side === 'source' ? 'loadSource' : 'loadTarget', model, current: counts[model], total: counts[model] });
    }
    record.loaded = { ...record.loaded, [side]: counts };
    return adapter;
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
    if (result.status === 'unchanged' && !logUnchanged) return;
    const entry: SyncLogEntry = { timestamp: new Date().toISOString(), action: result.action, status: result.status, model: result.model, uid: result.uid };
    if (result.changed !== undefined) entry.changed = result.changed;
    if (result.message !== undefined) entry.message = redact(result.message);
    const link = definition.lookupObject?.(result.model, result.uid, params);
    if (link !== undefined) entry.link = link;
    pending.push(entry);
    if (pending.length >= batchSize) void flush();
  };

  try {
    if (options.cpuProfile !== undefined) profiler = await startCpuProfile(options.cpuProfile);
    let source: Adapter<ModelMap>;
    let target: Adapter<ModelMap>;
    if (options.loadConcurrently) {
      [source, target] = await Promise.all([step('loadSource', async () => countLoaded('source', await definition.loadSource(context))), step('loadTarget', async () => countLoaded('target', await definition.loadTarget(context)))]);
    } else {
      source = await step('loadSource', async () => countLoaded('source', await definition.loadSource(context)));
      target = await step('loadTarget', async () => countLoaded('target', await definition.loadTarget(context)));
    }
    const diff: Diff = await step('calculateDiff', async () =>
      definition.calculateDiff ? definition.calculateDiff(context, source, target) : calculateDiff(source, target, diffOptions),
    );
    record.summary = diff.summary();
    record.diff = diff.toJSON();
    record.unchanged = record.summary.noChange;
    if (record.dryRun) {
      const skipped: StepRecord = { name: 'executeSync', status: 'skipped', startedAt: new Date().toISOString(), durationMs: 0 };
      record.steps.push(skipped);
      emit({ type: 'step-end', step: skipped });
    } else {
      const result: SyncResult = await step('executeSync', () =>
        definition.executeSync
          ? definition.executeSync(context, source, target, diff)
          : executeSync(diff, source, target, { ...definition.flags, logUnchanged, signal, logger, onResult: logResult, onProgress }),
      );
      if (definition.executeSync) result.results.forEach(logResult);
      record.syncCounts = result.counts;
      if (result.state === 'aborted') throw result.error ?? new Error('cancelled');
      if (result.error !== undefined) throw result.error;
      if (!result.ok) throw incompleteSyncError(result);
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
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ runId: record.id }, `Clean-up after the run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await flush();
  if (profiler !== undefined) {
    try {
      record.cpuProfile = await profiler.stop();
    } catch (error) {
      logger.warn({ runId: record.id }, `CPU profile not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  record.endedAt = new Date().toISOString();
  // resourceUsage reports kilobytes; the process-wide peak catches what step sampling can miss.
  record.processMaxRss = process.resourceUsage().maxRSS * 1024;
  await recorder.finish(record);
  emit({ type: 'run-end', record });
  return record;
}

/** A sync that ran to the end but did not apply every change: the run counts as failed. */
function incompleteSyncError(result: SyncResult): SsotError {
  let failed = 0;
  let skipped = 0;
  let total = 0;
  for (const action of ['create', 'update', 'delete'] as const) {
    const row = result.counts[action];
    failed += row.failure + row.error;
    skipped += row.skipped;
    total += row.success + row.failure + row.error + row.skipped;
  }
  return new SsotError('SYNC_INCOMPLETE', `${failed + skipped} of ${total} changes were not applied (${failed} failed, ${skipped} skipped); the log entries say why.`);
}
