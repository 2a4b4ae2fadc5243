// Tests of HttpClient against a real local server: requests, concurrency, rate limit, retries, timeouts, aborts, metrics.
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, delay, json, startServer } from './__fixtures__/server.js';
import type { Handler, TestServer } from './__fixtures__/server.js';
import { createHttpClient } from './client.js';
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
import type { HttpClientOptions } from './options.js';

const fast = { minDelayMs: 1, maxDelayMs: 5 };
const servers: TestServer[] = [];
const clients: HttpClient[] = [];

async function setup(handler: Handler, options: Partial<HttpClientOptions> = {}): Promise<{ server: TestServer; client: HttpClient }> {
  const server = await startServer(handler);
  servers.push(server);
  const client = createHttpClient({ baseURL: `${server.url}/api`, retry: fast, ...options });
  clients.push(client);
  return { server, client };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

describe('requests', () => {
  it('sends method, path, query, headers and JSON body, and parses JSON', async () => {
    const { server, client } = await setup((req, res) => json(res, 201, { echo: JSON.parse(req.body) as unknown, url: req.url }), {
      auth: { token: 'abc123456', scheme: 'Token' },
      headers: { 'X-Custom': 'yes' },
    });
    const data = await client.post<{ echo: unknown; url: string }>('/dcim/sites/', { name: 'a' }, { query: { brief: true, tag: ['x', 'y'], skip: undefined } });
    expect(data.echo).toEqual({ name: 'a' });
    expect(data.url).toBe('/api/dcim/sites/?brief=true&tag=x&tag=y');
    const seen = server.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.headers['authorization']).toBe('Token abc123456');
    expect(seen?.headers['x-custom']).toBe('yes');
    expect(seen?.headers['content-type']).toBe('application/json');
  });

  it('returns status and headers from requestRaw, and undefined for empty bodies', async () => {
    const { client } = await setup((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(204).end();
        return;
      }
      json(res, 200, [1, 2], { 'x-total': '2' });
    });
    const raw = await client.requestRaw<number[]>({ path: 'items' });
    expect(raw.status).toBe(200);
    expect(raw.headers['x-total']).toBe('2');
    expect(raw.data).toEqual([1, 2]);
    expect(raw.attempts).toBe(1);
    expect(await client.delete('items/1')).toBeUndefined();
  });

  it('sends form bodies and text bodies', async () => {
    const { server, client } = await setup((req, res) => json(res, 200, { type: req.headers['content-type'], body: req.body }));
    expect(await client.post('form', new URLSearchParams({ a: '1', b: 'x y' }))).toEqual({ type: 'application/x-www-form-urlencoded', body: 'a=1&b=x+y' });
    expect(await client.put('text', 'plain')).toEqual({ type: 'text/plain; charset=utf-8', body: 'plain' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('supports text and buffer response types', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    expect(await client.get('x')).toBe('hello');
    expect(await client.get('x', { responseType: 'text' })).toBe('hello');
    const buffer = await client.get<Buffer>('x', { responseType: 'buffer' });
    expect(buffer.toString()).toBe('hello');
  });

  it('fails with HTTP_PARSE on invalid JSON', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{nope');
    });
    const error = await failure(client.get('x'));
    expect(error.code).toBe('HTTP_PARSE');
  });

  it('refuses absolute URLs of another origin without sending anything', async () => {
    const { server, client } = await setup((_req, res) => json(res, 200, {}), { auth: { token: 'tok-123456789' } });
    const error = await failure(client.get('http://evil.example.com/api/x'));
    expect(error.code).toBe('HTTP_FOREIGN_ORIGIN');
    expect(server.requests).toHaveLength(0);
    // Same origin absolute URLs are fine.
    await client.get(`${server.url}/api/x`);
    expect(server.requests).toHaveLength(1);
  });

  it('does not follow redirects and explains why', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example.com/api/x?token=l3akval' }).end();
    });
    const error = await failure(client.get('x'));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.status).toBe(301);
    expect(error.message).toContain('redirects are not followed');
    expect(error.message).not.toContain('l3akval');
  });
});

describe('concurrency and rate limit', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    const { server, client } = await setup(
      async (_req, res) => {
        await delay(15);
        json(res, 200, { ok: true });
      },
      { concurrency: 3 },
    );
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`item/${i}`)));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it('starts at most `requests` per interval', async () => {
    const intervalMs = 200;
    const { server, client } = await setup((_req, res) => json(res, 200, {}), { rateLimit: { requests: 3, intervalMs }, concurrency: 10 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => client.get(`item/${i}`)));
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(9);
    // In any window of half the interval (generous slack for scheduling), at most 3 requests arrive;
    // without the limit all 9 would arrive within a few milliseconds.
    const window = intervalMs * 0.5;
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + window).length).toBeLessThanOrEqual(3);
    }
  });
});

describe('retries', () => {
  it('retries 503 then succeeds', async () => {
    let calls = 0;
    const { server, client } = await setup((_req, res) => {
      calls += 1;
      if (calls < 3) json(res, 503, { detail: 'busy' });
      else json(res, 200, { ok: true });
    });
    const raw = await client.requestRaw({ path: 'x' });
    expect(raw.data).toEqual({ ok: true });
    expect(raw.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after `retries` retries', async () => {
    const { server, client } = await setup((_req, res) => json(res, 502, {}), { retry: { ...fast, retries: 2 } });
    const error = await failure(client.get('x'));
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('after 3 attempts');
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After (seconds) instead of the backoff', async () => {
    let calls = 0;
    const { client } = await setup(
      (_req, res) => {
        calls += 1;
        if (calls === 1) json(res, 503, {}, { 'retry-after': '0' });
        else json(res, 200, { ok: true });
      },
      // A backoff this long would time the test out: passing proves Retry-After was used.
      { retry: { minDelayMs: 60_000, maxDelayMs: 60_000, jitter: false } },
    );
    expect(await client.get('x')).toEqual({ ok: true });
  });

  it('honours Retry-After as an HTTP date and caps it with maxRetryAfterMs', async () => {
    let calls = 0;
    const { client } = await setup(
      (_req, res) => {
        calls += 1;
        if (calls === 1) json(res, 429, {}, { 'retry-after': new Date(Date.now() - 1000).toUTCString() });
        else if (calls === 2) json(res, 429, {}, { 'retry-after': '3600' });
        else json(res, 200, { ok: true });
      },
      { retry: { minDelayMs: 60_000, maxDelayMs: 60_000, jitter: false, maxRetryAfterMs: 5 } },
    );
    expect(await client.get('x')).toEqual({ ok: true });
    expect(calls).toBe(3);
  });

  it('retries POST on 429', async () => {
    let calls = 0;
    const { server, client } = await setup((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 429, { detail: 'slow down' }, { 'retry-after': '0' });
      else json(res, 201, { id: 1 });
    });
    expect(await client.post('objects/', { a: 1 })).toEqual({ id: 1 });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it.each([400, 401, 403, 404, 422])('does not retry %i', async (status) => {
    const { server, client } = await setup((_req, res) => json(res, status, { detail: 'no' }));
    const error = await failure(client.get('dcim/sites/'));
    expect(error.status).toBe(status);
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('formats status errors with method, path, status, attempts and a hint', async () => {
    const { client } = await setup((_req, res) => json(res, 404, { detail: 'Not found.' }));
    const error = await failure(client.get('/dcim/sites/', { query: { q: 'x' } }));
    expect(error.message).toMatch(/^GET \/api\/dcim\/sites\/ failed with 404 Not Found after 1 attempt \(response: \{"detail":"Not found\."\}\)\. Check baseURL/);
    expect(error.path).toBe('/api/dcim/sites/');
    expect(error.responseBody).toBe('{"detail":"Not found."}');
    expect(error.hint).toContain('trailing slash');
  });

  it('does not retry POST or PATCH on 500/503 by default', async () => {
    const { server, client } = await setup((_req, res) => json(res, 503, {}), { retry: { ...fast, retryOn500: true } });
    expect((await failure(client.post('x', {}))).attempts).toBe(1);
    expect((await failure(client.patch('x', {}))).attempts).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 500 for idempotent methods by default (retryOn500: false turns it off), POST only with retryNonIdempotent', async () => {
    const { server, client } = await setup((_req, res) => json(res, 500, {}), { retry: { ...fast, retries: 1 } });
    expect((await failure(client.get('x'))).attempts).toBe(2);
    expect((await failure(client.get('x', { retry: { retryOn500: false } }))).attempts).toBe(1);
    expect((await failure(client.post('x', {}))).attempts).toBe(1);
    expect((await failure(client.post('x', {}, { retry: { retryNonIdempotent: true } }))).attempts).toBe(2);
    expect(server.requests).toHaveLength(6);
  });

  it.each([500, 502, 503, 504])('retries a single %i on GET, HEAD, OPTIONS, PUT and DELETE with the default policy', async (status) => {
    const seen = new Map<string, number>();
    const { server, client } = await setup((req, res) => {
      const calls = (seen.get(req.method) ?? 0) + 1;
      seen.set(req.method, calls);
      if (calls === 1) json(res, status, { detail: 'transient' });
      else json(res, 200, { ok: true });
    });
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'] as const) {
      const raw = await client.requestRaw({ method, path: 'x' });
      expect(raw.status, method).toBe(200);
      expect(raw.attempts, method).toBe(2);
    }
    expect(server.requests).toHaveLength(10);
  });

  it.each([500, 502, 503, 504])('does not retry POST or PATCH on a single %i (the request may have been processed)', async (status) => {
    const { server, client } = await setup((_req, res) => json(res, status, {}));
    expect((await failure(client.post('x', {}))).attempts).toBe(1);
    expect((await failure(client.patch('x', {}))).attempts).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST whose connection is reset after it was sent', async () => {
    const { server, client } = await setup((_req, res) => {
      res.socket?.destroy();
    });
    const error = await failure(client.post('x', { a: 1 }));
    expect(error.code).toBe('HTTP_NETWORK');
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('retries connection refused, even for POST, then fails with HTTP_NETWORK', async () => {
    const port = await closedPort();
    const client = createHttpClient({ baseURL: `http://127.0.0.1:${port}`, retry: { ...fast, retries: 2 } });
    clients.push(client);
    const error = await failure(client.post('x', { a: 1 }));
    expect(error.code).toBe('HTTP_NETWORK');
    expect(error.causeCode).toBe('ECONNREFUSED');
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('Nothing accepted the connection');
  });

  it('retries a GET whose connection is reset', async () => {
    let calls = 0;
    const { client } = await setup((_req, res) => {
      calls += 1;
      if (calls === 1) res.socket?.destroy();
      else json(res, 200, { ok: true });
    });
    expect(await client.get('x')).toEqual({ ok: true });
    expect(calls).toBe(2);
  });
});

describe('timeouts and aborts', () => {
  it('fails with HTTP_TIMEOUT when the server is too slow', async () => {
    const { client } = await setup(
      async (_req, res) => {
        await delay(300);
        json(res, 200, {});
      },
      { timeoutMs: 30, retry: false },
    );
    const error = await failure(client.get('slow'));
    expect(error.code).toBe('HTTP_TIMEOUT');
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('timed out after 30 ms');
  });

  it('retries timeouts of idempotent requests', async () => {
    let calls = 0;
    const { client } = await setup(
      async (_req, res) => {
        calls += 1;
        if (calls === 1) await delay(300);
        json(res, 200, { calls });
      },
      { timeoutMs: 50 },
    );
    expect(await client.get('slow')).toEqual({ calls: 2 });
  });

  it('aborts in-flight and queued requests with HTTP_ABORTED', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { server, client } = await setup(
      async (_req, res) => {
        await gate;
        json(res, 200, {});
      },
      { concurrency: 1 },
    );
    const controller = new AbortController();
    const pending = [0, 1, 2].map((i) => failure(client.get(`x/${i}`, { signal: controller.signal })));
    while (server.requests.length === 0) await delay(2);
    controller.abort();
    const errors = await Promise.all(pending);
    expect(errors.map((e) => e.code)).toEqual(['HTTP_ABORTED', 'HTTP_ABORTED', 'HTTP_ABORTED']);
    expect(errors[0]?.attempts).toBe(1);
    expect(errors[1]?.attempts).toBe(0);
    expect(errors[2]?.attempts).toBe(0);
    release();
    // The queued ones were never sent; the client keeps working for other callers.
    expect(await client.get('after')).toEqual({});
    expect(server.requests.map((r) => r.url)).toEqual(['/api/x/0', '/api/after']);
    expect(client.queueState()).toEqual({ queued: 0, inFlight: 0, concurrency: 1 });
  });

  it('stops a retry wait when aborted', async () => {
    const { server, client } = await setup((_req, res) => json(res, 503, {}), { retry: { minDelayMs: 60_000, maxDelayMs: 60_000, jitter: false } });
    const controller = new AbortController();
    const pending = failure(client.get('x', { signal: controller.signal }));
    while (server.requests.length === 0) await delay(2);
    await delay(5);
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('HTTP_ABORTED');
    expect(error.attempts).toBe(1);
  });

  it('the client signal cancels everything, for good', async () => {
    const controller = new AbortController();
    const { server, client } = await setup(
      async (_req, res) => {
        await delay(200);
        json(res, 200, {});
      },
      { concurrency: 1, signal: controller.signal },
    );
    const pending = [failure(client.get('a')), failure(client.get('b'))];
    while (server.requests.length === 0) await delay(2);
    controller.abort();
    expect((await Promise.all(pending)).map((e) => e.code)).toEqual(['HTTP_ABORTED', 'HTTP_ABORTED']);
    expect((await failure(client.get('c'))).code).toBe('HTTP_ABORTED');
    expect(client.signal.aborted).toBe(true);
  });
});

describe('metrics', () => {
  it('counts calls, attempts, retries, failures, bytes, status classes and latency', async () => {
    let flaky = 0;
    const { client } = await setup((req, res) => {
      if (req.url.endsWith('/missing')) json(res, 404, { detail: 'x' });
      else if (req.url.endsWith('/flaky') && flaky++ === 0) json(res, 503, {});
      else json(res, 200, { ok: true });
    });
    await client.get('a');
    await client.post('b', { hello: 'world' });
    await client.get('flaky');
    await failure(client.get('missing'));
    const m = client.metrics();
    expect(m.calls).toBe(4);
    expect(m.successes).toBe(3);
    expect(m.failures).toBe(1);
    expect(m.failuresByCode).toEqual({ HTTP_STATUS: 1 });
    expect(m.requests).toBe(5);
    expect(m.retries).toBe(1);
    expect(m.byStatusClass).toEqual({ '2xx': 3, '5xx': 1, '4xx': 1 });
    expect(m.bytesSent).toBe(Buffer.byteLength(JSON.stringify({ hello: 'world' })));
    expect(m.bytesReceived).toBe(3 * Buffer.byteLength('{"ok":true}') + 2 + Buffer.byteLength('{"detail":"x"}'));
    expect(m.latency.count).toBe(5);
    expect(m.latency.minMs).toBeLessThanOrEqual(m.latency.p50Ms);
    expect(m.latency.p50Ms).toBeLessThanOrEqual(m.latency.p95Ms);
    expect(m.latency.p95Ms).toBeLessThanOrEqual(m.latency.maxMs);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    client.resetMetrics();
    const reset = client.metrics();
    expect(reset.requests).toBe(0);
    expect(reset.latency).toEqual({ count: 0, totalMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 });
  });
});

describe('options', () => {
  it('rejects invalid options', () => {
    expect(() => createHttpClient({ baseURL: 'not a url' })).toThrow(TypeError);
    expect(() => createHttpClient({ baseURL: 'http://x', concurrency: 0 })).toThrow(RangeError);
  });

  it('sends basic auth from options or baseURL userinfo, without keeping userinfo in the URL', async () => {
    const server = await startServer((req, res) => json(res, 200, { auth: req.headers['authorization'] ?? null, url: req.url }));
    servers.push(server);
    const client = createHttpClient({ baseURL: server.url.replace('http://', 'http://user:pa55word@') });
    clients.push(client);
    expect(client.baseURL).toBe(server.url);
    const data = await client.get<{ auth: string }>('x');
    expect(data.auth).toBe(`Basic ${Buffer.from('user:pa55word').toString('base64')}`);
  });
});
