// Unit tests of the retry policy: backoff delays, Retry-After parsing and which failures are retryable.
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, resolveRetry } from './backoff.js';
import { HttpError } from './errors.js';
import type { HttpErrorCode } from './errors.js';
import { isIdempotent, isOutcomeUnknown, isRetryable } from './retry-policy.js';

describe('backoffDelay', () => {
  const policy = { minDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: false };

  it('grows exponentially up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('draws full jitter between 0 and the computed delay', () => {
    expect(backoffDelay(3, { ...policy, jitter: true }, () => 0)).toBe(0);
    expect(backoffDelay(3, { ...policy, jitter: true }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { ...policy, jitter: true }, () => 0.999999)).toBe(400);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:10 GMT', now)).toBe(0);
  });
  it('ignores missing or invalid values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('isRetryable', () => {
  const policy = DEFAULT_RETRY;
  it('knows idempotent methods', () => {
    expect(['GET', 'head', 'PUT', 'DELETE', 'OPTIONS'].every(isIdempotent)).toBe(true);
    expect(['POST', 'PATCH'].some(isIdempotent)).toBe(false);
  });
  it('retries 429 for every method, 5xx only for idempotent ones', () => {
    expect(isRetryable({ kind: 'status', status: 429 }, 'POST', policy)).toBe(true);
    expect(isRetryable({ kind: 'status', status: 503 }, 'GET', policy)).toBe(true);
    expect(isRetryable({ kind: 'status', status: 503 }, 'POST', policy)).toBe(false);
    expect(isRetryable({ kind: 'status', status: 503 }, 'POST', { ...policy, retryNonIdempotent: true })).toBe(true);
    expect(isRetryable({ kind: 'status', status: 500 }, 'GET', policy)).toBe(true);
    expect(isRetryable({ kind: 'status', status: 500 }, 'POST', policy)).toBe(false);
    expect(isRetryable({ kind: 'status', status: 500 }, 'GET', { ...policy, retryOn500: false })).toBe(false);
    expect(isRetryable({ kind: 'status', status: 404 }, 'GET', policy)).toBe(false);
  });
  it('retries refused connections for every method, resets and timeouts only for idempotent ones', () => {
    expect(isRetryable({ kind: 'network', causeCode: 'ECONNREFUSED' }, 'POST', policy)).toBe(true);
    expect(isRetryable({ kind: 'network', causeCode: 'ECONNRESET' }, 'GET', policy)).toBe(true);
    expect(isRetryable({ kind: 'network', causeCode: 'ECONNRESET' }, 'POST', policy)).toBe(false);
    expect(isRetryable({ kind: 'network', causeCode: 'ENOTFOUND' }, 'GET', policy)).toBe(false);
    expect(isRetryable({ kind: 'timeout' }, 'GET', policy)).toBe(true);
    expect(isRetryable({ kind: 'timeout' }, 'PATCH', policy)).toBe(false);
  });
  it('merges overrides', () => {
    expect(resolveRetry(policy, false).retries).toBe(0);
    expect(resolveRetry(policy, { retries: 7, minDelayMs: undefined }).minDelayMs).toBe(policy.minDelayMs);
  });
  it('tells failures whose outcome is unknown (sent, no answer) from answers and unsent requests', () => {
    const error = (code: HttpErrorCode, extra: { status?: number; causeCode?: string; attempts?: number } = {}): HttpError =>
      new HttpError('x', { code, method: 'POST', path: '/x', attempts: extra.attempts ?? 1, status: extra.status, causeCode: extra.causeCode });
    expect(isOutcomeUnknown(error('HTTP_NETWORK', { causeCode: 'ECONNRESET' }))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_NETWORK', { causeCode: 'EPIPE' }))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_NETWORK'))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_TIMEOUT'))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_STATUS', { status: 502 }))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_STATUS', { status: 504 }))).toBe(true);
    expect(isOutcomeUnknown(error('HTTP_NETWORK', { causeCode: 'ECONNREFUSED' }))).toBe(false);
    expect(isOutcomeUnknown(error('HTTP_NETWORK', { causeCode: 'ENOTFOUND' }))).toBe(false);
    expect(isOutcomeUnknown(error('HTTP_STATUS', { status: 400 }))).toBe(false);
    expect(isOutcomeUnknown(error('HTTP_STATUS', { status: 500 }))).toBe(false);
    expect(isOutcomeUnknown(error('HTTP_STATUS', { status: 429 }))).toBe(false);
    expect(isOutcomeUnknown(error('HTTP_ABORTED', { attempts: 0 }))).toBe(false);
    expect(isOutcomeUnknown(new Error('boom'))).toBe(false);
  });
});
