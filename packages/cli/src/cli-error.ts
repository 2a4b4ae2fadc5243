// The CLI's own error: one clear line, a hint, and the exit code to end with.

/** Exit code: the job succeeded. */
export const EXIT_OK = 0;
/** Exit code: the job failed or was cancelled. */
export const EXIT_JOB_FAILED = 1;
/** Exit code: bad usage or parameters. */
export const EXIT_USAGE = 2;

/** An error the CLI reports as one line plus a hint, then exits with {@link CliError.exitCode}. */
export class CliError extends Error {
  /** What to try next. */
  readonly hint: string;
  /** The process exit code (1: the job failed, 2: bad usage or parameters). */
  readonly exitCode: number;

  /**
   * @param message - what went wrong, in one line
   * @param hint - what to do about it
   * @param exitCode - the process exit code (default 1)
   */
  constructor(message: string, hint: string, exitCode = EXIT_JOB_FAILED) {
    super(message);
    this.name = 'CliError';
    this.hint = hint;
    this.exitCode = exitCode;
  }
}
