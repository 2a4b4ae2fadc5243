// The CLI's process logger (pino): human lines (pino-pretty) or JSON lines, written through a LogOutput on stderr.
import { pino, type Logger as PinoLogger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** Log levels `--log-level` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Formats `--log-format` accepts: `pretty` (human lines) or `json` (one JSON object per line). */
export const LOG_FORMATS = ['pretty', 'json'] as const;

/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** How to make the process logger. */
export interface LoggerOptions {
  /** The lowest level written. */
  level: LogLevel;
  /** `pretty` or `json`. */
  format: LogFormat;
  /** Where lines go (the LogOutput on stderr, so stdout carries only results). */
  output: { write(text: string): void };
  /** Colour in pretty lines. Default `false`. */
  color?: boolean;
}

/**
 * The format used when `--log-format` is not given: pretty on a terminal, JSON otherwise (CI, log
 * collectors, pipes).
 *
 * @param stream - where logs go (stderr)
 * @returns the format
 */
export function defaultLogFormat(stream: { isTTY?: boolean }): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

/**
 * Makes the process logger. Secrets are redacted by pino before a line is formatted, in both
 * formats. Lines are formatted and written synchronously, so each one is out before the next
 * thing the CLI prints.
 *
 * @param options - level, format, destination and colour
 * @returns the logger
 */
export function createLogger(options: LoggerOptions): PinoLogger {
  const settings = { level: options.level, base: undefined, redact: { paths: ['token', 'password', 'secret', '*.token', '*.password', '*.secret'], censor: '[REDACTED]' } };
  const output = options.output;
  if (options.format === 'json') return pino(settings, { write: (line: string) => output.write(line) });
  const pretty = prettyFactory({ ignore: 'pid,hostname', translateTime: 'HH:MM:ss', colorize: options.color ?? false });
  return pino(settings, { write: (line: string) => output.write(pretty(line)) });
}
