// Runs a job: validates parameters, runs the four steps with timing and memory, and records everything.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { Adapter, type ModelMap } from '../adapter.js';
import { Diff } from '../diff.js';
import { calculateDiff, type DiffOptions, type DiffWarning } from '../differ.js';
import { SsotError } from '../errors.js';
import { Redactor, REDACTED } from '../redact.js';
import { checkDeleteBudget, DEFAULT_DELETE_BUDGET, DeleteGuardError, formatDeleteBudget, parseDeleteBudget, type DeleteBudget } from './delete-guard.js';
import { JobParameterError } from './job-parameter-error.js';
import { findDrift, InvalidPlanError, PlanDriftedError, withoutDrifted } from './plan-drift.js';
import { currentOwner, HEARTBEAT_INTERVAL_MS } from './run-owner.js';
import { checkParameterNames } from './unknown-parameters.js';
import { silentLogger, type Logger } from '../logger.js';
import { formatScope, parseScope, type DiffScope } from '../scope.js';
import { executeSync } from '../sync.js';
import type { ProgressEvent } from '../events.js';
import type { ElementResult, SyncResult } from '../sync-result.js';
import type { JobContext, JobDefinition, ObjectLink } from './job.js';
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
  /**
   * Load source and target at the same time (default `false`). The run waits for both loaders to
   * settle, whatever happens; when one fails, the other's `signal` is aborted so that it can stop
   * early, and the first failure is the run's error.
   */
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
  /**
   * Limits the run to part of the data (see {@link DiffScope}): a scope, or command-line specs
   * read with {@link parseScope} (`["site=ams1"]`, `["model=device,interface"]`). Passed to the
   * built-in diff and in `context.diffOptions`; recorded in `SyncRecord.scope` as specs. Records
   * out of scope are never written. A spec that does not parse throws a `ScopeError` before anything runs.
   */
  scope?: DiffScope | readonly string[];
  /**
   * The run's delete budget (see {@link DeleteBudget}): a budget, or a spec as `--max-deletes`
   * takes it (`"500"`, `"25%"`, `"500,25%"`). Default: the job's `deleteBudget`, else
   * {@link DEFAULT_DELETE_BUDGET}. A run whose diff deletes more stops before its sync step with
   * status `blocked` (a dry run records the same finding as a warning).
   */
  maxDeletes?: DeleteBudget | string;
  /** Lift the delete guard for this run: the user said yes to every delete of the diff (default `false`). */
  allowDeletes?: boolean;
  /**
   * Apply this recorded dry run (a plan, from the history) instead of calculating a diff: the job's
   * target is loaded again and every element of the plan is checked against the target values the
   * plan saw. The plan's parameters and scope are used; `params` may give values again (a secret
   * the plan recorded as `[REDACTED]` must be given again). When the target drifted, the run is
   * `blocked` with a {@link PlanDriftedError} unless `skipDrifted`. The record's `plan` names the plan.
   */
  plan?: SyncRecord;
  /** How often the run's recorder gets a heartbeat (milliseconds; default `HEARTBEAT_INTERVAL_MS`, 10 s). */
  heartbeatMs?: number;
  /** With `plan`: apply the elements that still match and log the others as `drifted` (default `false`: refuse the whole plan). */
  skipDrifted?: boolean;
}

/**
 * Runs a job and returns its sync record. Parameter values `env:NAME` and `file:PATH` are read
 * from the environment or a file first (see {@link resolveParameterReferences}); the record keeps
 * the reference and the value is redacted from logs, as are credentials inside URL values
 * (`https://user:password@host`, `?token=...`). Parameter errors throw a {@link JobParameterError}
 * (an `UnknownParameterError` for a name the job does not declare, a
 * {@link ParameterReferenceError}, a `DeleteBudgetError`, an {@link InvalidPlanError}) before anything
 * is recorded; every other failure is recorded (status `failed` or `cancelled`, with what was done
 * so far) and the record is returned, not thrown.
 *
 * Safety checks stop a run before its sync step, with status `blocked` and the diff kept: the
 * delete guard (deletes over `maxDeletes`, the job's `deleteBudget` or {@link DEFAULT_DELETE_BUDGET},
 * unless `allowDeletes`), and, when `plan` is given, a target that drifted since the plan was made
 * ({@link PlanDriftedError}, unless `skipDrifted`). A dry run whose target can check its writes
 * (`Adapter.checkWrites`) records the writes that would fail in `writeCheck`.
 *
 * The recorder's `start()` failing throws, before anything ran. Any later recorder failure
 * (`update`, `appendLogs`, `finish`: a history store that is full, down, or refuses a diff too
 * large to save) does not stop or fail the run: it is logged and kept in the record's `warnings`,
 * and the record returned still says what the run did. Clean-ups registered with `context.defer`
 * run once each, after every loader has settled and before the record is finished; no recorder
 * call is made after `finish()`.
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
  const plan = options.plan;
  if (plan !== undefined) checkPlan(definition, plan, options);
  // `env:NAME` / `file:PATH` values are read here; the record keeps the reference, logs never see the value.
  const raw = plan === undefined ? (options.params ?? {}) : planParameters(definition, plan, options.params);
  // A misspelt name is refused, never dropped: the parameter it meant would silently take its default.
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) checkParameterNames(definition, raw as Record<string, unknown>);
  const { params: resolvedParams, references } = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? await resolveParameterReferences(raw as Record<string, unknown>, options.referenceSources ?? {}) : { params: raw, references: [] };
  const referenced = new Map(references.map((entry) => [entry.name, entry.reference]));
  const parsed = definition.parameters.safeParse(resolvedParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobParameterError(definition.name, issue?.path.join('.') || '(parameters)', issue?.message ?? 'is invalid');
  }
  const params = parsed.data;
  const scopeSpec = plan === undefined ? options.scope : plan.scope;
  const scope = scopeSpec === undefined ? undefined : Array.isArray(scopeSpec) ? parseScope(scopeSpec as readonly string[]) : (scopeSpec as DiffScope);
  const budget = options.allowDeletes ? undefined : typeof options.maxDeletes === 'string' ? parseDeleteBudget(options.maxDeletes) : (options.maxDeletes ?? definition.deleteBudget ?? DEFAULT_DELETE_BUDGET);
  // Secrets: the job's secret parameters, referenced values, and credentials inside any URL-like value.
  const secrets = [...(definition.secrets ?? []).map((key) => params[key]), ...references.map((entry) => entry.value), ...Object.values(params).flatMap(urlCredentials)].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const redactor = new Redactor(secrets);
  const redact = (text: string): string => redactor.text(text);
  const recorder: SyncRecorder = options.recorder ?? new MemoryRecorder();
  // Handlers and loaders may put a secret in a message: the run's logger never passes one on.
  const logger = options.logger === undefined ? silentLogger : redactingLogger(options.logger, redact);
  // The run's signal: aborted when the caller cancels, and when one of two concurrent loaders fails
  // (so that the other can stop early). Only the caller's signal makes the run `cancelled`.
  const cancel = options.signal ?? new AbortController().signal;
  const stop = new AbortController();
  const signal = AbortSignal.any([cancel, stop.signal]);
  const record: SyncRecord = {
    id: randomUUID(),
    job: definition.name,
    direction: definition.direction,
    source: definition.source,
    target: definition.target,
    parameters: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, referenced.get(key) ?? (definition.secrets?.includes(key) ? REDACTED : redactor.value(value))])),
    dryRun: Boolean(options.dryRun),
    status: 'running',
    startedAt: new Date().toISOString(),
    owner: currentOwner(),
    steps: [],
  };
  if (scope !== undefined) record.scope = formatScope(scope);
  if (plan !== undefined) record.plan = plan.id;
  const emit = options.onEvent ?? ((): void => undefined);
  let currentStep: StepName = 'loadSource';
  // Unchanged records are counted; they are kept in the diff and logged one by one only when asked.
  const logUnchanged = options.logUnchanged ?? definition.flags?.logUnchanged ?? false;
  const onProgress = (event: ProgressEvent): void => emit({ type: 'progress', step: event.phase === 'diff' ? 'calculateDiff' : 'executeSync', model: event.model, current: event.current, total: event.total });
  // Records no parent lists are left out of the diff: the run's log says so, once per side and model.
  const onWarning = (warning: DiffWarning): void =>
    logger.warn({ runId: record.id, job: record.job, side: warning.side, model: warning.model, count: warning.count, uids: warning.uids }, warning.message);
  const diffOptions: DiffOptions = { ...definition.flags, logUnchanged, signal, onProgress, onWarning, ...(scope === undefined ? {} : { scope }) };
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
      record.metrics = { ...record.metrics, [name]: redactor.value(structuredClone(metrics)) };
    },
    // A clean-up registered after the run's clean-ups ran (by work a loader left behind) runs at once.
    defer: (cleanup) => void (cleanedUp ? runCleanup(cleanup) : cleanups.push(cleanup)),
  };
  const cleanups: (() => void | Promise<void>)[] = [];
  let cleanedUp = false;

  /** Records a warning once (same code and message) and logs it. */
  const warn = (code: string, message: string, step?: StepName): void => {
    const text = redact(message);
    logger.warn({ runId: record.id, job: record.job, code, ...(step === undefined ? {} : { step }) }, text);
    const warnings = (record.warnings ??= []);
    if (!warnings.some((warning) => warning.code === code && warning.message === text)) warnings.push(step === undefined ? { code, message: text } : { code, message: text, step });
  };
  const runCleanup = async (cleanup: () => void | Promise<void>): Promise<void> => {
    try {
      await cleanup();
    } catch (error) {
      const message = `Clean-up after the run failed: ${messageOf(error)}`;
      if (closed) logger.warn({ runId: record.id }, redact(message));
      else warn('CLEANUP_FAILED', message);
    }
  };

  // Recorder calls go one at a time, in order, and none after finish(). A failing history store
  // does not fail the run: the work goes on and the failure becomes a warning on the record.
  let recorderQueue = Promise.resolve();
  let closed = false;
  const recorderCall = (call: () => Promise<void>, onError: (error: unknown) => void): Promise<void> => {
    if (closed) {
      logger.warn({ runId: record.id }, 'A recorder call came after the run was finished; it was dropped.');
      return recorderQueue;
    }
    recorderQueue = recorderQueue.then(async () => {
      try {
        await call();
      } catch (error) {
        onError(error);
      }
    });
    return recorderQueue;
  };
  const save = (step: StepName): Promise<void> =>
    recorderCall(
      () => recorder.update(record),
      (error) => warn('RECORDER_UPDATE_FAILED', `The record could not be saved (${messageOf(error)}); the run went on, and the history shows it as it was before until the run is finished.`, step),
    );

  await recorder.start(record);
  emit({ type: 'run-start', record });
  // Signs of life while the run runs: readers show a run whose process is gone as `interrupted`.
  const heartbeat =
    recorder.heartbeat === undefined
      ? undefined
      : setInterval(() => {
          const at = new Date().toISOString();
          record.heartbeatAt = at;
          void recorderCall(
            () => recorder.heartbeat?.(record.id, at) ?? Promise.resolve(),
            (error) => warn('RECORDER_HEARTBEAT_FAILED', `A heartbeat could not be recorded (${messageOf(error)}); readers may show this run as interrupted while it runs.`),
          );
        }, options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
  heartbeat?.unref();
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
      await save(name);
    }
  };
  /** Runs one side's loader as its step, and records (and reports) how many records each model holds. */
  const load = (side: 'source' | 'target'): Promise<Adapter<ModelMap>> => {
    const name = side === 'source' ? 'loadSource' : 'loadTarget';
    return step(name, async () => {
      const adapter = await definition[name](context);
      const counts: Record<string, number> = {};
      for (const model of Object.keys(adapter.models)) {
        counts[model] = adapter.count(model);
        emit({ type: 'progress', step: name, model, current: counts[model], total: counts[model] });
      }
      record.loaded = { ...record.loaded, [side]: counts };
      return adapter;
    });
  };

  /** Puts the diff in the record before its step's save: the diff is stored as soon as it is known. */
  const recordDiff = (diff: Diff): void => {
    record.summary = diff.summary();
    record.diff = diff.toJSON();
    record.unchanged = record.summary.noChange;
  };

  const pending: SyncLogEntry[] = [];
  const batchSize = options.logBatchSize ?? 1000;
  const flush = (): Promise<void> => {
    if (pending.length === 0) return recorderQueue;
    const batch = pending.splice(0);
    return recorderCall(
      () => recorder.appendLogs(record.id, batch),
      (error) => warn('RECORDER_LOGS_FAILED', `${batch.length} log ${batch.length === 1 ? 'entry' : 'entries'} could not be recorded (${messageOf(error)}); the sync went on, and its counts in this record are complete.`, 'executeSync'),
    );
  };
  const logResult = (result: ElementResult): void => {
    if (result.status === 'unchanged' && !logUnchanged) return;
    const entry: SyncLogEntry = { timestamp: new Date().toISOString(), action: result.action, status: result.status, model: result.model, uid: result.uid };
    if (result.changed !== undefined) entry.changed = result.changed;
    if (result.message !== undefined) entry.message = redact(result.message);
    // A link built from a parameter (a URL with credentials, say) is redacted like every other value.
    const link = definition.lookupObject?.(result.model, result.uid, params);
    if (link !== undefined) entry.link = redactor.value(link) as ObjectLink;
    pending.push(entry);
    if (pending.length >= batchSize) void flush();
  };

  try {
    if (options.cpuProfile !== undefined) profiler = await startCpuProfile(options.cpuProfile);
    let source: Adapter<ModelMap>;
    let target: Adapter<ModelMap>;
    let diff: Diff;
    if (plan !== undefined) {
      // Apply a plan: the target only is loaded again; the plan's diff is checked against it.
      target = await load('target');
      source = new Adapter({ name: plan.diff?.source ?? 'plan', models: target.models, topLevel: target.topLevel });
      diff = await step('checkPlan', async () => {
        const planned = Diff.fromJSON(plan.diff);
        const drifted = findDrift(planned, target);
        if (drifted.length > 0) record.drifted = drifted;
        if (drifted.length > 0 && !options.skipDrifted) throw new PlanDriftedError(drifted);
        if (drifted.length > 0) warn('PLAN_DRIFTED', `${drifted.length} ${drifted.length === 1 ? 'element' : 'elements'} of the plan no longer matched the target and ${drifted.length === 1 ? 'was' : 'were'} not applied (logged as drifted).`, 'checkPlan');
        const { diff: applicable, dropped } = withoutDrifted(planned, drifted);
        const now = new Date().toISOString();
        for (const element of drifted) pending.push({ timestamp: now, action: element.action, status: 'drifted', model: element.model, uid: element.uid, message: redact(`not applied: ${element.reason}`) });
        for (const element of dropped) {
          if (element.action !== 'none') pending.push({ timestamp: now, action: element.action, status: 'skipped', model: element.model, uid: element.uid, message: 'not applied: a record above it drifted' });
        }
        recordDiff(applicable);
        return applicable;
      });
    } else {
      if (options.loadConcurrently) {
        // Both loaders settle before the run goes on or ends: clean-ups they register must not run
        // while they work, and their steps must reach the record before it is finished. The first
        // failure stops the other loader (through its signal) and is the run's error.
        let failure: { error: unknown } | undefined;
        const loadOrStop = (side: 'source' | 'target'): Promise<Adapter<ModelMap>> =>
          load(side).catch((error: unknown) => {
            if (failure === undefined) {
              failure = { error };
              stop.abort(new SsotError('LOAD_STOPPED', `Stopped because step "${side === 'source' ? 'loadSource' : 'loadTarget'}" failed.`));
            }
            throw error;
          });
        const loads = [loadOrStop('source'), loadOrStop('target')] as const;
        await Promise.allSettled(loads);
        if (failure !== undefined) throw failure.error;
        [source, target] = await Promise.all(loads);
      } else {
        source = await load('source');
        target = await load('target');
      }
      diff = await step('calculateDiff', async () => {
        const calculated = await (definition.calculateDiff ? definition.calculateDiff(context, source, target) : calculateDiff(source, target, diffOptions));
        recordDiff(calculated);
        return calculated;
      });
    }
    // The delete guard: deletes over the budget need the user's yes (allowDeletes or a larger budget).
    const violations = budget === undefined ? [] : checkDeleteBudget(diff.summaryByModel(), budget);
    record.deleteGuard = { budget: budget === undefined ? 'off' : formatDeleteBudget(budget), violations };
    if (violations.length > 0) {
      const guard = new DeleteGuardError(violations, record.deleteGuard.budget);
      if (!record.dryRun) throw guard;
      warn('DELETE_GUARD', `A run of this diff would be blocked: ${guard.message}`, 'calculateDiff');
    }
    if (record.dryRun && target.checkWrites !== Adapter.prototype.checkWrites) {
      // A target that can check its writes without making them says which would fail.
      await step('checkWrites', async () => {
        const problems = await target.checkWrites(diff, signal);
        if (problems === undefined) return;
        record.writeCheck = { problems: problems.map((problem) => ({ ...problem, message: redact(problem.message) })) };
        if (problems.length > 0) {
          warn('WRITES_WOULD_FAIL', `${problems.length} ${problems.length === 1 ? 'write' : 'writes'} of this diff would be refused by ${definition.target} (${redact(problems[0]?.message ?? '')}${problems.length > 1 ? '; ...' : ''}); see the record's writeCheck.`, 'checkWrites');
        }
      });
    }
    if (record.dryRun) {
      const skipped: StepRecord = { name: 'executeSync', status: 'skipped', startedAt: new Date().toISOString(), durationMs: 0 };
      record.steps.push(skipped);
      emit({ type: 'step-end', step: skipped });
    } else {
      if (plan !== undefined && definition.executeSync) throw new InvalidPlanError(plan.id, `job "${definition.name}" replaces the sync step, which needs its source; run the job instead.`);
      // A transactional target decides in syncComplete whether its writes stand: outcomes are logged after it.
      const logLater = definition.executeSync !== undefined || target.transactional;
      await step('executeSync', async () => {
        const synced = await (definition.executeSync
          ? definition.executeSync(context, source, target, diff)
          : executeSync(diff, source, target, { ...definition.flags, logUnchanged, signal, logger, ...(logLater ? {} : { onResult: logResult }), onProgress }));
        // In the record before the step's save: what was applied is reported whatever happens next.
        record.syncCounts = synced.counts;
        if (logLater) synced.results.forEach(logResult);
        // Inside the step, so that the step's status says how the sync ended (cancelled, failed).
        if (synced.state === 'aborted') throw synced.error ?? new Error('cancelled');
        if (synced.error !== undefined) throw synced.error;
        if (!synced.ok) throw incompleteSyncError(synced);
        return synced;
      });
    }
    record.status = 'succeeded';
  } catch (error) {
    record.status = cancel.aborted ? 'cancelled' : error instanceof DeleteGuardError || error instanceof PlanDriftedError ? 'blocked' : 'failed';
    const err = error instanceof Error ? error : new Error(String(error));
    record.error = { message: redact(err.message) };
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') record.error.code = code;
    logger.error({ runId: record.id, job: record.job }, redact(err.message));
  }
  // Every loader has settled: each clean-up runs once, last registered first (including any a
  // clean-up registers).
  for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) await runCleanup(cleanup);
  cleanedUp = true;
  await flush();
  if (profiler !== undefined) {
    try {
      record.cpuProfile = await profiler.stop();
    } catch (error) {
      warn('CPU_PROFILE_FAILED', `CPU profile not written: ${messageOf(error)}`);
    }
  }
  record.endedAt = new Date().toISOString();
  // resourceUsage reports kilobytes; the process-wide peak catches what step sampling can miss.
  record.processMaxRss = process.resourceUsage().maxRSS * 1024;
  clearInterval(heartbeat);
  closed = true;
  await recorderQueue;
  try {
    await recorder.finish(record);
  } catch (error) {
    // The run is over and its work done: return what it did rather than throw it away.
    warn('RECORDER_FINISH_FAILED', `The finished record could not be saved (${messageOf(error)}); the history may still show this run as running. This record is the run's outcome.`);
  }
  emit({ type: 'run-end', record });
  return record;
}

/** Checks that a recorded run can be applied as a plan of this job. */
function checkPlan(job: JobDefinition, plan: SyncRecord, options: RunJobOptions): void {
  if (plan.job !== job.name) throw new InvalidPlanError(plan.id, `it is a run of job "${plan.job}", not "${job.name}".`);
  if (!plan.dryRun) throw new InvalidPlanError(plan.id, 'it is not a dry run; make a plan with `ssot diff` (a dry run).');
  if (plan.status !== 'succeeded' && plan.status !== 'blocked') throw new InvalidPlanError(plan.id, `its status is "${plan.status}"; only a finished dry run is a plan.`);
  if (plan.diff === undefined) throw new InvalidPlanError(plan.id, 'its record holds no diff.');
  if (plan.plan !== undefined) throw new InvalidPlanError(plan.id, 'it is itself the application of a plan.');
  if (options.scope !== undefined) throw new InvalidPlanError(plan.id, "a plan is applied with its own scope; a scope cannot be given.");
  if (options.dryRun) throw new InvalidPlanError(plan.id, 'applying a plan writes; a dry run of it is the plan itself.');
}

/** The plan's parameters with the values given again; a secret the plan did not keep must be given again. */
function planParameters(job: JobDefinition, plan: SyncRecord, given: unknown): Record<string, unknown> {
  const overrides = typeof given === 'object' && given !== null && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
  const params = { ...plan.parameters, ...overrides };
  for (const [name, value] of Object.entries(params)) {
    if (value === REDACTED) {
      throw new JobParameterError(job.name, name, `was a secret typed as a value when the plan was made, so the plan does not keep it: give it again (--param ${name}=env:NAME or file:PATH).`);
    }
  }
  return params;
}

/** The user and password of URL-like values (`https://user:pw@host`, `mongodb://u:p@h1,h2/db`), to be redacted wherever they appear. */
function urlCredentials(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]+)@/i.exec(value);
  if (match === null) return [];
  const userinfo = match[1] as string;
  const colon = userinfo.indexOf(':');
  const parts = colon < 0 ? [userinfo] : [userinfo.slice(colon + 1), userinfo];
  return parts.flatMap((part) => [part, safeDecode(part)]).filter((part) => part.length >= 4);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A sync that ran to the end but did not apply every change: the run counts as failed. */
function incompleteSyncError(result: SyncResult): SsotError {
  const notDone = { failed: 0, skipped: 0, unknown: 0, rolledBack: 0, drifted: 0 };
  let total = 0;
  for (const action of ['create', 'update', 'delete'] as const) {
    const row = result.counts[action];
    notDone.failed += row.failure + row.error;
    notDone.skipped += row.skipped;
    notDone.unknown += row.unknown;
    notDone.rolledBack += row.rolledBack;
    notDone.drifted += row.drifted;
    total += row.success + row.failure + row.error + row.skipped + row.unknown + row.rolledBack + row.drifted;
  }
  const parts = [`${notDone.failed} failed`, `${notDone.skipped} skipped`];
  if (notDone.unknown > 0) parts.push(`${notDone.unknown} with an unknown outcome (sent, no answer: the next run will see)`);
  if (notDone.rolledBack > 0) parts.push(`${notDone.rolledBack} rolled back`);
  if (notDone.drifted > 0) parts.push(`${notDone.drifted} drifted`);
  const count = Object.values(notDone).reduce((sum, value) => sum + value, 0);
  return new SsotError('SYNC_INCOMPLETE', `${count} of ${total} changes were not applied (${parts.join(', ')}); the log entries say why.`);
}
