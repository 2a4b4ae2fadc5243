// Which failed attempts are retried: by method idempotency, status, network error code and timeout.
import { HttpError } from './errors.js';
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

/** Network errors that prove the request never reached the server (besides {@link NOT_SENT_CODES}: DNS and TLS failures). */
const NEVER_SENT_CODES = new Set([
  ...NOT_SENT_CODES,
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Gateway statuses: a proxy answered because the server's answer never came (it may have processed the request). */
const GATEWAY_STATUSES = new Set([502, 504]);

/**
 * Whether a failed request may have been processed by the server without the client learning the
 * result ("sent, no answer"): a connection lost after the request went out (ECONNRESET, socket hang
 * up, EPIPE, or no error code at all), a timeout, or a 502/504 from a gateway. For a write, such an
 * outcome is unknown: neither a success nor a refusal. A server's own answer (4xx, 500, 503), a
 * request never sent (ECONNREFUSED, DNS, TLS) and an abort before the first attempt are not.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  switch (error.code) {
    case 'HTTP_TIMEOUT':
      return true;
    case 'HTTP_NETWORK':
      return error.causeCode === undefined || !NEVER_SENT_CODES.has(error.causeCode);
    case 'HTTP_STATUS':
      return error.status !== undefined && GATEWAY_STATUSES.has(error.status);
    default:
      return false;
  }
}
