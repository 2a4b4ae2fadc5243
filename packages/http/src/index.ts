// Public entry of @ssot/http: HTTP client with bounded concurrency, rate limits, retries, pagination, metrics and redaction.
export { createHttpClient, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, HttpClient } from './client.js';
export type { QueueState, ShorthandOptions } from './client.js';
export type {
  BasicAuth,
  HttpAuth,
  HttpClientOptions,
  HttpMethod,
  HttpResponse,
  Query,
  QueryValue,
  RateLimitOptions,
  RequestOptions,
  ResponseType,
  RetryOptions,
  TokenAuth,
} from './options.js';
export { HttpError, IncompleteListError, isHttpError, isIncompleteListError } from './errors.js';
export type { HttpErrorCode, HttpErrorDetails, HttpErrorJSON, IncompleteListDetails, IncompleteListJSON, IncompleteListReason } from './errors.js';
export { silentLogger } from './logger.js';
export type { HttpLogger } from './logger.js';
export type { HttpMetricsSnapshot, LatencySnapshot } from './metrics.js';
export { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './backoff.js';
export { isIdempotent, isOutcomeUnknown, isRetryable } from './retry-policy.js';
export type { AttemptFailure, NetworkFailure, StatusFailure, TimeoutFailure } from './retry-policy.js';
export { isSensitiveHeader, isSensitiveParam, REDACTED, Redactor } from '@ssot/core';
export { defaultItems, defaultTotal, fetchAllOffset, paginateOffset } from './pagination-offset.js';
export type { OffsetPaginationOptions } from './pagination-offset.js';
export { defaultNext, fetchAllCursor, linkNext, paginateCursor } from './pagination-cursor.js';
export type { CursorNext, CursorPaginationOptions } from './pagination-cursor.js';
export { bulk } from './bulk.js';
export type { BulkBatch, BulkOptions, BulkResult } from './bulk.js';
