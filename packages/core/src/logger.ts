// The logger interface the libraries accept (pino-compatible) and the silent default.

/** One logging method: pino's `(obj, msg)` or `(msg)` call shapes. */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

/** A pino-compatible logger. Libraries never print: they log through this, silent by default. */
export interface Logger {
  /** Fine-grained detail (for example one line per unchanged record when asked for). */
  debug: LogFn;
  /** Normal progress. */
  info: LogFn;
  /** Something unexpected that did not stop the work. */
  warn: LogFn;
  /** A failure. */
  error: LogFn;
}

const noop = (): void => undefined;

/** A logger that drops everything: the default of every library entry point. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
