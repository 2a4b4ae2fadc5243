// Options of the dashboard and the handle of a running one.
import type { JobDefinition, Logger, SyncHistory } from '@ssot/core';

/**
 * Any job made by `defineJob`, whatever its parameter schema and models (a typed job's steps
 * take typed contexts and adapters, so they are only checked to exist here).
 */
export type AnyJobDefinition = Omit<JobDefinition, 'configInformation' | 'loadSource' | 'loadTarget' | 'calculateDiff' | 'executeSync'> & {
  /** Label -> value facts about the job's configuration. */
  readonly configInformation?: (params: never) => Record<string, string>;
  /** Makes and loads the source adapter. */
  loadSource(context: never): Promise<unknown>;
  /** Makes and loads the target adapter. */
  loadTarget(context: never): Promise<unknown>;
  /** Replaces the built-in diff step. */
  calculateDiff?(context: never, source: never, target: never): unknown;
  /** Replaces the built-in sync step. */
  executeSync?(context: never, source: never, target: never, diff: never): Promise<unknown>;
};

/** A job the dashboard shows and can run, and the package that provides it. */
export interface DashboardJob {
  /** The job (a `defineJob` result). */
  job: AnyJobDefinition | JobDefinition;
  /** Name of the package (or module) that provides it. */
  provider: string;
}

/** What {@link startDashboard} takes. */
export interface DashboardOptions {
  /** Where runs are read from, and where runs started from the dashboard are recorded. */
  history: SyncHistory;
  /** The installed jobs. */
  jobs: readonly DashboardJob[];
  /** Interface to bind (default `127.0.0.1`: loopback only). */
  host?: string;
  /** Port to listen on (default 0: a free port). */
  port?: number;
  /**
   * Token that allows starting runs (default `process.env.SSOT_DASHBOARD_TOKEN`). When there is
   * none, the dashboard is read-only and says how to enable runs.
   */
  token?: string;
  /** A pino-compatible logger (silent by default). Also the logger of runs started from the dashboard. */
  logger?: Logger;
  /** Parameters a run of a job starts from (from the environment or a config file); the run form's values override them. */
  defaultParams?: (jobName: string) => Record<string, unknown>;
  /**
   * How many diff elements and log entries of finished runs the dashboard keeps indexed in memory,
   * over all runs (default 300 000: three 100 000-element diffs, a few hundred MB for typical
   * records). A run's diff or log is read from the history once and then paged, filtered and
   * searched from memory; one larger than this is paged by the history on every request.
   */
  maxIndexedItems?: number;
}

/** A dashboard that is listening. */
export interface RunningDashboard {
  /** Base URL (`http://127.0.0.1:4100`). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Cancels runs it started, waits for them to be recorded, and stops listening. */
  close(): Promise<void>;
}
