// The pino-compatible logger interface the HTTP client accepts, and the silent default.

/** One logging method: pino's `(obj, msg)` or `(msg)` call shapes. */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

/** A pino-compatible logger. The client never prints: it logs through this, silent by default. */
export interface HttpLogger {
  /** Fine-grained detail: one line per HTTP attempt. */
  debug: LogFn;
  /** Normal progress. */
  info: LogFn;
  /** Something unexpected that did not stop the work (for example a retry). */
  warn: LogFn;
  /** A failure. */
  error: LogFn;
}

const noop = (): void => undefined;

/** A logger that drops everything: the default of {@link createHttpClient}. */
export const silentLogger: HttpLogger = { debug: noop, info: noop, warn: noop, error: noop };
