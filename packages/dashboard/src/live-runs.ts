// Runs started from the dashboard: starts them with core's runJob, tracks their progress per step and tells live views.
import { formatBytes, formatDuration, runJob } from '@ssot/core';
import type { JobDefinition, Logger, RunEvent, RunStatus, StepMemory, StepName, SyncHistory, SyncLogEntry, SyncRecord, SyncRecorder } from '@ssot/core';

/** The four steps of a run, in order. */
export const STEP_NAMES: readonly StepName[] = ['loadSource', 'loadTarget', 'calculateDiff', 'executeSync'];

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
  const steps = STEP_NAMES.map((name): LiveStep => {
    const step = record.steps.find((s) => s.name === name);
    if (step === undefined) return { name, status: record.status === 'running' && record.steps.length === STEP_NAMES.indexOf(name) ? 'running' : 'pending', models: {} };
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
   * Starts a run of a job. Resolves once the run is recorded as started, with its id; rejects
   * (with core's `JobParameterError`) when the parameters are invalid.
   *
   * @param job - the job
   * @param params - raw parameters
   * @param dryRun - skip the sync step
   * @param scope - `--scope`-style specs limiting the run (`site=ams1`, `model=device`); rejects with core's `ScopeError` when one cannot be read
   * @returns the run's id
   */
  start(job: JobDefinition, params: Record<string, unknown>, dryRun: boolean, scope: readonly string[] = []): Promise<string> {
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
      const promise = runJob(job, { params, dryRun, recorder, signal: controller.signal, logger: this.#logger, onEvent, referenceSources: false, ...(scope.length === 0 ? {} : { scope }) }).then(
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
      progress.steps.push(created);
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
