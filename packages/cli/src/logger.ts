// The CLI's process logger (pino): readable on a terminal, JSON lines otherwise, always on stderr.
import { pino, type Logger as PinoLogger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Log levels `--log-level` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Makes the process logger. Logs go to stderr so stdout carries only results (`--json` output
 * stays parseable).
 *
 * @param level - the lowest level written
 * @param pretty - human-readable lines (default: when stderr is a terminal)
 * @returns the logger
 */
export function createLogger(level: LogLevel, pretty = process.stderr.isTTY === true): PinoLogger {
  const options = { level, base: undefined, redact: { paths: ['token', 'password', 'secret', '*.token', '*.password', '*.secret'], censor: '[REDACTED]' } };
  if (!pretty) return pino(options, pino.destination({ fd: 2, sync: true }));
  return pino(options, PinoPretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }));
}
