// Which failed attempts are retried: by method idempotency, status, network error code and timeout.
import type { RetryOptions } from './options.js';

/** The server answered with a non-2xx status. */
export interface StatusFailure {
  /** Discriminant. */
  kind: 'status';
  /** The response status. */
  status: number;
}

/** The connection failed before a response came. */
export interface NetworkFailure {
  /** Discriminant. */
  kind: 'network';
  /** The low-level error code (ECONNREFUSED, ECONNRESET, ...). */
  causeCode: string | undefined;
}

/** The attempt did not complete in time. */
export interface TimeoutFailure {
  /** Discriminant. */
  kind: 'timeout';
}

/** How one attempt failed, as seen by the retry policy. */
export type AttemptFailure = StatusFailure | NetworkFailure | TimeoutFailure;

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** Network errors raised before the request reached the server: safe to retry for every method. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Transient network errors after which the request may or may not have been processed. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** Whether a method can be repeated without changing the outcome (GET, HEAD, OPTIONS, PUT, DELETE). */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * Whether a failed attempt may be retried (attempt budget aside).
 * 429 and "request never sent" network errors are retried for every method; 5xx, timeouts and
 * connection resets only for idempotent methods unless `retryNonIdempotent` is set.
 */
export function isRetryable(failure: AttemptFailure, method: string, policy: Pick<RetryOptions, 'statuses' | 'retryOn500' | 'retryNonIdempotent'>): boolean {
  const repeatable = isIdempotent(method) || policy.retryNonIdempotent;
  switch (failure.kind) {
    case 'status':
      if (failure.status === 429) return true;
      if (failure.status === 500) return (policy.retryOn500 || policy.statuses.includes(500)) && repeatable;
      return policy.statuses.includes(failure.status) && repeatable;
    case 'network':
      if (failure.causeCode === undefined) return false;
      if (NOT_SENT_CODES.has(failure.causeCode)) return true;
      return TRANSIENT_CODES.has(failure.causeCode) && repeatable;
    case 'timeout':
      return repeatable;
  }
}
