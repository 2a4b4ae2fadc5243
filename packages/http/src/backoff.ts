// Retry delays: exponential backoff with full jitter, and parsing of the Retry-After header.
import type { RetryOptions } from './options.js';

/** Default retry policy. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  retries: 3,
  minDelayMs: 250,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: true,
  statuses: Object.freeze([429, 502, 503, 504]),
  retryOn500: true,
  retryNonIdempotent: false,
  respectRetryAfter: true,
  maxRetryAfterMs: 60_000,
});

/** Merges retry overrides (`false` disables retries) over a base policy. */
export function resolveRetry(base: Readonly<RetryOptions>, override: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (override === false) return { ...base, retries: 0 };
  const merged: RetryOptions = { ...base };
  if (override) {
    for (const [key, value] of Object.entries(override)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/**
 * Delay before retry number `retry` (1-based): `min(maxDelayMs, minDelayMs * factor^(retry-1))`,
 * uniformly drawn from `[0, that]` when `jitter` is on ("full jitter").
 */
export function backoffDelay(retry: number, policy: Pick<RetryOptions, 'minDelayMs' | 'maxDelayMs' | 'factor' | 'jitter'>, random: () => number = Math.random): number {
  const exp = policy.minDelayMs * Math.pow(policy.factor, Math.max(0, retry - 1));
  const capped = Math.max(0, Math.min(policy.maxDelayMs, exp));
  return Math.round(policy.jitter ? random() * capped : capped);
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or invalid; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
