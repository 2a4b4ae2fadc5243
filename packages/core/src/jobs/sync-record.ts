// The sync record: everything one job run did, as plain JSON, and the recorder interface that stores it.
import type { WriteProblem } from '../adapter.js';
import type { DiffJSON, DiffSummary } from '../diff.js';
import type { DiffAction } from '../diff-element.js';
import type { ElementStatus, SyncCounts } from '../sync-result.js';
import { flattenDiff, newestFirst, pageDiff, pageLogs, runMatches, withoutDiff } from './history-query.js';
import type { DeleteGuardReport } from './delete-guard.js';
import type { JobDirection, ObjectLink } from './job.js';
import type { DriftedElement } from './plan-drift.js';
import type { RunOwner } from './run-owner.js';
import type { DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunPage, RunQuery, SyncHistory } from './sync-history.js';

/**
 * A run's status. `blocked`: a safety check stopped the run before its sync step and nothing was
 * written (the delete guard, or a plan whose target drifted); the diff is kept for review.
 * `interrupted`: the record says `running` but the process that ran it is gone (killed, crashed);
 * readers show it so (see `withLiveness`), it is never stored by a live run.
 */
export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'blocked' | 'interrupted';

/** Every {@link RunStatus}, in the order filters list them. */
export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'blocked', 'interrupted'];

/**
 * The built-in steps of a run: the four of a job; `checkPlan` (instead of loading the source and
 * calculating the diff) when a plan is applied; `checkWrites` in a dry run whose target can check
 * its writes without making them.
 */
export type StepName = 'loadSource' | 'loadTarget' | 'calculateDiff' | 'checkPlan' | 'checkWrites' | 'executeSync';

/** Memory of the process during a step, in bytes (see `sampleMemory` for how it is measured). */
export interface StepMemory {
  /** Resident set size when the step ended. */
  endRss: number;
  /** V8 heap in use when the step ended. */
  endHeapUsed: number;
  /** Highest resident set size seen during the step. */
  peakRss: number;
  /** Highest V8 heap in use seen during the step. */
  peakHeapUsed: number;
}

/** Timing and memory of one step. */
export interface StepRecord {
  /** Which step. */
  name: StepName;
  /** How it ended. */
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  /** When it started (ISO 8601). */
  startedAt: string;
  /** How long it took, in milliseconds. */
  durationMs: number;
  /** Memory during the step, unless memory profiling was off. */
  memory?: StepMemory;
}

/** One log entry of a run: what happened to one record. */
export interface SyncLogEntry {
  /** When (ISO 8601). */
  timestamp: string;
  /** The diff's action. */
  action: DiffAction;
  /** What happened. */
  status: ElementStatus;
  /** Model name. */
  model: string;
  /** Unique id. */
  uid: string;
  /** Changed attributes (updates). */
  changed?: readonly string[];
  /** Failure or skip reason. */
  message?: string;
  /** From the job's `lookupObject`. */
  link?: ObjectLink;
}

/** Why a run failed or was cancelled. */
export interface RunError {
  /** The error's code, when it has one. */
  code?: string;
  /** The message, secrets redacted. */
  message: string;
}

/**
 * Something that went wrong without failing the run: the history store could not save the record
 * or some log entries, a clean-up failed, a CPU profile was not written. The work itself went on,
 * and what it did is in the record.
 */
export interface RunWarning {
  /**
   * Machine-readable code: `RECORDER_UPDATE_FAILED`, `RECORDER_LOGS_FAILED`, `RECORDER_FINISH_FAILED`,
   * `CLEANUP_FAILED` or `CPU_PROFILE_FAILED` from `runJob`; other codes may be added by jobs' steps.
   */
  code: string;
  /** What happened and what it means for the record (secrets redacted). */
  message: string;
  /** The step (a {@link StepName}) that was running or had just ended, when the warning belongs to one. */
  step?: string;
}

/** A dry run's check of its writes (see `Adapter.checkWrites`). */
export interface WriteCheck {
  /** The writes the target would refuse (empty when none would). */
  problems: WriteProblem[];
}

/** Records loaded per side, by model. */
export interface LoadedCounts {
  /** Source records per model. */
  source?: Record<string, number>;
  /** Target records per model. */
  target?: Record<string, number>;
}

/** Everything one run of a job did. Plain JSON. */
export interface SyncRecord {
  /** Unique id of the run. */
  id: string;
  /** Job name. */
  job: string;
  /** Direction of the job. */
  direction: JobDirection;
  /** Source system label. */
  source: string;
  /** Target system label. */
  target: string;
  /** Parameters, with secrets replaced by `[REDACTED]`. */
  parameters: Record<string, unknown>;
  /** Whether the sync step was skipped. */
  dryRun: boolean;
  /** Status. */
  status: RunStatus;
  /** Start (ISO 8601). */
  startedAt: string;
  /** The process running it (host, pid, process start), so that readers can tell a run whose process is gone. */
  owner?: RunOwner;
  /** Last sign of life of a running run (ISO 8601), refreshed every `HEARTBEAT_INTERVAL_MS`. */
  heartbeatAt?: string;
  /** End (ISO 8601), once finished. */
  endedAt?: string;
  /** Steps run so far, in order. */
  steps: StepRecord[];
  /** The diff's counts, once calculated. */
  summary?: DiffSummary;
  /** The diff itself, once calculated. */
  diff?: DiffJSON;
  /** Sync results per action and status, once synced. */
  syncCounts?: SyncCounts;
  /** Unchanged records, counted rather than logged one by one. */
  unchanged?: number;
  /** Records loaded per side and model, once each side is loaded. */
  loaded?: LoadedCounts;
  /** Metrics reported by the job (for example an HTTP client's request counts), by name. */
  metrics?: Record<string, unknown>;
  /** Highest resident set size of the whole process so far, in bytes (`process.resourceUsage().maxRSS`), when the run ended. */
  processMaxRss?: number;
  /** Path of the CPU profile written for this run, if one was asked for. */
  cpuProfile?: string;
  /** The run's scope as specs (`["site=ams1"]`, see `parseScope`); absent when the run covered everything. */
  scope?: string[];
  /** Why the run failed, was cancelled or was blocked (secrets redacted). */
  error?: RunError;
  /** The delete guard's budget and the models over it, once the diff is known. */
  deleteGuard?: DeleteGuardReport;
  /** The id of the plan (a recorded dry run) this run applied, when it applied one. */
  plan?: string;
  /** Elements of the applied plan that no longer matched the target. */
  drifted?: DriftedElement[];
  /**
   * A dry run's check of its writes, when the target can check them without writing (see
   * `Adapter.checkWrites`): the writes that would fail. Absent when the target cannot tell.
   */
  writeCheck?: WriteCheck;
  /**
   * What went wrong without failing the run, in order, each code and message once (for example the
   * history store refusing a record too large to save: the sync still ran, and its counts are here).
   */
  warnings?: RunWarning[];
}

/**
 * Where sync records go. Calls for one run come one at a time, in order: `start`, then any number
 * of `update` and `appendLogs`, then `finish`, and none after it. Log entries arrive in batches.
 * Only a failing `start` fails a run; `runJob` turns any later failure into a warning on the record
 * (see {@link SyncRecord.warnings}) and carries on.
 */
export interface SyncRecorder {
  /** A run started. */
  start(record: SyncRecord): Promise<void>;
  /** A run's record changed (a step finished). */
  update(record: SyncRecord): Promise<void>;
  /** More log entries for a run. */
  appendLogs(runId: string, entries: readonly SyncLogEntry[]): Promise<void>;
  /**
   * The run is still alive at `at` (ISO 8601): store it as the record's `heartbeatAt`, cheaply
   * (without rewriting the record). Called every `HEARTBEAT_INTERVAL_MS` while the run runs. A
   * recorder without it relies on the owner's process check alone (fine for one machine).
   */
  heartbeat?(runId: string, at: string): Promise<void>;
  /** A run finished, whatever its status. */
  finish(record: SyncRecord): Promise<void>;
}

/** Keeps sync records in memory: for tests and short-lived processes. */
export class MemoryRecorder implements SyncHistory {
  readonly #records = new Map<string, SyncRecord>();
  readonly #logs = new Map<string, SyncLogEntry[]>();
  readonly #flatDiffs = new Map<string, FlatDiffElement[]>();

  /** {@inheritDoc SyncHistory.description} */
  readonly description = 'memory (lost when the process ends)';

  /** {@inheritDoc SyncRecorder.start} */
  async start(record: SyncRecord): Promise<void> {
    this.#records.set(record.id, structuredClone(record));
    this.#logs.set(record.id, []);
  }

  /** {@inheritDoc SyncRecorder.update} */
  async update(record: SyncRecord): Promise<void> {
    this.#records.set(record.id, structuredClone(record));
  }

  /** {@inheritDoc SyncRecorder.appendLogs} */
  async appendLogs(runId: string, entries: readonly SyncLogEntry[]): Promise<void> {
    const logs = this.#logs.get(runId) ?? [];
    logs.push(...structuredClone(entries));
    this.#logs.set(runId, logs);
  }

  /** {@inheritDoc SyncRecorder.finish} */
  async finish(record: SyncRecord): Promise<void> {
    this.#records.set(record.id, structuredClone(record));
  }

  /** A stored record, or `undefined`. */
  get(id: string): SyncRecord | undefined {
    return this.#records.get(id);
  }

  /** Every stored record, newest first. */
  list(): SyncRecord[] {
    return [...this.#records.values()].sort(newestFirst);
  }

  /** A run's log entries, in order. */
  logs(id: string): SyncLogEntry[] {
    return this.#logs.get(id) ?? [];
  }

  /** {@inheritDoc SyncHistory.listRuns} */
  async listRuns(query: RunQuery = {}): Promise<RunPage> {
    const matches = this.list().filter((record) => runMatches(record, query));
    const offset = query.offset ?? 0;
    return { runs: matches.slice(offset, offset + (query.limit ?? 50)).map((record) => structuredClone(withoutDiff(record))), total: matches.length };
  }

  /** {@inheritDoc SyncHistory.getRun} */
  async getRun(id: string): Promise<SyncRecord | undefined> {
    const found = this.#resolve(id);
    return found === undefined ? undefined : structuredClone(found);
  }

  /** {@inheritDoc SyncHistory.readLogs} */
  async readLogs(id: string, query: LogQuery = {}): Promise<LogPage> {
    const found = this.#resolve(id);
    return pageLogs(found === undefined ? [] : this.logs(found.id), query);
  }

  /** {@inheritDoc SyncHistory.readDiff} */
  async readDiff(id: string, query: DiffQuery = {}): Promise<DiffPage> {
    const record = this.#resolve(id);
    if (record?.diff === undefined) return pageDiff([], query);
    // A run's diff never changes once recorded: flatten it once, page it many times.
    let flat = this.#flatDiffs.get(record.id);
    if (flat === undefined) {
      flat = flattenDiff(record.diff);
      this.#flatDiffs.set(record.id, flat);
    }
    return pageDiff(flat, query);
  }

  #resolve(id: string): SyncRecord | undefined {
    const exact = this.#records.get(id);
    if (exact !== undefined) return exact;
    const matches = [...this.#records.values()].filter((record) => record.id.startsWith(id));
    return matches.length === 1 ? matches[0] : undefined;
  }
}
