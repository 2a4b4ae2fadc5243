// Offset/limit pagination (NetBox-like `{ count, next, previous, results }`): page 1 first, then the rest concurrently.
import { setTimeout as wait } from 'node:timers/promises';
import { backoffDelay } from './backoff.js';
import type { HttpClient } from './client.js';
import { HttpError, IncompleteListError, isIncompleteListError } from './errors.js';
import type { IncompleteListDetails, IncompleteListReason } from './errors.js';
import { ABORT_HINT } from './hints.js';
import type { Query } from './options.js';
import { pathOf } from './url.js';

/** Options of {@link paginateOffset} and {@link fetchAllOffset}. `P` is the page body type, `T` the item type. */
export interface OffsetPaginationOptions<T, P = unknown> {
  /** List endpoint, relative to baseURL. */
  path: string;
  /** Extra query parameters (filters) sent with every page. */
  query?: Query | undefined;
  /** Items per page (the `limit`). Default 100. A server that caps it lower is detected from page 1. */
  pageSize?: number | undefined;
  /** Items of a page. Default: `page.results`. */
  getItems?: ((page: P) => readonly T[] | undefined) | undefined;
  /** Total number of items reported by a page. Default: `page.count`. When absent, pages are read one by one until a page shorter than page 1. */
  getTotal?: ((page: P) => number | undefined) | undefined;
  /** Name of the page-size query parameter. Default `limit`. */
  limitParam?: string | undefined;
  /** Name of the offset query parameter. Default `offset`. */
  offsetParam?: string | undefined;
  /** Pages requested ahead of the consumer. Default: the client's concurrency for streaming, all pages for `fetchAllOffset`. */
  prefetch?: number | undefined;
  /** Extra headers of every page request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Aborts the pagination. */
  signal?: AbortSignal | undefined;
}

/** Default `getItems`: the `results` array of a NetBox/DRF-style page. */
export function defaultItems<T>(page: unknown): readonly T[] | undefined {
  if (typeof page === 'object' && page !== null) {
    const results = (page as { results?: unknown }).results;
    if (Array.isArray(results)) return results as T[];
  }
  return Array.isArray(page) ? (page as T[]) : undefined;
}

/** Default `getTotal`: the `count` of a NetBox/DRF-style page. */
export function defaultTotal(page: unknown): number | undefined {
  if (typeof page === 'object' && page !== null) {
    const count = (page as { count?: unknown }).count;
    if (typeof count === 'number' && Number.isFinite(count) && count >= 0) return count;
  }
  return undefined;
}

/** Reads a page's items, throwing `HTTP_PAGINATION` when they are not an array. */
export function itemsOf<T, P>(client: HttpClient, getItems: (page: P) => readonly T[] | undefined, page: P, path: string): readonly T[] {
  const items = getItems(page);
  if (!Array.isArray(items)) {
    const safePath = client.redact(pathOf(client.resolveUrl(path)));
    throw new HttpError(`GET ${safePath} returned a page without an items array. Pass getItems to read the items of this API's pages.`, {
      code: 'HTTP_PAGINATION',
      method: 'GET',
      path: safePath,
      attempts: 1,
      hint: 'Pass getItems (and getTotal / getNext) matching the API page shape.',
    });
  }
  return items;
}

/** How many times a page is read at most (the client's `retries` + 1), and how long to wait before each re-read. */
export interface PageRetry {
  /** Reads of one page at most. */
  reads: number;
  /** Waits before re-read number `retry` (1-based) with the client's backoff; fails with `HTTP_ABORTED` when `signal` fires. */
  pause(retry: number, signal: AbortSignal | undefined, url: string): Promise<void>;
}

/** The page re-read policy of a client: its retry budget and backoff. */
export function pageRetry(client: HttpClient): PageRetry {
  const policy = client.retryPolicy();
  return {
    reads: Math.max(0, Math.floor(policy.retries)) + 1,
    async pause(retry, signal, url) {
      try {
        await wait(backoffDelay(retry, policy), undefined, signal ? { signal } : undefined);
      } catch {
        const path = client.redact(pathOf(url));
        throw new HttpError(`GET ${path} aborted while waiting to re-read an incomplete page. ${ABORT_HINT}`, {
          code: 'HTTP_ABORTED',
          method: 'GET',
          path,
          url: client.redact(url),
          attempts: retry,
          hint: ABORT_HINT,
        });
      }
    },
  };
}

/** Builds an {@link IncompleteListError} for a page of `url` (redacted here). */
export function incompleteList(
  client: HttpClient,
  url: string,
  details: Omit<IncompleteListDetails, 'url'>,
  problem: string,
): IncompleteListError {
  const safeUrl = client.redact(url);
  const tries = details.attempts === 1 ? '1 read' : `${details.attempts} reads`;
  return new IncompleteListError(
    client.redact(
      `GET ${safeUrl}: incomplete list (${details.reason}): ${problem} after ${tries}; expected ${details.expected} items, received ${details.received}. ` +
        'The load fails rather than hand a partial list to the diff (records it lacks would be deleted).',
    ),
    { ...details, url: safeUrl },
  );
}

/** Whether a listing that failed with `error` is worth reading once more from the start (the remote changed during the read). */
export function isRereadable(error: unknown): boolean {
  return isIncompleteListError(error, 'count-changed') || isIncompleteListError(error, 'count-mismatch');
}

/**
 * Streams the pages of an offset/limit API in order. Page 1 is fetched alone to learn the total;
 * the remaining pages are then requested concurrently (bounded by the client queue and `prefetch`).
 *
 * When pages report a total, every page must hold exactly what it should: the page size (or the
 * smaller size page 1 established as the server's cap), or what remains of the total for the last
 * page. A page that holds fewer (or none, or more) is read again up to the client's `retries` times,
 * with its backoff, and then the pagination fails with an {@link IncompleteListError}
 * (`INCOMPLETE_LIST`); so does a total that changes between pages (`count-changed`). Nothing is
 * repaired silently: a partial list must never reach a diff.
 */
export async function* paginateOffset<T = unknown, P = unknown>(client: HttpClient, options: OffsetPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
  const pageSize = Math.floor(options.pageSize ?? 100);
  if (!(pageSize > 0)) throw new RangeError('paginateOffset: pageSize must be a positive integer');
  const getItems = options.getItems ?? defaultItems<T>;
  const getTotal = options.getTotal ?? defaultTotal;
  const limitParam = options.limitParam ?? 'limit';
  const offsetParam = options.offsetParam ?? 'offset';
  const prefetch = Math.max(1, options.prefetch ?? client.queueState().concurrency);
  const retry = pageRetry(client);
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
  const pageUrl = (offset: number, limit: number): string => client.resolveUrl(options.path, { ...options.query, [limitParam]: limit, [offsetParam]: offset });
  const fetchPage = async (offset: number, limit: number): Promise<{ items: readonly T[]; page: P }> => {
    const page = await client.request<P>({
      method: 'GET',
      path: options.path,
      query: { ...options.query, [limitParam]: limit, [offsetParam]: offset },
      headers: options.headers,
      signal,
    });
    return { items: itemsOf(client, getItems, page, options.path), page };
  };
  /**
   * Reads a page until `check` finds nothing wrong with it, at most `retry.reads` times.
   * `check` returns the problem, or throws for what a re-read of this page cannot fix.
   */
  const fetchChecked = async (
    offset: number,
    limit: number,
    check: (items: readonly T[], page: P, reads: number) => { reason: IncompleteListReason; expected: number; problem: string } | undefined,
  ): Promise<{ items: readonly T[]; page: P }> => {
    for (let reads = 1; ; reads += 1) {
      const result = await fetchPage(offset, limit);
      const problem = check(result.items, result.page, reads);
      if (problem === undefined) return result;
      if (reads >= retry.reads) {
        throw incompleteList(client, pageUrl(offset, limit), { reason: problem.reason, offset, expected: problem.expected, received: result.items.length, attempts: reads }, problem.problem);
      }
      client.logger.warn({ path: client.redact(options.path), offset, expected: problem.expected, received: result.items.length, read: reads }, `offset pagination: ${problem.problem}; reading the page again`);
      await retry.pause(reads, signal, pageUrl(offset, limit));
    }
  };

  const pending: Array<Promise<{ items: readonly T[]; page: P }>> = [];
  try {
    const first = await fetchChecked(0, pageSize, (items, page) => {
      const total = getTotal(page);
      if (total === undefined) return undefined;
      if (items.length === 0 && total > 0) return { reason: 'empty-page', expected: Math.min(pageSize, total), problem: `page 1 is empty although the total is ${total}` };
      if (items.length > total) return { reason: 'long-page', expected: Math.min(pageSize, total), problem: `page 1 holds more items than the total (${total})` };
      return undefined;
    });
    const total = getTotal(first.page);
    yield [...first.items];
    if (total === undefined) {
      // No total: read page after page until one is shorter than page 1 (whose length is the
      // effective page size, should the server cap `limit`). Completeness cannot be checked.
      const step = first.items.length;
      let offset = step;
      let last = step;
      while (last > 0 && last >= step) {
        const next = await fetchPage(offset, pageSize);
        last = next.items.length;
        offset += last;
        if (last > 0) yield [...next.items];
      }
      return;
    }
    const expectedTotal = total;
    // A server may cap the page size below what was asked (NetBox MAX_PAGE_SIZE): page 1 establishes
    // the step, and every later page must hold that many items (the last one: what remains).
    const step = first.items.length < expectedTotal ? first.items.length : pageSize;
    let nextOffset = first.items.length;
    let received = first.items.length;
    const checkPage =
      (offset: number) =>
      (items: readonly T[], page: P, reads: number): { reason: IncompleteListReason; expected: number; problem: string } | undefined => {
        const pageTotal = getTotal(page);
        if (pageTotal !== undefined && pageTotal !== expectedTotal) {
          throw incompleteList(
            client,
            pageUrl(offset, step),
            { reason: 'count-changed', offset, expected: expectedTotal, received: pageTotal, attempts: reads },
            `the total changed from ${expectedTotal} to ${pageTotal} during the read (records added or removed meanwhile)`,
          );
        }
        const expected = Math.min(step, expectedTotal - offset);
        if (items.length === expected) return undefined;
        if (items.length === 0) return { reason: 'empty-page', expected, problem: `the page at offset ${offset} is empty` };
        if (items.length < expected) return { reason: 'short-page', expected, problem: `the page at offset ${offset} holds ${items.length} items instead of ${expected}` };
        return { reason: 'long-page', expected, problem: `the page at offset ${offset} holds ${items.length} items, more than the ${expected} asked for` };
      };
    const launch = (): void => {
      const promise = fetchChecked(nextOffset, step, checkPage(nextOffset));
      promise.catch(() => undefined); // observed when awaited; avoids unhandled rejections after an early exit
      pending.push(promise);
      nextOffset += step;
    };
    while (nextOffset < expectedTotal && pending.length < prefetch) launch();
    while (pending.length > 0) {
      const head = pending.shift() as Promise<{ items: readonly T[]; page: P }>;
      const { items } = await head;
      received += items.length;
      if (nextOffset < expectedTotal) launch();
      yield [...items];
    }
    if (received !== expectedTotal) {
      throw incompleteList(
        client,
        client.resolveUrl(options.path, options.query),
        { reason: 'count-mismatch', offset: 0, expected: expectedTotal, received, attempts: 1 },
        'the pages do not add up to the reported total',
      );
    }
  } finally {
    if (!internal.signal.aborted) internal.abort();
  }
}

/**
 * Fetches every item of an offset/limit API, in order: page 1, then all other pages concurrently through the queue.
 * Pages are checked as in {@link paginateOffset}; when the total changed during the read, the whole
 * list is read once more, and a second disagreement fails with {@link IncompleteListError}.
 *
 * @example
 * ```ts
 * import { fetchAllOffset } from '@ssot/http';
 *
 * // GET /dcim/interfaces/?site=ams1&limit=500&offset=0, then every other page at once (bounded by the client's queue).
 * const interfaces = await fetchAllOffset<NetboxInterface>(netbox, { path: '/dcim/interfaces/', query: { site: 'ams1' }, pageSize: 500 });
 *
 * // Another page shape: { data: [...], total: 1234 }, paged with ?start=&size=
 * const devices = await fetchAllOffset<AcmeDevice, { data: AcmeDevice[]; total: number }>(acme, {
 *   path: '/devices',
 *   offsetParam: 'start',
 *   limitParam: 'size',
 *   getItems: (page) => page.data,
 *   getTotal: (page) => page.total,
 * });
 * ```
 */
export async function fetchAllOffset<T = unknown, P = unknown>(client: HttpClient, options: OffsetPaginationOptions<T, P>): Promise<T[]> {
  for (let read = 1; ; read += 1) {
    const all: T[] = [];
    try {
      for await (const items of paginateOffset(client, { ...options, prefetch: options.prefetch ?? Number.POSITIVE_INFINITY })) {
        for (const item of items) all.push(item);
      }
      return all;
    } catch (error) {
      // The remote changed during the read: read the whole list once more; a second change fails.
      if (read > 1 || !isRereadable(error)) throw error;
      client.logger.warn({ path: client.redact(options.path), reason: (error as IncompleteListError).reason }, 'offset pagination: the list changed during the read; reading it again from the start');
    }
  }
}
