// The CLI's own error: one clear line, a hint, and the exit code to end with.

/** Exit code: the job succeeded. */
export const EXIT_OK = 0;
/** Exit code: the job failed. */
export const EXIT_JOB_FAILED = 1;
/** Exit code: bad usage or parameters. */
export const EXIT_USAGE = 2;
/** Exit code of `ssot diff --exit-code`: the run succeeded and found changes to make. */
export const EXIT_CHANGES = 3;
/**
 * Exit code: a safety check stopped the run before it wrote anything (status `blocked`): the
 * delete guard, or a plan whose target changed since it was made.
 */
export const EXIT_BLOCKED = 4;

/** An error the CLI reports as one line plus a hint, then exits with {@link CliError.exitCode}. */
export class CliError extends Error {
  /** What to try next. */
  readonly hint: string;
  /** The process exit code (see the `EXIT_` constants). */
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
