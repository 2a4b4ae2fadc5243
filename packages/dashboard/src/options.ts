// Options of the dashboard and the handle of a running one.
import type { JobDefinition, Logger, SyncHistory } from '@ssot/core';

/** A job the dashboard shows and can run, and the package that provides it. */
export interface DashboardJob {
  /** The job. */
  job: JobDefinition;
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
