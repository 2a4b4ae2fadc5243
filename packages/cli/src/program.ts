// The `ssot` program: commander wiring, global options, and the mapping of errors to exit codes.
import { SsotError } from '@ssot/core';
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_JOB_FAILED, EXIT_USAGE } from './cli-error.js';
import { applyCommand, diffCommand, historyCommand, jobsCommand, runCommand, serveCommand, showCommand, type ApplyCommandOptions, type CommandContext, type RunCommandOptions } from './commands.js';
import { paletteFor } from './colors.js';
import { LogOutput } from './log-output.js';
import { createLogger, defaultLogFormat, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './logger.js';
import { openHistory, type OpenHistory } from './recorder.js';

interface GlobalOptions {
  jobs?: string[];
  runsDir?: string;
  history?: string;
  logLevel: LogLevel;
  logFormat?: LogFormat;
  verbose?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Runs the `ssot` command line and returns the exit code: 0 success, 1 the job failed or was
 * cancelled, 2 bad usage or parameters, 3 `ssot diff --exit-code` found changes, 4 a safety check
 * blocked the run before it wrote anything (the delete guard, or a plan whose target drifted). Errors are printed as one line plus a hint; `--verbose` adds the
 * stack.
 *
 * @param argv - the arguments, without `node` and the script (`process.argv.slice(2)`)
 * @returns the exit code
 */
export async function main(argv: readonly string[]): Promise<number> {
  let verbose = argv.includes('--verbose');
  const program = new Command('ssot')
    .description('Load records from two systems, see what differs, apply it, and keep a record of every run.')
    .version(await version(), '-V, --version')
    .option('--jobs <module>', 'also load jobs from this ES module (repeatable)', collect)
    .option('--history <backend>', 'where sync records are kept: files or mongodb (default: $SSOT_HISTORY or files)')
    .option('--runs-dir <dir>', 'directory of file records (default: $SSOT_RUNS_DIR or .ssot/runs)')
    .addOption(new Option('--log-level <level>', 'process log level').choices(LOG_LEVELS).default('warn'))
    .addOption(new Option('--log-format <format>', 'process log lines: pretty (human) or json (default: pretty on a terminal, json otherwise)').choices(LOG_FORMATS))
    .option('--verbose', 'print stack traces of errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  let code = 0;
  const opened: OpenHistory[] = [];
  const context = async (): Promise<CommandContext> => {
    const options = program.opts<GlobalOptions>();
    verbose = Boolean(options.verbose);
    const logOutput = new LogOutput(process.stderr);
    const logger = createLogger({ level: options.logLevel, format: options.logFormat ?? defaultLogFormat(process.stderr), output: logOutput, color: paletteFor(process.stderr).enabled });
    const history = await openHistory({ ...(options.history === undefined ? {} : { backend: options.history }), ...(options.runsDir === undefined ? {} : { runsDir: options.runsDir }), logger });
    opened.push(history);
    return { jobModules: options.jobs ?? [], history: history.history, logger, logOutput, stdout: process.stdout, stderr: process.stderr };
  };
  const runOptions = (command: Command): Command =>
    command
      .option('--param <name=value>', 'a job parameter (repeatable)', collect)
      .option('--params <file>', 'parameters from a JSON or YAML file (--param wins)')
      .option('--json', 'print the result as JSON')
      .option('--cpu-profile <file>', 'write a CPU profile of the run (.cpuprofile: Chrome DevTools, speedscope)')
      .option('--no-memory', 'do not sample memory during the steps')
      .option('--concurrent-loads', 'load source and target at the same time')
      .option('--log-unchanged', 'log one entry per unchanged record too (they are otherwise only counted)')
      .option('--scope <spec>', 'limit the run to part of the data (repeatable): model=device,interface, or <model>=<id> for a subtree such as site=ams1; records out of scope are never written', collect)
      .option('--max-deletes <budget>', 'the delete budget per model: a count (500), a share of its records (25%) or both (500,25%); default 50,10% (a run over it is blocked)')
      .option('--allow-deletes', 'lift the delete guard for this run: every delete of the diff is meant');

  program.command('jobs').description('list the jobs installed packages provide').option('--json', 'print JSON').action(async (options: { json?: boolean }) => {
    // Listing jobs needs no sync history: nothing is opened (no database connection, no lock).
    code = await jobsCommand({ jobModules: program.opts<GlobalOptions>().jobs ?? [], stdout: process.stdout, stderr: process.stderr }, options);
  });
  runOptions(program.command('run').argument('<job>', 'job name (see `ssot jobs`)').description('run a job: load both sides, diff, sync, record').option('--dry-run', 'calculate the diff but do not sync')).action(
    async (job: string, options: RunCommandOptions) => {
      code = await runCommand(await context(), job, options);
    },
  );
  runOptions(
    program
      .command('diff')
      .argument('<job>', 'job name')
      .description('show what a run would change (a recorded dry run: a plan that `ssot apply` applies exactly)')
      .option('--exit-code', 'exit 3 when there are changes, 0 when source and target agree (drift detection in CI)'),
  ).action(async (job: string, options: RunCommandOptions) => {
    code = await diffCommand(await context(), job, options);
  });
  program
    .command('apply')
    .argument('<run-id>', 'the plan: a dry run recorded by `ssot diff` (its id or a unique prefix)')
    .description("apply a plan exactly: the target is loaded again and checked against the values the plan saw; a plan whose target drifted is refused (exit 4) unless --skip-drifted")
    .option('--skip-drifted', 'apply the elements that still match and log the drifted ones as drifted')
    .option('--param <name=value>', 'give a parameter again (a secret the plan did not keep: --param token=env:NAME)', collect)
    .option('--params <file>', 'parameters from a JSON or YAML file (--param wins)')
    .option('--max-deletes <budget>', 'the delete budget per model: 500, 25% or 500,25% (default 50,10%)')
    .option('--allow-deletes', "lift the delete guard: every delete of the plan is meant")
    .option('--json', 'print the result as JSON')
    .option('--cpu-profile <file>', 'write a CPU profile of the run')
    .option('--no-memory', 'do not sample memory during the steps')
    .action(async (id: string, options: ApplyCommandOptions) => {
      code = await applyCommand(await context(), id, options);
    });
  program
    .command('history')
    .description('list recorded runs, newest first')
    .option('--job <name>', 'only this job')
    .option('--status <status>', 'only runs with this status')
    .option('--limit <n>', 'runs per page', '20')
    .option('--offset <n>', 'runs to skip', '0')
    .option('--json', 'print JSON')
    .action(async (options: Parameters<typeof historyCommand>[1]) => {
      code = await historyCommand(await context(), options);
    });
  program
    .command('show')
    .argument('<id>', 'run id or a unique prefix of it')
    .description("one run's summary, step durations and memory, logs and diff")
    .option('--logs', 'show log entries')
    .option('--diff', 'show the diff, element by element')
    .option('--action <action>', 'only this action (create, update, delete, none)')
    .option('--status <status>', 'only log entries with this status (success, failure, error, skipped, unchanged, unknown, rolledBack, drifted)')
    .option('--model <model>', 'only this model')
    .option('--limit <n>', 'entries per page', '100')
    .option('--offset <n>', 'entries to skip', '0')
    .option('--json', 'print JSON')
    .action(async (id: string, options: Parameters<typeof showCommand>[2]) => {
      code = await showCommand(await context(), id, options);
    });

  program
    .command('serve')
    .description('the web dashboard: jobs, history, diffs and logs (read-only unless SSOT_DASHBOARD_TOKEN is set)')
    .option('--port <port>', 'port to listen on', '4100')
    .option('--host <host>', 'interface to bind (loopback by default)', '127.0.0.1')
    .action(async (options: { host?: string; port?: string }) => {
      code = await serveCommand(await context(), options);
    });
  program
    .command('new')
    .description('scaffold a new integration or job (new integration <name> [--template file|inventory] [--direction source|target|both] [--models a,b,c]; new job <integration> <job-name>); needs @ssot/generator')
    .argument('[args...]', 'what to generate and its options (see `ssot new --help`)')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (_args: string[], _options: unknown, command: Command) => {
      // The generator brings ts-morph and the TypeScript compiler, so it is an optional peer
      // dependency, loaded only here: without it, say in one line how to scaffold anyway.
      const generator = await import('@ssot/generator').catch((error: unknown) => {
        const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String((error as { message?: unknown }).message).includes("'@ssot/generator'");
        if (missing) return undefined;
        throw error;
      });
      if (generator === undefined) {
        process.stderr.write('error: `ssot new` needs @ssot/generator, which is not installed: run `npm create @ssot/integration <name>` instead, or install it with `npm install --save-dev @ssot/generator`.\n');
        code = EXIT_USAGE;
        return;
      }
      const { GENERATOR_USAGE, runGenerator } = generator;
      const args = command.args;
      if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
        process.stdout.write(GENERATOR_USAGE.replaceAll('ssot-generate', 'ssot new'));
        code = args.length === 0 ? EXIT_USAGE : 0;
        return;
      }
      code = await runGenerator(args);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return report(error, verbose);
  } finally {
    await Promise.all(opened.map((history) => history.close()));
  }
}

function report(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help/version text).
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\nhint: ${error.hint}\n`);
    if (verbose && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const code = err instanceof SsotError ? ` [${err.code}]` : '';
  process.stderr.write(`error${code}: ${err.message}\nhint: ${verbose ? 'the stack trace follows' : 'run again with --verbose for the stack trace'}\n`);
  if (verbose && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
  return EXIT_JOB_FAILED;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
