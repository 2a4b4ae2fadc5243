// Offset/limit pagination (NetBox-like `{ count, next, previous, results }`): page 1 first, then the rest concurrently.
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
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

/**
 * Streams the pages of an offset/limit API in order. Page 1 is fetched alone to learn the total;
 * the remaining pages are then requested concurrently (bounded by the client queue and `prefetch`).
 */
export async function* paginateOffset<T = unknown, P = unknown>(client: HttpClient, options: OffsetPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
  const pageSize = Math.floor(options.pageSize ?? 100);
  if (!(pageSize > 0)) throw new RangeError('paginateOffset: pageSize must be a positive integer');
  const getItems = options.getItems ?? defaultItems<T>;
  const getTotal = options.getTotal ?? defaultTotal;
  const limitParam = options.limitParam ?? 'limit';
  const offsetParam = options.offsetParam ?? 'offset';
  const prefetch = Math.max(1, options.prefetch ?? client.queueState().concurrency);
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
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

  const pending: Array<Promise<{ items: readonly T[]; page: P }>> = [];
  try {
    const first = await fetchPage(0, pageSize);
    const total = getTotal(first.page);
    yield [...first.items];
    if (total === undefined) {
      // No total: read page after page until one is shorter than page 1 (whose length is the
      // effective page size, should the server cap `limit`).
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
    // A server may cap the page size below what was asked (NetBox MAX_PAGE_SIZE): step by what it returned.
    const step = first.items.length > 0 && first.items.length < pageSize && first.items.length < total ? first.items.length : pageSize;
    let nextOffset = first.items.length > 0 ? first.items.length : step;
    let received = first.items.length;
    const launch = (): void => {
      const promise = fetchPage(nextOffset, step);
      promise.catch(() => undefined); // observed when awaited; avoids unhandled rejections after an early exit
      pending.push(promise);
      nextOffset += step;
    };
    while (nextOffset < total && pending.length < prefetch) launch();
    while (pending.length > 0) {
      const head = pending.shift() as Promise<{ items: readonly T[]; page: P }>;
      const { items } = await head;
      received += items.length;
      if (nextOffset < total) launch();
      yield [...items];
    }
    if (received !== total) {
      client.logger.warn(
        { path: client.redact(options.path), expected: total, received },
        'offset pagination: item count differs from the reported total (records changed during the read?)',
      );
    }
  } finally {
    if (!internal.signal.aborted) internal.abort();
  }
}

/**
 * Fetches every item of an offset/limit API, in order: page 1, then all other pages concurrently through the queue.
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
  const all: T[] = [];
  for await (const items of paginateOffset(client, { ...options, prefetch: options.prefetch ?? Number.POSITIVE_INFINITY })) {
    for (const item of items) all.push(item);
  }
  return all;
}
