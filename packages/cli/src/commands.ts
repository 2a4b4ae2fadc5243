// The `ssot` commands: jobs, run, diff, history and show, each a plain async function of parsed options.
import {
  DeleteBudgetError,
  describeParameters,
  Diff,
  ELEMENT_STATUSES,
  RUN_STATUSES,
  InvalidPlanError,
  JobParameterError,
  ParameterReferenceError,
  runJob,
  ScopeError,
  withoutDiff,
  type RunJobOptions,
  type SyncHistory,
  type SyncRecord,
} from '@ssot/core';
import type { Logger as PinoLogger } from 'pino';
import { CliError, EXIT_BLOCKED, EXIT_CHANGES, EXIT_JOB_FAILED, EXIT_OK, EXIT_USAGE } from './cli-error.js';
import { paletteFor } from './colors.js';
import { discoverJobs, findJob, formatSkippedProvider, type DiscoveredJob, type SkippedJobProvider } from './discover-jobs.js';
import { formatDiffPage } from './format-diff.js';
import { formatHistory, formatLogs, formatPlanNotes, formatRunSummary } from './format-run.js';
import type { LogOutput } from './log-output.js';
import { literalSecrets, parseParamPairs, readParamsFile } from './parameters.js';
import { createProgressView, silentProgress } from './progress.js';
import { renderTable } from './table.js';

/** What every command gets: where jobs and records are, the logger, and the output streams. */
export interface CommandContext {
  /** Extra job modules (`--jobs`). */
  jobModules: string[];
  /** The sync history. */
  history: SyncHistory;
  /** The process logger. */
  logger: PinoLogger;
  /** Where the logger writes: a run's progress bars take its lines while they are drawn. */
  logOutput?: LogOutput;
  /** Results go here. */
  stdout: NodeJS.WriteStream;
  /** Progress goes here. */
  stderr: NodeJS.WriteStream;
}

/** Options of `ssot run` and `ssot diff`. */
export interface RunCommandOptions {
  /** Skip the sync step. */
  dryRun?: boolean;
  /** `name=value` parameters. */
  param?: string[];
  /** A JSON or YAML parameters file. */
  params?: string;
  /** Print the record as JSON instead of text. */
  json?: boolean;
  /** Write a CPU profile here. */
  cpuProfile?: string;
  /** `false` with `--no-memory`. */
  memory?: boolean;
  /** Load source and target at the same time. */
  concurrentLoads?: boolean;
  /** Log unchanged records one by one. */
  logUnchanged?: boolean;
  /** `--scope` specs (`model=device,interface`, `site=ams1`). */
  scope?: string[];
  /** `--max-deletes`: the run's delete budget (`500`, `25%`, `500,25%`). */
  maxDeletes?: string;
  /** `--allow-deletes`: lift the delete guard for this run. */
  allowDeletes?: boolean;
  /** `ssot diff --exit-code`: exit 3 when the diff has changes. */
  exitCode?: boolean;
}

/** Options of `ssot apply`. */
export interface ApplyCommandOptions extends Pick<RunCommandOptions, 'param' | 'params' | 'json' | 'memory' | 'cpuProfile' | 'maxDeletes' | 'allowDeletes'> {
  /** Apply the elements that still match and log the drifted ones, instead of refusing the plan. */
  skipDrifted?: boolean;
}

/**
 * The exit code of a finished run: 0 succeeded, 4 blocked by a safety check, 128 + the signal's
 * number when a signal cancelled it (130 SIGINT, 143 SIGTERM), 1 otherwise.
 *
 * @param record - the finished run
 * @param cancelledBy - the signal that cancelled it, if one did
 * @returns the exit code
 */
export function exitCodeOf(record: SyncRecord, cancelledBy?: NodeJS.Signals): number {
  if (record.status === 'succeeded') return EXIT_OK;
  if (record.status === 'cancelled' && cancelledBy !== undefined) return 128 + (cancelledBy === 'SIGINT' ? 2 : 15);
  return record.status === 'blocked' ? EXIT_BLOCKED : EXIT_JOB_FAILED;
}

const write = (stream: NodeJS.WritableStream, text: string): void => void stream.write(text.endsWith('\n') ? text : `${text}\n`);

/** Job discovery's warnings: one line per skipped package on stderr, so every other job still runs. */
const warnSkipped =
  (stderr: NodeJS.WritableStream) =>
  (skipped: SkippedJobProvider): void =>
    write(stderr, formatSkippedProvider(skipped));

/**
 * `ssot jobs`: lists the jobs installed packages provide.
 *
 * @param context - the command context
 * @param options - `json` for machine-readable output
 * @returns the exit code
 */
export async function jobsCommand(context: Pick<CommandContext, 'jobModules' | 'stdout' | 'stderr'>, options: { json?: boolean }): Promise<number> {
  const jobs = await discoverJobs({ modules: context.jobModules, onSkip: warnSkipped(context.stderr) });
  if (options.json) {
    write(context.stdout, JSON.stringify(jobs.map(({ job, provider }) => ({ name: job.name, description: job.description, direction: job.direction, source: job.source, target: job.target, provider, parameters: describeParameters(job) })), null, 2));
    return EXIT_OK;
  }
  if (jobs.length === 0) {
    write(context.stdout, 'No jobs found. Install an integration package (one whose package.json declares "ssot": { "jobs": ... }) or pass --jobs <module>.');
    return EXIT_OK;
  }
  const lines: string[] = [renderTable(['job', 'direction', 'source -> target', 'package'], jobs.map(({ job, provider }) => [job.name, job.direction, `${job.source} -> ${job.target}`, provider]), paletteFor(context.stdout)), ''];
  for (const { job } of jobs) {
    lines.push(`${job.name}${job.description === undefined ? '' : `: ${job.description}`}`);
    const parameters = describeParameters(job);
    if (parameters.length === 0) lines.push('  (no parameters)');
    for (const p of parameters) {
      const notes = [p.type, p.required ? 'required' : undefined, p.secret ? 'secret' : undefined, p.default === undefined ? undefined : `default ${JSON.stringify(p.default)}`].filter(Boolean).join(', ');
      lines.push(`  --param ${p.name}=...  (${notes})${p.description === undefined ? '' : ` ${p.description}`}`);
    }
  }
  write(context.stdout, lines.join('\n'));
  return EXIT_OK;
}

/**
 * `ssot run <job>`: runs a job with progress, prints the summary and the record id.
 *
 * @param context - the command context
 * @param name - the job's name
 * @param options - dry run, parameters, output and profiling options
 * @returns the exit code: 0 when the run succeeded, 4 when a safety check blocked it, 1 when it failed or was cancelled
 */
export async function runCommand(context: CommandContext, name: string, options: RunCommandOptions): Promise<number> {
  return reportRun(context, await execute(context, name, options), options.json);
}

/** Prints a finished run (its summary, or the record as JSON) and returns its exit code. */
function reportRun(context: CommandContext, { record, cancelledBy }: { record: SyncRecord; cancelledBy?: NodeJS.Signals }, json: boolean | undefined): number {
  if (json) write(context.stdout, JSON.stringify(withoutDiff(record), null, 2));
  else write(context.stdout, `\n${formatRunSummary(record, context.history.description, paletteFor(context.stdout))}`);
  return exitCodeOf(record, cancelledBy);
}

/**
 * `ssot apply <run-id>`: applies a recorded dry run (a plan) exactly: the target is loaded again,
 * every element is checked against the values the plan saw, and the plan is refused as a whole
 * (status `blocked`, exit 4) when the target drifted, unless `--skip-drifted`.
 *
 * @param context - the command context
 * @param id - the plan's run id (or a unique prefix)
 * @param options - parameters given again, delete budget, drift policy, output options
 * @returns the exit code (as `ssot run`)
 */
export async function applyCommand(context: CommandContext, id: string, options: ApplyCommandOptions): Promise<number> {
  const plan = await context.history.getRun(id);
  if (plan === undefined) throw new CliError(`No sync record with id "${id}" in ${context.history.description}.`, 'List runs with `ssot history`; a plan is a dry run made with `ssot diff`.', EXIT_USAGE);
  return reportRun(context, await execute(context, plan.job, options, { plan, skipDrifted: Boolean(options.skipDrifted) }), options.json);
}

/**
 * `ssot diff <job>`: a dry run that prints the readable diff (recorded like any run).
 *
 * @param context - the command context
 * @param name - the job's name
 * @param options - parameters and output options
 * @returns the exit code: 0, or with `--exit-code` 3 when there are changes; 1 when the dry run failed
 */
export async function diffCommand(context: CommandContext, name: string, options: RunCommandOptions): Promise<number> {
  const { record, cancelledBy } = await execute(context, name, { ...options, dryRun: true });
  if (record.diff === undefined) {
    write(context.stdout, formatRunSummary(record, context.history.description, paletteFor(context.stdout)));
    return exitCodeOf(record, cancelledBy);
  }
  const s = record.summary;
  const changes = s !== undefined && s.create + s.update + s.delete > 0;
  if (options.json) {
    write(context.stdout, JSON.stringify(record.diff, null, 2));
  } else {
    const diff = Diff.fromJSON(record.diff);
    write(context.stdout, diff.hasChanges() ? diff.toText() : 'No changes: source and target agree.');
    if (s !== undefined) write(context.stdout, `\n${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.noChange} unchanged`);
    const notes = formatPlanNotes(record, paletteFor(context.stdout));
    if (notes !== '') write(context.stdout, notes);
    write(context.stdout, `sync record ${record.id} (${context.history.description})`);
    if (changes && record.status === 'succeeded') write(context.stdout, `Apply exactly this plan: ssot apply ${record.id.slice(0, 8)}${record.deleteGuard?.violations.length ? ' --allow-deletes' : ''}`);
  }
  if (record.status !== 'succeeded') return exitCodeOf(record, cancelledBy);
  return options.exitCode && changes ? EXIT_CHANGES : EXIT_OK;
}

/**
 * `ssot history`: lists recorded runs, newest first.
 *
 * @param context - the command context
 * @param options - filters and page
 * @returns the exit code
 */
export async function historyCommand(context: CommandContext, options: { job?: string; status?: string; limit?: string; offset?: string; json?: boolean }): Promise<number> {
  const status = options.status;
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new CliError(`--status "${status}" is not a run status.`, `Use ${RUN_STATUSES.join(', ')}.`, EXIT_USAGE);
  }
  const page = await context.history.listRuns({
    ...(options.job === undefined ? {} : { job: options.job }),
    ...(status === undefined ? {} : { status: status as SyncRecord['status'] }),
    limit: positiveInt(options.limit, '--limit', 20),
    offset: positiveInt(options.offset, '--offset', 0),
  });
  if (options.json) write(context.stdout, JSON.stringify(page, null, 2));
  else write(context.stdout, formatHistory(page.runs, page.total, paletteFor(context.stdout)));
  return EXIT_OK;
}

/**
 * `ssot show <id>`: one run's summary, durations and memory, then its logs or diff, filterable.
 *
 * @param context - the command context
 * @param id - the run's id (or a unique prefix)
 * @param options - what to show and filters
 * @returns the exit code
 */
export async function showCommand(
  context: CommandContext,
  id: string,
  options: { logs?: boolean; diff?: boolean; action?: string; status?: string; model?: string; limit?: string; offset?: string; json?: boolean },
): Promise<number> {
  const record = await context.history.getRun(id);
  if (record === undefined) throw new CliError(`No sync record with id "${id}" in ${context.history.description}.`, 'List runs with `ssot history`; an id prefix of 8 characters is enough.', EXIT_USAGE);
  const action = oneOf(options.action, '--action', ['create', 'update', 'delete', 'none'] as const);
  const status = oneOf(options.status, '--status', ELEMENT_STATUSES);
  const limit = positiveInt(options.limit, '--limit', 100);
  const offset = positiveInt(options.offset, '--offset', 0);
  const filters = { ...(action === undefined ? {} : { action }), ...(options.model === undefined ? {} : { model: options.model }), limit, offset };
  if (options.diff) {
    const page = await context.history.readDiff(record.id, filters);
    if (options.json) write(context.stdout, JSON.stringify(page, null, 2));
    else write(context.stdout, formatDiffPage(page, offset, paletteFor(context.stdout)));
    return EXIT_OK;
  }
  const logs = options.logs || action !== undefined || status !== undefined || options.model !== undefined;
  if (options.json) {
    const body: Record<string, unknown> = { record: withoutDiff(record) };
    if (logs) body.logs = await context.history.readLogs(record.id, { ...filters, ...(status === undefined ? {} : { status }) });
    write(context.stdout, JSON.stringify(body, null, 2));
    return EXIT_OK;
  }
  const palette = paletteFor(context.stdout);
  write(context.stdout, formatRunSummary(record, context.history.description, palette));
  if (logs) {
    const page = await context.history.readLogs(record.id, { ...filters, ...(status === undefined ? {} : { status }) });
    write(context.stdout, `\n${formatLogs(page, offset, palette)}`);
  } else {
    write(context.stdout, '\nShow log entries with --logs (filter with --action, --status, --model), the diff with --diff.');
  }
  return EXIT_OK;
}

/** How long a cancelled run may take to stop before the CLI exits anyway (milliseconds). */
const CANCEL_GRACE_MS = Number(process.env.SSOT_CANCEL_GRACE_MS ?? 10_000);
/** How long a forced exit waits for the history to mark the record (milliseconds). */
const FORCED_EXIT_RECORD_MS = 3_000;

async function execute(context: CommandContext, name: string, options: RunCommandOptions, apply?: Pick<RunJobOptions, 'plan' | 'skipDrifted'>): Promise<{ record: SyncRecord; entry: DiscoveredJob; cancelledBy?: NodeJS.Signals }> {
  const entry = findJob(await discoverJobs({ modules: context.jobModules, onSkip: warnSkipped(context.stderr) }), name);
  const fromFile = options.params === undefined ? {} : await readParamsFile(options.params);
  const fromCommandLine = parseParamPairs(options.param ?? [], entry.job);
  for (const name of literalSecrets(fromCommandLine, entry.job)) {
    write(context.stderr, `warning: secret parameter "${name}" was given on the command line, where shell history and other users' process lists can see it. Use --param ${name}=env:VARIABLE (or file:PATH), or put it in a --params file.`);
  }
  const params = { ...fromFile, ...fromCommandLine };
  const controller = new AbortController();
  // SIGINT and SIGTERM cancel the run: it stops at the next safe point and is recorded `cancelled`.
  // A second signal, or a run still going after the grace period, exits at once, but marks the
  // record first so that it never looks alive.
  let live: SyncRecord | undefined;
  let cancelledBy: NodeJS.Signals | undefined;
  let forcing = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const forceExit = async (signal: NodeJS.Signals, why: string): Promise<void> => {
    if (forcing) return;
    forcing = true;
    if (live !== undefined && (live.status === 'running' || live.status === 'pending')) {
      const marked: SyncRecord = { ...live, status: 'cancelled', endedAt: new Date().toISOString(), error: { code: 'FORCED_EXIT', message: `The run was stopped by ${signal} ${why}, before it could finish: what it wrote before is in its log; run the job again to converge.` } };
      await Promise.race([context.history.finish(marked).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, FORCED_EXIT_RECORD_MS))]);
    }
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      void forceExit(signal, 'a second time');
      return;
    }
    cancelledBy = signal;
    context.logger.warn(`${signal}: cancelling the run (a second ${signal === 'SIGINT' ? 'Ctrl-C' : 'signal'} exits at once)...`);
    controller.abort(new Error(`cancelled by ${signal}`));
    graceTimer = setTimeout(() => void forceExit(signal, `and did not stop within ${CANCEL_GRACE_MS / 1000} s`), CANCEL_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = options.json ? silentProgress : createProgressView(context.stderr);
  // While bars are drawn, log lines go through them: printed above the bars, never over them.
  const restoreLogs = progress.log === undefined ? undefined : context.logOutput?.divert(progress.log);
  context.logger.info({ job: entry.job.name, provider: entry.provider, dryRun: Boolean(options.dryRun), recorder: context.history.description }, `Running ${entry.job.name}`);
  try {
    const record = await runJob(entry.job, {
      params,
      dryRun: Boolean(options.dryRun),
      recorder: context.history,
      signal: controller.signal,
      logger: context.logger,
      memory: options.memory !== false,
      loadConcurrently: Boolean(options.concurrentLoads),
      logUnchanged: Boolean(options.logUnchanged),
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      ...(options.maxDeletes === undefined ? {} : { maxDeletes: options.maxDeletes }),
      allowDeletes: Boolean(options.allowDeletes),
      ...apply,
      onEvent: (event) => {
        if (event.type === 'run-start') live = event.record;
        progress.onEvent(event);
      },
      ...(options.cpuProfile === undefined ? {} : { cpuProfile: options.cpuProfile }),
    });
    return cancelledBy === undefined ? { record, entry } : { record, entry, cancelledBy };
  } catch (error) {
    if (error instanceof JobParameterError) throw new CliError(error.message, `See the job's parameters with \`ssot jobs\`; pass them with --param name=value or --params file.yaml.`, EXIT_USAGE);
    if (error instanceof ParameterReferenceError) throw new CliError(error.message, 'Set the environment variable or create the file the reference names (env:NAME, file:PATH).', EXIT_USAGE);
    if (error instanceof DeleteBudgetError) throw new CliError(error.message, 'For example --max-deletes 500, --max-deletes 25% or --max-deletes 500,25%; --allow-deletes lifts the guard for one run.', EXIT_USAGE);
    if (error instanceof InvalidPlanError) throw new CliError(error.message, 'A plan is a dry run recorded by `ssot diff <job>`; list runs with `ssot history`.', EXIT_USAGE);
    if (error instanceof ScopeError) throw new CliError(error.message, 'Write --scope model=<model>[,<model>...] or --scope <model>=<id> (a subtree), once per part.', EXIT_USAGE);
    throw error;
  } finally {
    progress.stop();
    restoreLogs?.();
    clearTimeout(graceTimer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new CliError(`${flag} "${value}" is not a whole number.`, `Give ${flag} a number such as 20.`, EXIT_USAGE);
  return parsed;
}

function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag} "${value}" is not one of ${allowed.join(', ')}.`, `Use one of: ${allowed.join(', ')}.`, EXIT_USAGE);
  return value as T;
}

/**
 * `ssot serve`: the web dashboard over the configured history and the installed jobs, until Ctrl-C.
 *
 * @param context - the command context
 * @param options - host and port
 * @returns the exit code once the dashboard has stopped
 */
export async function serveCommand(context: CommandContext, options: { host?: string; port?: string }): Promise<number> {
  const port = positiveInt(options.port, '--port', 4100);
  const host = options.host ?? '127.0.0.1';
  const jobs = await discoverJobs({ modules: context.jobModules, onSkip: warnSkipped(context.stderr) });
  // The dashboard (a web server) is loaded only for this command.
  const { startDashboard } = await import('@ssot/dashboard');
  const dashboard = await startDashboard({ history: context.history, jobs, host, port, logger: context.logger });
  const token = process.env.SSOT_DASHBOARD_TOKEN ? 'runs can be started with the token in SSOT_DASHBOARD_TOKEN' : 'read-only: set SSOT_DASHBOARD_TOKEN to start runs from the browser';
  write(context.stdout, `ssot dashboard at ${dashboard.url} (${jobs.length} jobs, records in ${context.history.description}; ${token}). Ctrl-C stops it.`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') context.logger.warn({ host }, 'The dashboard listens beyond loopback: anyone who can reach it can read sync records.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  write(context.stderr, 'Stopping the dashboard (runs it started are cancelled and recorded)...');
  await dashboard.close();
  return EXIT_OK;
}
