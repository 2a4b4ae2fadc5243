// Runs a command for the end-to-end tests and returns its exit code and output (never throws on a non-zero exit).
import { spawn } from 'node:child_process';

/** The outcome of a command. */
export interface ExecResult {
  /** Exit code (`-1` when killed). */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/**
 * Runs a command without a shell.
 *
 * @param command - the program
 * @param args - its arguments
 * @param cwd - the working directory
 * @param timeoutMs - kill it after this long
 * @param env - environment variables to change (`undefined` removes one)
 * @returns code and output
 */
export function exec(command: string, args: readonly string[], cwd: string, timeoutMs = 600_000, env: Readonly<Record<string, string | undefined>> = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Formats a result for an assertion message.
 *
 * @param label - the command
 * @param result - its outcome
 * @returns the text
 */
export function describeResult(label: string, result: ExecResult): string {
  return `${label} exited ${result.code}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}
