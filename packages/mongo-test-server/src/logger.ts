// The optional logger accepted by the server (the library never prints on its own).

/** A minimal structured logger (compatible with pino and console-like objects). */
export interface Logger {
  /** Logs an informational message or structured object. */
  info(msgOrObj: string | Record<string, unknown>, msg?: string): void;
  /** Logs a warning (optional). */
  warn?(msgOrObj: string | Record<string, unknown>, msg?: string): void;
  /** Logs a debug message (optional). */
  debug?(msgOrObj: string | Record<string, unknown>, msg?: string): void;
}
