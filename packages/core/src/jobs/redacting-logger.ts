// Wraps a logger so that secret values never reach it, whatever a handler or library puts in a message.
import type { LogFn, Logger } from '../logger.js';

/**
 * A logger that passes every message, and every string inside the logged object, through
 * `redact` before handing it on.
 *
 * @param logger - the logger to protect
 * @param redact - replaces secrets in a string
 * @returns the wrapping logger
 */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redact(value);
    if (depth > 4 || typeof value !== 'object' || value === null) return value;
    if (value instanceof Error) return { name: value.name, message: redact(value.message), ...((value as { code?: unknown }).code === undefined ? {} : { code: (value as { code?: unknown }).code }) };
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item, depth + 1)]));
  };
  const wrap = (method: LogFn): LogFn =>
    ((objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') method(redact(objOrMsg));
      else if (msg === undefined) method(clean(objOrMsg, 0) as object);
      else method(clean(objOrMsg, 0) as object, redact(msg));
    }) as LogFn;
  return { debug: wrap(logger.debug.bind(logger)), info: wrap(logger.info.bind(logger)), warn: wrap(logger.warn.bind(logger)), error: wrap(logger.error.bind(logger)) };
}
