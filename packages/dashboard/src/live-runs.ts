// Runs started from the dashboard: starts them with core's runJob, tracks their progress per step and tells live views.
import { formatBytes, formatDuration, runJob } from '@ssot/core';
import type { DeleteBudget, JobDefinition, Logger, RunEvent, RunStatus, StepMemory, StepName, SyncHistory, SyncLogEntry, SyncRecord, SyncRecorder } from '@ssot/core';

/**
 * The steps a run goes through, in order: a plan's application loads the target and checks the
 * plan (`checkPlan`) instead of loading the source and calculating a diff; a dry run whose target
 * checked its writes has a `checkWrites` step. Steps the record holds beyond these are kept.
 *
 * @param record - the run
 * @returns the step names to show, in order
 */
export function stepNamesOf(record: Pick<SyncRecord, 'plan' | 'steps'>): StepName[] {
  const names: StepName[] = record.plan === undefined ? ['loadSource', 'loadTarget', 'calculateDiff'] : ['loadTarget', 'checkPlan'];
  if (record.steps.some((step) => step.name === 'checkWrites')) names.push('checkWrites');
  names.push('executeSync');
  for (const step of record.steps) if (!names.includes(step.name)) names.splice(names.length - 1, 0, step.name);
  return names;
}

/** How a run is started from the dashboard (see {@link RunManager.start}); passed on to core's `runJob`. */
export interface StartRunOptions {
  /** Raw parameters (with a plan: values given again, over the plan's). */
  params: Record<string, unknown>;
  /** Skip the sync step (never with a plan). */
  dryRun: boolean;
  /** `--scope`-style specs limiting the run (`site=ams1`, `model=device`); none with a plan. */
  scope?: readonly string[];
  /** The run's delete budget, as core's `parseDeleteBudget` reads it (`"500"`, `"25%"`, `"500,25%"`), or a budget. */
  maxDeletes?: string | DeleteBudget;
  /** Lift the delete guard for this run. */
  allowDeletes?: boolean;
  /** A recorded dry run (in full, with its diff) to apply exactly. */
  plan?: SyncRecord;
  /** With `plan`: apply the elements that still match, logging the drifted ones, instead of refusing the plan. */
  skipDrifted?: boolean;
}

/** Progress of one model within a step. */
export interface ModelProgress {
  /** Records done so far. */
  current: number;
  /** Records to do, when known. */
  total?: number;
}

/** One step of a run as a live view shows it. */
export interface LiveStep {
  /** Which step. */
  name: StepName;
  /** Where it is. */
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  /** How long it took, once ended. */
  durationMs?: number;
  /** Memory during the step, once ended. */
  memory?: StepMemory;
  /** `durationMs` for people (core's `formatDuration`), once ended: the live view shows it as is. */
  durationText?: string;
  /** RSS at the end and at the peak for people (`"98.3 MiB / 120.5 MiB"`, core's `formatBytes`), once ended. */
  memoryText?: string;
  /** Progress per model. */
  models: Record<string, ModelProgress>;
}

/** Where a run is: what `/api/runs/:id/progress` and the live view's events carry. */
export interface RunProgress {
  /** The run's id. */
  id: string;
  /** The job's name. */
  job: string;
  /** The run's status. */
  status: RunStatus;
  /** Whether it is a dry run. */
  dryRun: boolean;
  /** Start (ISO 8601). */
  startedAt: string;
  /** End (ISO 8601), once finished. */
  endedAt?: string;
  /** The steps, in order. */
  steps: LiveStep[];
  /** Why it failed, once failed (secrets redacted). */
  error?: string;
}

/**
 * The progress of a recorded run (for runs not started by this dashboard, or finished).
 *
 * @param record - the run's record
 * @returns its progress
 */
export function progressOf(record: SyncRecord): RunProgress {
  const names = stepNamesOf(record);
  const steps = names.map((name): LiveStep => {
    const step = record.steps.find((s) => s.name === name);
    if (step === undefined) return { name, status: record.status === 'running' && record.steps.length === names.indexOf(name) ? 'running' : 'pending', models: {} };
    const live: LiveStep = { name, status: step.status, models: {} };
    setEnded(live, step.durationMs, step.memory);
    return live;
  });
  const progress: RunProgress = { id: record.id, job: record.job, status: record.status, dryRun: record.dryRun, startedAt: record.startedAt, steps };
  if (record.endedAt !== undefined) progress.endedAt = record.endedAt;
  if (record.error !== undefined) progress.error = record.error.message;
  return progress;
}

/** Records a step's end figures, with the text the live view shows for them. */
function setEnded(step: LiveStep, durationMs: number, memory: StepMemory | undefined): void {
  step.durationMs = durationMs;
  step.durationText = formatDuration(durationMs);
  if (memory !== undefined) {
    step.memory = memory;
    step.memoryText = `${formatBytes(memory.endRss)} / ${formatBytes(memory.peakRss)}`;
  }
}

interface LiveRun {
  progress: RunProgress;
  controller: AbortController;
  done: Promise<void>;
  listeners: Set<(progress: RunProgress) => void>;
}

const KEEP_FINISHED = 50;

/** Starts runs and keeps their live progress. */
export class RunManager {
  readonly #history: SyncHistory;
  readonly #logger: Logger;
  readonly #runs = new Map<string, LiveRun>();

  /**
   * @param history - where runs are recorded
   * @param logger - the runs' logger
   */
  constructor(history: SyncHistory, logger: Logger) {
    this.#history = history;
    this.#logger = logger;
  }

  /**
   * Starts a run of a job, or the application of a plan. Resolves once the run is recorded as
   * started, with its id; rejects before anything runs with core's `JobParameterError` (invalid or
   * unknown parameters), `ScopeError`, `DeleteBudgetError` or `InvalidPlanError`.
   *
   * @param job - the job
   * @param options - parameters, dry run, scope, delete budget, plan
   * @returns the run's id
   */
  start(job: JobDefinition, options: StartRunOptions): Promise<string> {
    const { params, dryRun, scope = [], maxDeletes, allowDeletes, plan, skipDrifted } = options;
    const controller = new AbortController();
    let live: LiveRun | undefined;
    const pending: RunEvent[] = [];
    return new Promise<string>((resolve, reject) => {
      const history = this.#history;
      const onStart = (record: SyncRecord): void => {
        let finished!: () => void;
        const done = new Promise<void>((r) => (finished = r));
        live = { progress: progressOf(record), controller, done, listeners: new Set() };
        this.#runs.set(record.id, live);
        for (const event of pending.splice(0)) this.#apply(live, event);
        void promise.finally(finished);
        resolve(record.id);
      };
      const recorder: SyncRecorder = {
        start: async (record) => {
          await history.start(record);
          onStart(record);
        },
        update: (record) => history.update(record),
        appendLogs: (runId: string, entries: readonly SyncLogEntry[]) => history.appendLogs(runId, entries),
        finish: (record) => history.finish(record),
      };
      const onEvent = (event: RunEvent): void => {
        if (live === undefined) pending.push(event);
        else this.#apply(live, event);
      };
      // Parameters come from a browser or the API: `env:`/`file:` references would read the server's secrets, so they are refused.
      const promise = runJob(job, {
        params,
        dryRun,
        recorder,
        signal: controller.signal,
        logger: this.#logger,
        onEvent,
        referenceSources: false,
        ...(scope.length === 0 ? {} : { scope }),
        ...(maxDeletes === undefined ? {} : { maxDeletes }),
        ...(allowDeletes === undefined ? {} : { allowDeletes }),
        ...(plan === undefined ? {} : { plan, skipDrifted: Boolean(skipDrifted) }),
      }).then(
        (record) => {
          this.#logger.info({ runId: record.id, job: record.job, status: record.status }, 'dashboard run ended');
          this.#prune();
        },
        (error: unknown) => {
          if (live === undefined) reject(error instanceof Error ? error : new Error(String(error)));
          else this.#logger.error({ job: job.name }, `dashboard run could not be recorded: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    });
  }

  #apply(live: LiveRun, event: RunEvent): void {
    const progress = live.progress;
    const stepOf = (name: StepName): LiveStep => {
      const found = progress.steps.find((s) => s.name === name);
      if (found !== undefined) return found;
      const created: LiveStep = { name, status: 'pending', models: {} };
      // A step the record did not announce (checkWrites) goes before the sync step, where it runs.
      const sync = progress.steps.findIndex((s) => s.name === 'executeSync');
      if (sync >= 0 && name !== 'executeSync') progress.steps.splice(sync, 0, created);
      else progress.steps.push(created);
      return created;
    };
    switch (event.type) {
      case 'step-start':
        stepOf(event.step).status = 'running';
        break;
      case 'step-end': {
        const step = stepOf(event.step.name);
        step.status = event.step.status;
        setEnded(step, event.step.durationMs, event.step.memory);
        break;
      }
      case 'progress': {
        const model: ModelProgress = { current: event.current };
        if (event.total !== undefined) model.total = event.total;
        stepOf(event.step).models[event.model] = model;
        break;
      }
      case 'run-end': {
        const models = new Map(progress.steps.map((s) => [s.name, s.models]));
        live.progress = progressOf(event.record);
        for (const step of live.progress.steps) step.models = models.get(step.name) ?? {};
        break;
      }
    }
    for (const listener of live.listeners) listener(live.progress);
  }

  #prune(): void {
    const finished = [...this.#runs.entries()].filter(([, run]) => run.progress.endedAt !== undefined);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#runs.delete(id);
  }

  /**
   * The live progress of a run this dashboard started.
   *
   * @param id - the run's id
   * @returns a snapshot, or `undefined` when this dashboard did not start it
   */
  progress(id: string): RunProgress | undefined {
    const live = this.#runs.get(id);
    return live === undefined ? undefined : structuredClone(live.progress);
  }

  /**
   * Calls `listener` with every change of a run's progress until unsubscribed.
   *
   * @param id - the run's id
   * @param listener - receives the progress (a live object: copy it to keep it)
   * @returns unsubscribes, or `undefined` when this dashboard did not start the run
   */
  subscribe(id: string, listener: (progress: RunProgress) => void): (() => void) | undefined {
    const live = this.#runs.get(id);
    if (live === undefined) return undefined;
    live.listeners.add(listener);
    return () => live.listeners.delete(listener);
  }

  /**
   * Cancels a running run this dashboard started.
   *
   * @param id - the run's id
   * @returns `true` when it was running
   */
  cancel(id: string): boolean {
    const live = this.#runs.get(id);
    if (live === undefined || live.progress.endedAt !== undefined) return false;
    live.controller.abort();
    return true;
  }

  /** Ids of runs still running. */
  running(): string[] {
    return [...this.#runs.entries()].filter(([, run]) => run.progress.endedAt === undefined).map(([id]) => id);
  }

  /**
   * Cancels every running run and waits until each is recorded (at most `timeoutMs`: a step
   * that ignores its abort signal cannot hold the dashboard open for ever).
   *
   * @param timeoutMs - longest wait, in milliseconds (default 10 s)
   */
  async close(timeoutMs = 10_000): Promise<void> {
    const running = [...this.#runs.values()].filter((run) => run.progress.endedAt === undefined);
    for (const run of running) run.controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    const outcome = await Promise.race([Promise.all(running.map((run) => run.done)), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.#logger.warn({ runs: running.filter((run) => run.progress.endedAt === undefined).map((run) => run.progress.id) }, 'dashboard closed before its runs ended');
  }
}
