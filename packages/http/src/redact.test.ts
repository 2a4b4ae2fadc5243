// No secret ever leaves the HTTP client through an HttpError or the logger.
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, json, startServer } from './__fixtures__/server.js';
import type { TestServer } from './__fixtures__/server.js';
import { createHttpClient } from './client.js';
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';
import type { HttpLogger } from './logger.js';

const SECRET = 'S3cr3t-T0ken-9f8e7d6c5b4a';
const OTHER = 'query-secret-value-77';

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

function capturingLogger(lines: string[]): HttpLogger {
  const log = (...args: unknown[]): void => {
    lines.push(JSON.stringify(args));
  };
  return { debug: log, info: log, warn: log, error: log };
}

function everyView(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e), JSON.stringify(e), e.stack ?? '', JSON.stringify(Object.entries(e))];
}

describe('errors never leak secrets', () => {
  it('status errors: echoed headers, URLs and body fields are redacted everywhere', async () => {
    const server = await startServer((req, res) =>
      json(res, 400, {
        detail: `bad token ${req.headers['authorization'] ?? ''}`,
        url: req.url,
        cookie: req.headers['cookie'],
        token: SECRET,
        echo: req.body,
      }),
    );
    servers.push(server);
    const lines: string[] = [];
    const client = createHttpClient({
      baseURL: `${server.url}/api`,
      auth: { token: SECRET, scheme: 'Token' },
      headers: { Cookie: `session=${OTHER}-cookie` },
      logger: capturingLogger(lines),
      retry: { minDelayMs: 1, maxDelayMs: 2 },
    });
    clients.push(client);
    const error = await client.post(`/dcim/sites/${SECRET}/`, { password: OTHER, note: SECRET }, { query: { api_key: OTHER, q: 'ok' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const httpError = error as HttpError;
    expect(httpError.status).toBe(400);
    expect(httpError.url).toContain('api_key=[REDACTED]');
    expect(httpError.responseBody).toContain('[REDACTED]');
    for (const view of [...everyView(error), ...lines, JSON.stringify(client.metrics())]) {
      expect(view).not.toContain(SECRET);
      expect(view).not.toContain(OTHER);
    }
    // No axios internals attached.
    expect(Object.keys(httpError)).not.toEqual(expect.arrayContaining(['config']));
    expect('config' in httpError || 'request' in httpError || 'response' in httpError).toBe(false);
    expect(httpError.cause).toBeUndefined();
  });

  it('secret headers given per request are redacted too', async () => {
    const server = await startServer((req, res) => json(res, 403, { got: req.headers['x-api-key'] }));
    servers.push(server);
    const client = createHttpClient({ baseURL: server.url });
    clients.push(client);
    const error = await client.get('x', { headers: { 'X-API-Key': SECRET } }).catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(403);
    for (const view of everyView(error)) expect(view).not.toContain(SECRET);
  });

  it('network errors and retries log nothing secret', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const client = createHttpClient({
      baseURL: `http://admin:${SECRET}@127.0.0.1:${port}/api`,
      headers: { 'X-API-Key': SECRET },
      logger: capturingLogger(lines),
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    clients.push(client);
    const error = await client.get('x', { query: { token: SECRET } }).catch((e: unknown) => e);
    expect((error as HttpError).code).toBe('HTTP_NETWORK');
    expect(lines.length).toBeGreaterThan(0);
    for (const view of [...everyView(error), ...lines]) expect(view).not.toContain(SECRET);
  });

  it('timeouts and aborts carry no secrets', async () => {
    const server = await startServer(() => undefined);
    servers.push(server);
    const client = createHttpClient({ baseURL: server.url, auth: { token: SECRET }, timeoutMs: 20, retry: false });
    clients.push(client);
    const timeout = await client.get(`x?password=${SECRET}`).catch((e: unknown) => e);
    expect((timeout as HttpError).code).toBe('HTTP_TIMEOUT');
    const aborted = await client.get('y', { query: { secret: SECRET }, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((aborted as HttpError).code).toBe('HTTP_ABORTED');
    for (const view of [...everyView(timeout), ...everyView(aborted)]) expect(view).not.toContain(SECRET);
  });
});
