// Cursor / next-link pagination: sequential pages following `next` URLs (same origin only) or cursor tokens.
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
import type { IncompleteListError, IncompleteListReason } from './errors.js';
import type { HttpResponse, Query } from './options.js';
import { defaultItems, defaultTotal, incompleteList, isRereadable, itemsOf, pageRetry } from './pagination-offset.js';
import { isAbsoluteUrl, pathOf } from './url.js';

/**
 * Where the next page is: a URL (absolute on the baseURL origin, root-relative or relative to the current page),
 * query parameters to merge into the first request's query (cursor tokens), or `null`/`undefined`/`''` when done.
 */
export type CursorNext = string | Query | null | undefined;

/** Options of {@link paginateCursor} and {@link fetchAllCursor}. `P` is the page body type, `T` the item type. */
export interface CursorPaginationOptions<T, P = unknown> {
  /** First page, relative to baseURL. */
  path: string;
  /** Query parameters of the first page (kept when the next page is given as query parameters). */
  query?: Query | undefined;
  /** Items of a page. Default: `page.results`, or the page itself when it is an array. */
  getItems?: ((page: P) => readonly T[] | undefined) | undefined;
  /** Where the next page is. Default: `page.next`, else the `Link: <...>; rel="next"` header. */
  getNext?: ((page: P, response: HttpResponse<P>) => CursorNext) | undefined;
  /**
   * Total number of items reported by a page, checked against the items received when the last page
   * is read. Default: `page.count` (DRF/NetBox shape) when `getItems` is not given, else none.
   */
  getTotal?: ((page: P) => number | undefined) | undefined;
  /**
   * The API promises full pages: every page that has a next page holds exactly this many items.
   * A page with a next page and fewer items is read again, then fails with `INCOMPLETE_LIST`. Default: no promise.
   */
  fullPageSize?: number | undefined;
  /** Safety stop: maximum number of pages. Default 100000. */
  maxPages?: number | undefined;
  /** Extra headers of every page request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Aborts the pagination. */
  signal?: AbortSignal | undefined;
}

/** Default `getNext`: a string `page.next`, else the `rel="next"` target of the `Link` header. */
export function defaultNext(page: unknown, response: HttpResponse<unknown>): CursorNext {
  if (typeof page === 'object' && page !== null) {
    const next = (page as { next?: unknown }).next;
    if (typeof next === 'string' || next === null) return next;
  }
  return linkNext(response.headers['link']);
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if any. */
export function linkNext(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/**
 * Streams pages one after the other, following next links or cursor tokens. Absolute next URLs are
 * only followed on the origin of baseURL: others fail with `HTTP_FOREIGN_ORIGIN` (the token is never sent elsewhere).
 *
 * A page that has a next page but no items, fewer items than `fullPageSize`, or a next page that was
 * already read (a repeated cursor) is read again up to the client's `retries` times with its
 * backoff, then the pagination fails with an {@link IncompleteListError} (`INCOMPLETE_LIST`). When
 * the pages report a total, a total that changes between pages or that the items do not add up to fails too.
 */
export async function* paginateCursor<T = unknown, P = unknown>(client: HttpClient, options: CursorPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
  const getItems = options.getItems ?? defaultItems<T>;
  const getNext = options.getNext ?? (defaultNext as (page: P, response: HttpResponse<P>) => CursorNext);
  const getTotal = options.getTotal ?? (options.getItems === undefined ? defaultTotal : (): undefined => undefined);
  const fullPageSize = options.fullPageSize;
  const maxPages = options.maxPages ?? 100_000;
  const retry = pageRetry(client);
  let url = client.resolveUrl(options.path, options.query);
  const seen = new Set<string>();
  let received = 0;
  let total: number | undefined;
  for (let pageNo = 1; ; pageNo += 1) {
    if (pageNo > maxPages) throw paginationError(client, url, `more than maxPages (${maxPages}) pages`);
    seen.add(url);
    let items: readonly T[];
    let nextUrl: string | undefined;
    let nextError: unknown;
    for (let reads = 1; ; reads += 1) {
      const response = await client.requestRaw<P>({ method: 'GET', path: url, headers: options.headers, signal: options.signal });
      items = itemsOf(client, getItems, response.data, url);
      nextUrl = undefined;
      nextError = undefined;
      const next = getNext(response.data, response);
      if (next !== null && next !== undefined && next !== '') {
        try {
          // Root-relative and relative links resolve against the current page; absolute ones are origin-checked.
          nextUrl = typeof next === 'string' ? client.resolveUrl(isAbsoluteUrl(next) ? next : new URL(next, url).toString()) : client.resolveUrl(options.path, { ...options.query, ...next });
        } catch (error) {
          // Reported after this page's items (a foreign next link is refused, not the page).
          nextError = error;
        }
      }
      const pageTotal = getTotal(response.data);
      if (pageTotal !== undefined && total !== undefined && pageTotal !== total) {
        throw incompleteList(
          client,
          url,
          { reason: 'count-changed', offset: received, expected: total, received: pageTotal, attempts: reads },
          `the total changed from ${total} to ${pageTotal} during the read (records added or removed meanwhile)`,
        );
      }
      let problem: { reason: IncompleteListReason; expected: number; text: string } | undefined;
      const hasNext = nextUrl !== undefined || nextError !== undefined;
      if (hasNext && items.length === 0) problem = { reason: 'empty-page', expected: fullPageSize ?? 1, text: `page ${pageNo} is empty but has a next page` };
      else if (hasNext && fullPageSize !== undefined && items.length < fullPageSize) {
        problem = { reason: 'short-page', expected: fullPageSize, text: `page ${pageNo} holds ${items.length} items instead of ${fullPageSize} but has a next page` };
      } else if (nextUrl !== undefined && seen.has(nextUrl)) {
        problem = { reason: 'repeated-cursor', expected: items.length, text: `page ${pageNo} points back to a page already read (pagination loop)` };
      }
      if (problem === undefined) {
        if (pageTotal !== undefined) total = pageTotal;
        break;
      }
      if (reads >= retry.reads) {
        throw incompleteList(client, url, { reason: problem.reason, offset: received, expected: problem.expected, received: items.length, attempts: reads }, problem.text);
      }
      client.logger.warn({ path: client.redact(pathOf(url)), page: pageNo, reason: problem.reason, read: reads }, `cursor pagination: ${problem.text}; reading the page again`);
      await retry.pause(reads, options.signal, url);
    }
    received += items.length;
    yield [...items];
    if (nextError !== undefined) throw nextError;
    if (nextUrl === undefined) {
      if (total !== undefined && received !== total) {
        throw incompleteList(
          client,
          client.resolveUrl(options.path, options.query),
          { reason: 'count-mismatch', offset: 0, expected: total, received, attempts: 1 },
          `the ${pageNo} pages do not add up to the reported total`,
        );
      }
      return;
    }
    url = nextUrl;
  }
}

/**
 * Fetches every item of a next-link / cursor API, page after page, in order. Pages are checked as in
 * {@link paginateCursor}; when the total changed during the read, the whole list is read once more.
 *
 * @example
 * ```ts
 * import { fetchAllCursor } from '@ssot/http';
 *
 * // Follows each page's `next` URL (or the Link header), on the client's origin only.
 * const sites = await fetchAllCursor<NetboxSite>(netbox, { path: '/dcim/sites/', query: { status: 'active' } });
 *
 * // A cursor-token API: { items: [...], nextCursor: 'eyJpZCI6...' }, the next page at ?cursor=...
 * const devices = await fetchAllCursor<AcmeDevice, { items: AcmeDevice[]; nextCursor?: string }>(acme, {
 *   path: '/devices',
 *   getItems: (page) => page.items,
 *   getNext: (page) => (page.nextCursor ? { cursor: page.nextCursor } : null),
 * });
 * ```
 */
export async function fetchAllCursor<T = unknown, P = unknown>(client: HttpClient, options: CursorPaginationOptions<T, P>): Promise<T[]> {
  for (let read = 1; ; read += 1) {
    const all: T[] = [];
    try {
      for await (const items of paginateCursor(client, options)) {
        for (const item of items) all.push(item);
      }
      return all;
    } catch (error) {
      // The remote changed during the read: read the whole list once more; a second change fails.
      if (read > 1 || !isRereadable(error)) throw error;
      client.logger.warn({ path: client.redact(options.path), reason: (error as IncompleteListError).reason }, 'cursor pagination: the list changed during the read; reading it again from the start');
    }
  }
}

function paginationError(client: HttpClient, url: string, problem: string): HttpError {
  const path = client.redact(pathOf(url));
  return new HttpError(client.redact(`GET ${path} pagination stopped: ${problem}`), {
    code: 'HTTP_PAGINATION',
    method: 'GET',
    path,
    url: client.redact(url),
    attempts: 0,
    hint: 'Check getNext: it must return the next page, and null when there is none.',
  });
}
