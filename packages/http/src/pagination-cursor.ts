// Cursor / next-link pagination: sequential pages following `next` URLs (same origin only) or cursor tokens.
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
import type { HttpResponse, Query } from './options.js';
import { defaultItems, itemsOf } from './pagination-offset.js';
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
 */
export async function* paginateCursor<T = unknown, P = unknown>(client: HttpClient, options: CursorPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
  const getItems = options.getItems ?? defaultItems<T>;
  const getNext = options.getNext ?? (defaultNext as (page: P, response: HttpResponse<P>) => CursorNext);
  const maxPages = options.maxPages ?? 100_000;
  let url = client.resolveUrl(options.path, options.query);
  const seen = new Set<string>();
  for (let pageNo = 1; ; pageNo += 1) {
    if (seen.has(url)) throw paginationError(client, url, 'the next page points back to a page already read (pagination loop)');
    if (pageNo > maxPages) throw paginationError(client, url, `more than maxPages (${maxPages}) pages`);
    seen.add(url);
    const response = await client.requestRaw<P>({ method: 'GET', path: url, headers: options.headers, signal: options.signal });
    yield [...itemsOf(client, getItems, response.data, url)];
    const next = getNext(response.data, response);
    if (next === null || next === undefined || next === '') return;
    if (typeof next === 'string') {
      // Root-relative and relative links resolve against the current page; absolute ones are origin-checked.
      const target = isAbsoluteUrl(next) ? next : new URL(next, url).toString();
      url = client.resolveUrl(target);
    } else {
      url = client.resolveUrl(options.path, { ...options.query, ...next });
    }
  }
}

/**
 * Fetches every item of a next-link / cursor API, page after page, in order.
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
  const all: T[] = [];
  for await (const items of paginateCursor(client, options)) {
    for (const item of items) all.push(item);
  }
  return all;
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
