// What every route shares: the options, the credentials, the run manager, the run cache and the jobs by name.
import { silentLogger } from '@ssot/core';
import type { JobDefinition, Logger, SyncHistory, SyncRecord } from '@ssot/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { RunManager } from './live-runs.js';
import type { DashboardOptions } from './options.js';
import type { PageContext } from './pages/layout.js';
import { DEFAULT_MAX_INDEXED_ITEMS, RunCache } from './run-cache.js';
import { DashboardAuth, SESSION_COOKIE } from './security.js';

/** An installed job, as the dashboard uses it. */
export interface InstalledJob {
  /** The job. */
  job: JobDefinition;
  /** The package that provides it. */
  provider: string;
}

/** The dashboard's shared state. */
export interface DashboardState {
  /** Where runs are read from and recorded. */
  history: SyncHistory;
  /** Jobs by name, sorted by name. */
  jobs: ReadonlyMap<string, InstalledJob>;
  /** Credentials. */
  auth: DashboardAuth;
  /** Runs started here. */
  runs: RunManager;
  /** The logger. */
  logger: Logger;
  /** A job's default parameters (never throws). */
  defaults(jobName: string): Record<string, unknown>;
  /** Aborted when the dashboard closes (ends live streams). */
  closing: AbortSignal;
  /** Runs as the pages read them: records, and diffs and logs by page, filter and search (finished runs kept in memory). */
  records: RunCache;
}

/**
 * Builds the shared state from the options.
 *
 * @param options - the dashboard's options
 * @param closing - aborted when the dashboard closes
 * @returns the state
 */
export function createState(options: DashboardOptions, closing: AbortSignal): DashboardState {
  const logger = options.logger ?? silentLogger;
  // Typed jobs are checked where they are defined; here every job is handled through its untyped view, as core's runJob does.
  const installed = options.jobs.map((entry): InstalledJob => ({ job: entry.job as unknown as JobDefinition, provider: entry.provider }));
  const jobs = new Map(installed.sort((a, b) => a.job.name.localeCompare(b.job.name)).map((entry) => [entry.job.name, entry] as const));
  return {
    history: options.history,
    jobs,
    auth: new DashboardAuth(options.token ?? process.env.SSOT_DASHBOARD_TOKEN),
    runs: new RunManager(options.history, logger),
    logger,
    defaults: (jobName) => {
      try {
        return { ...(options.defaultParams?.(jobName) ?? {}) };
      } catch (error) {
        logger.warn({ job: jobName }, `default parameters unavailable: ${error instanceof Error ? error.message : String(error)}`);
        return {};
      }
    },
    closing,
    records: new RunCache(options.history, options.maxIndexedItems ?? DEFAULT_MAX_INDEXED_ITEMS, logger),
  };
}

/**
 * The session's nonce, when the request carries a valid session cookie.
 *
 * @param state - the dashboard's state
 * @param c - the request
 * @returns the nonce or `undefined`
 */
export function sessionOf(state: DashboardState, c: Context): string | undefined {
  return state.auth.verifySession(getCookie(c, SESSION_COOKIE));
}

/**
 * What the pages need to know about a request.
 *
 * @param state - the dashboard's state
 * @param c - the request
 * @returns the page context
 */
export function pageContext(state: DashboardState, c: Context): PageContext {
  const session = sessionOf(state, c);
  const url = new URL(c.req.url);
  return { runsEnabled: state.auth.enabled, loggedIn: session !== undefined, csrf: state.auth.csrfToken(session), historyDescription: state.history.description, path: url.pathname + url.search };
}

/**
 * The secret parameter names of the job a run belongs to.
 *
 * @param state - the dashboard's state
 * @param run - the run
 * @returns the names (empty when the job is not installed)
 */
export function secretsOf(state: DashboardState, run: SyncRecord): readonly string[] {
  return state.jobs.get(run.job)?.job.secrets ?? [];
}

/**
 * The job with a name.
 *
 * @param state - the dashboard's state
 * @param name - the job's name
 * @returns the job or `undefined`
 */
export function jobNamed(state: DashboardState, name: string): JobDefinition | undefined {
  return state.jobs.get(name)?.job;
}

/**
 * A run as the dashboard shows it: without its diff, and with the job's secret parameters
 * redacted again (records are redacted when written; this also covers records from elsewhere).
 *
 * @param state - the dashboard's state
 * @param run - the stored run
 * @returns the run to show
 */
export function publicRun(state: DashboardState, run: SyncRecord): SyncRecord {
  const { diff: _diff, ...rest } = run;
  const secrets = secretsOf(state, run);
  if (secrets.length === 0) return rest;
  return { ...rest, parameters: Object.fromEntries(Object.entries(run.parameters).map(([key, value]) => [key, secrets.includes(key) ? '[REDACTED]' : value])) };
}
