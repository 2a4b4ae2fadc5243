// Tests of offset and cursor pagination against a real local server.
import { afterEach, describe, expect, it } from 'vitest';
import { delay, json, startServer } from './__fixtures__/server.js';
import type { Handler, TestServer } from './__fixtures__/server.js';
import { createHttpClient } from './client.js';
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
import type { HttpClientOptions } from './options.js';
import { linkNext } from './pagination-cursor.js';

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

async function setup(handler: Handler, options: Partial<HttpClientOptions> = {}): Promise<{ server: TestServer; client: HttpClient }> {
  const server = await startServer(handler);
  servers.push(server);
  const client = createHttpClient({ baseURL: `${server.url}/api`, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options });
  clients.push(client);
  return { server, client };
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

const ITEMS = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }));

/** A NetBox-like list endpoint; `maxPageSize` caps `limit` like NetBox's MAX_PAGE_SIZE. */
function netbox(items: ReadonlyArray<{ id: number }>, maxPageSize = 1000, latencyMs = 10): Handler {
  return async (req, res, server) => {
    const url = new URL(req.url, server.url);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), maxPageSize);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    await delay(latencyMs);
    const next = offset + limit < items.length ? `${server.url}${url.pathname}?limit=${limit}&offset=${offset + limit}` : null;
    json(res, 200, { count: items.length, next, previous: null, results: items.slice(offset, offset + limit) });
  };
}

describe('offset pagination', () => {
  it('fetches page 1, then the other pages concurrently, returning every item in order', async () => {
    const { server, client } = await setup(netbox(ITEMS), { concurrency: 4 });
    const all = await client.fetchAllOffset<{ id: number }>({ path: 'dcim/sites/', pageSize: 5, query: { site: 'x' } });
    expect(all).toEqual(ITEMS);
    expect(server.requests).toHaveLength(5);
    const first = server.requests[0];
    expect(first?.url).toBe('/api/dcim/sites/?site=x&limit=5&offset=0');
    expect(server.requests.slice(1).map((r) => new URL(r.url, server.url).searchParams.get('offset')).sort()).toEqual(['10', '15', '20', '5']);
    // Page 1 was alone (answered before any other page was asked); the rest overlapped, within the cap.
    const firstDone = first?.doneSeq ?? Number.POSITIVE_INFINITY;
    expect(server.requests.slice(1).every((r) => r.seq > firstDone)).toBe(true);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('steps by the page size the server actually returns when it caps the limit', async () => {
    const { server, client } = await setup(netbox(ITEMS, 4));
    const all = await client.fetchAllOffset<{ id: number }>({ path: 'dcim/sites/', pageSize: 10 });
    expect(all).toEqual(ITEMS);
    expect(server.requests).toHaveLength(6);
  });

  it('handles an empty collection and a single page', async () => {
    const { server, client } = await setup(netbox([]));
    expect(await client.fetchAllOffset({ path: 'x/' })).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('streams pages in order and stops fetching when the consumer breaks', async () => {
    const { server, client } = await setup(netbox(ITEMS), { concurrency: 2 });
    const pages: number[][] = [];
    for await (const page of client.paginateOffset<{ id: number }>({ path: 'x/', pageSize: 3 })) {
      pages.push(page.map((item) => item.id));
      if (pages.length === 2) break;
    }
    expect(pages).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await delay(30);
    // Page 1 plus at most `prefetch` (= concurrency) pages ahead, plus one refill: not all 8 pages.
    expect(server.requests.length).toBeLessThan(8);
  });

  it('supports custom shapes via getItems/getTotal and parameter names', async () => {
    const { client } = await setup((req, res, server) => {
      const url = new URL(req.url, server.url);
      const size = Number(url.searchParams.get('size'));
      const from = Number(url.searchParams.get('from'));
      json(res, 200, { data: { rows: ITEMS.slice(from, from + size), total: ITEMS.length } });
    });
    type Page = { data: { rows: Array<{ id: number }>; total: number } };
    const all = await client.fetchAllOffset<{ id: number }, Page>({
      path: 'rows',
      pageSize: 7,
      limitParam: 'size',
      offsetParam: 'from',
      getItems: (page) => page.data.rows,
      getTotal: (page) => page.data.total,
    });
    expect(all).toEqual(ITEMS);
  });

  it('reads page after page when no total is reported', async () => {
    const { server, client } = await setup((req, res, srv) => {
      const url = new URL(req.url, srv.url);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      json(res, 200, ITEMS.slice(offset, offset + limit));
    });
    expect(await client.fetchAllOffset({ path: 'plain', pageSize: 10 })).toEqual(ITEMS);
    expect(server.requests).toHaveLength(3);
  });

  it('without a total, detects a server-capped page size from page 1', async () => {
    const { server, client } = await setup((req, res, srv) => {
      const url = new URL(req.url, srv.url);
      const limit = Math.min(Number(url.searchParams.get('limit')), 4);
      const offset = Number(url.searchParams.get('offset'));
      json(res, 200, { results: ITEMS.slice(offset, offset + limit) });
    });
    expect(await client.fetchAllOffset({ path: 'capped', pageSize: 10 })).toEqual(ITEMS);
    expect(server.requests).toHaveLength(6);
  });

  it('fails with HTTP_PAGINATION on an unexpected page shape, and propagates page errors', async () => {
    const { client } = await setup((req, res) => {
      if (req.url.startsWith('/api/weird')) json(res, 200, { count: 3, rows: [] });
      else if (req.url.includes('offset=0')) json(res, 200, { count: 6, results: [1, 2, 3] });
      else json(res, 404, { detail: 'gone' });
    });
    const shape = await client.fetchAllOffset({ path: 'weird' }).catch((e: unknown) => e);
    expect(shape).toBeInstanceOf(HttpError);
    expect((shape as HttpError).code).toBe('HTTP_PAGINATION');
    const page = await client.fetchAllOffset({ path: 'broken', pageSize: 3 }).catch((e: unknown) => e);
    expect((page as HttpError).status).toBe(404);
  });
});

/** Like {@link netbox}, but `tamper(offset, results, request number of that offset)` may shorten or change a page. */
function tampered(
  items: ReadonlyArray<{ id: number }>,
  tamper: (offset: number, results: Array<{ id: number }>, nth: number) => { results: Array<{ id: number }>; count?: number },
  maxPageSize = 1000,
): Handler {
  const seen = new Map<number, number>();
  return (req, res, server) => {
    const url = new URL(req.url, server.url);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), maxPageSize);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const nth = (seen.get(offset) ?? 0) + 1;
    seen.set(offset, nth);
    const page = tamper(offset, items.slice(offset, offset + limit), nth);
    const next = offset + limit < items.length ? `${server.url}${url.pathname}?limit=${limit}&offset=${offset + limit}` : null;
    json(res, 200, { count: page.count ?? items.length, next, previous: null, results: page.results });
  };
}

function offsetsOf(server: TestServer): string[] {
  return server.requests.map((r) => new URL(r.url, server.url).searchParams.get('offset') ?? '');
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the promise to reject');
}

describe('offset pagination: incomplete lists', () => {
  it('re-fetches a short middle page, then fails with INCOMPLETE_LIST naming the URL, offset and counts', async () => {
    const { server, client } = await setup(
      tampered(ITEMS, (offset, results) => ({ results: offset === 10 ? results.slice(1) : results })),
      { retry: { minDelayMs: 1, maxDelayMs: 5, retries: 2 }, auth: { token: 'page-secret-token-1' } },
    );
    const error = await rejection(client.fetchAllOffset({ path: 'dcim/sites/', pageSize: 5, query: { token: 'query-secret-1' } }));
    expect(error.name).toBe('IncompleteListError');
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.offset).toBe(10);
    expect(error.expected).toBe(5);
    expect(error.received).toBe(4);
    expect(error.url).toContain('/api/dcim/sites/');
    expect(String(error.url)).not.toContain('query-secret-1');
    expect(error.message).not.toContain('query-secret-1');
    expect(error.message).toContain('offset 10');
    // The short page was asked 1 + retries times.
    expect(offsetsOf(server).filter((o) => o === '10')).toHaveLength(3);
  });

  it('accepts a short page that is complete when re-fetched', async () => {
    const { server, client } = await setup(tampered(ITEMS, (offset, results, nth) => ({ results: offset === 10 && nth === 1 ? results.slice(2) : results })));
    expect(await client.fetchAllOffset({ path: 'x/', pageSize: 5 })).toEqual(ITEMS);
    expect(offsetsOf(server).filter((o) => o === '10')).toHaveLength(2);
  });

  it('fails on an empty page before the end', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 15 ? [] : results })));
    const error = await rejection(client.fetchAllOffset({ path: 'x/', pageSize: 5 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.offset).toBe(15);
    expect(error.received).toBe(0);
  });

  it('fails when the last page falls short of count', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 20 ? results.slice(0, 2) : results })));
    const error = await rejection(client.fetchAllOffset({ path: 'x/', pageSize: 5 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.expected).toBe(3);
    expect(error.received).toBe(2);
  });

  it('fails when page 1 is empty although count says there are items', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 0 ? [] : results })));
    const error = await rejection(client.fetchAllOffset({ path: 'x/', pageSize: 5 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.offset).toBe(0);
  });

  it('checks pages against the cap page 1 established', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 8 ? results.slice(0, 3) : results }), 4));
    const error = await rejection(client.fetchAllOffset({ path: 'x/', pageSize: 10 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.offset).toBe(8);
    expect(error.expected).toBe(4);
  });

  it('fails a streamed read too (no partial list reaches the consumer as complete)', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 10 ? results.slice(1) : results })));
    const error = await rejection(
      (async () => {
        for await (const _page of client.paginateOffset({ path: 'x/', pageSize: 5 })) {
          // consume
        }
      })(),
    );
    expect(error.code).toBe('INCOMPLETE_LIST');
  });

  it('re-reads the whole list once when count changes during the read, and returns the second read', async () => {
    let items = ITEMS.slice();
    let reads = 0;
    const { client } = await setup((req, res, server) => {
      const url = new URL(req.url, server.url);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      if (offset === 0) reads += 1;
      // A record is deleted on the remote right after page 1 of the first read.
      if (reads === 1 && offset > 0 && items.length === ITEMS.length) items = items.filter((item) => item.id !== 3);
      json(res, 200, { count: items.length, next: null, results: items.slice(offset, offset + limit) });
    });
    const all = await client.fetchAllOffset<{ id: number }>({ path: 'x/', pageSize: 5, prefetch: 1 });
    expect(reads).toBe(2);
    expect(all).toEqual(ITEMS.filter((item) => item.id !== 3));
  });

  it('fails when count keeps changing on the second read', async () => {
    let count = ITEMS.length;
    const { client } = await setup((req, res, server) => {
      const url = new URL(req.url, server.url);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      count += 1;
      json(res, 200, { count, next: null, results: ITEMS.slice(offset, offset + limit) });
    });
    const error = await rejection(client.fetchAllOffset({ path: 'x/', pageSize: 5 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.reason).toBe('count-changed');
  });
});

describe('cursor pagination', () => {
  it('follows absolute next links on the same origin, sequentially', async () => {
    const { server, client } = await setup(netbox(ITEMS, 1000, 2));
    const all = await client.fetchAllCursor<{ id: number }>({ path: 'dcim/devices/', query: { limit: 10 } });
    expect(all).toEqual(ITEMS);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/dcim/devices/?limit=10', '/api/dcim/devices/?limit=10&offset=10', '/api/dcim/devices/?limit=10&offset=20']);
    expect(server.maxInFlight).toBe(1);
  });

  it('refuses a next link on another origin, without sending the token there', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, { next: 'http://attacker.example.com/api/steal?cursor=2', results: [1] }), {
      auth: { token: 'cursor-secret-token-1' },
    });
    const pages: unknown[][] = [];
    const error = await (async () => {
      for await (const page of client.paginateCursor({ path: 'x' })) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toEqual([[1]]);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('HTTP_FOREIGN_ORIGIN');
    expect((error as HttpError).message).not.toContain('cursor-secret-token-1');
    expect(server.requests).toHaveLength(1);
  });

  it('follows cursor tokens and relative links', async () => {
    const { server, client } = await setup((req, res, srv) => {
      const url = new URL(req.url, srv.url);
      const cursor = url.searchParams.get('cursor');
      if (url.pathname === '/api/events' && cursor === null) json(res, 200, { items: [1, 2], cursor: 'c2' });
      else if (cursor === 'c2') json(res, 200, { items: [3], cursor: 'c3' });
      else if (cursor === 'c3') json(res, 200, { items: [4], link: '/api/events-more?page=2' });
      else json(res, 200, { items: [5], link: null });
    });
    type Page = { items: number[]; cursor?: string; link?: string | null };
    const all = await client.fetchAllCursor<number, Page>({
      path: 'events',
      query: { kind: 'x' },
      getItems: (page) => page.items,
      getNext: (page) => (page.cursor ? { cursor: page.cursor } : page.link),
    });
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/events?kind=x', '/api/events?kind=x&cursor=c2', '/api/events?kind=x&cursor=c3', '/api/events-more?page=2']);
  });

  it('follows Link headers and detects loops', async () => {
    const { client } = await setup((req, res, srv) => {
      if (req.url === '/api/linked') json(res, 200, [1], { link: `<${srv.url}/api/linked?p=2>; rel="next", <${srv.url}/api/linked>; rel="first"` });
      else if (req.url === '/api/linked?p=2') json(res, 200, [2]);
      else json(res, 200, { results: [0], next: `${srv.url}/api/loop` });
    });
    expect(await client.fetchAllCursor({ path: 'linked' })).toEqual([1, 2]);
    const error = await client.fetchAllCursor({ path: 'loop' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('INCOMPLETE_LIST');
    expect((error as { reason: string }).reason).toBe('repeated-cursor');
  });

  it('re-fetches a page whose next cursor repeats one already read, and goes on if it recovers', async () => {
    let second = 0;
    const { server, client } = await setup((req, res) => {
      const url = new URL(req.url, 'http://x');
      const cursor = url.searchParams.get('cursor');
      if (cursor === null) json(res, 200, { items: [1], next: 'c2' });
      else if (cursor === 'c2') {
        second += 1;
        json(res, 200, { items: [2], next: second === 1 ? 'c2' : 'c3' });
      } else json(res, 200, { items: [3], next: null });
    });
    type Page = { items: number[]; next: string | null };
    const all = await client.fetchAllCursor<number, Page>({ path: 'c', getItems: (page) => page.items, getNext: (page) => (page.next ? { cursor: page.next } : null) });
    expect(all).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(4);
  });

  it('re-fetches a page that has a next cursor but no items, then fails with INCOMPLETE_LIST', async () => {
    const { server, client } = await setup((req, res, srv) => {
      if (req.url === '/api/empty') json(res, 200, { results: [1, 2], next: `${srv.url}/api/empty?cursor=2` });
      else json(res, 200, { results: [], next: `${srv.url}/api/empty?cursor=3` });
    }, { retry: { minDelayMs: 1, maxDelayMs: 5, retries: 2 } });
    const error = await rejection(client.fetchAllCursor({ path: 'empty' }));
    expect(error.name).toBe('IncompleteListError');
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.reason).toBe('empty-page');
    expect(server.requests.filter((r) => r.url === '/api/empty?cursor=2')).toHaveLength(3);
  });

  it('with fullPageSize, fails on a page with a next cursor and fewer items', async () => {
    const { client } = await setup((req, res, srv) => {
      if (req.url === '/api/full') json(res, 200, { results: [1, 2, 3], next: `${srv.url}/api/full?cursor=2` });
      else if (req.url === '/api/full?cursor=2') json(res, 200, { results: [4, 5], next: `${srv.url}/api/full?cursor=3` });
      else json(res, 200, { results: [7], next: null });
    });
    const error = await rejection(client.fetchAllCursor({ path: 'full', fullPageSize: 3 }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.expected).toBe(3);
    expect(error.received).toBe(2);
    // Without the promise, short pages are normal.
    expect(await client.fetchAllCursor({ path: 'full' })).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('fails when the pages of a next-link list add up to less than their count', async () => {
    const { client } = await setup(tampered(ITEMS, (offset, results) => ({ results: offset === 10 ? results.slice(1) : results })));
    const error = await rejection(client.fetchAllCursor({ path: 'dcim/devices/', query: { limit: 10 } }));
    expect(error.code).toBe('INCOMPLETE_LIST');
    expect(error.expected).toBe(23);
    expect(error.received).toBe(22);
  });

  it('parses Link headers', () => {
    expect(linkNext('<https://a/x?page=2>; rel="next"')).toBe('https://a/x?page=2');
    expect(linkNext('<https://a/1>; rel="prev", <https://a/3>; rel="next last"')).toBe('https://a/3');
    expect(linkNext('<https://a/1>; rel="prev"')).toBeUndefined();
    expect(linkNext(undefined)).toBeUndefined();
  });
});
