// A small in-memory ZzTmp API on node:http for the tests: paged lists, PUT/PATCH/DELETE by id, a bearer token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running test server. */
export interface TestServer {
  /** Base URL to give the client (`http://127.0.0.1:<port>/api`). */
  url: string;
  /** The token the server accepts. */
  token: string;
  /** The records per model, keyed by id: inspect or change them in tests. */
  data: Map<string, Map<string, Record<string, unknown>>>;
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the server on a free port.
 *
 * @param seed - records per model, keyed by id
 * @returns the running server
 */
export async function startTestServer(seed: Record<string, Record<string, Record<string, unknown>>> = {}): Promise<TestServer> {
  const token = 'test-token-0123456789';
  const data = new Map(Object.entries(seed).map(([model, rows]) => [model, new Map(Object.entries(rows))]));
  const requests: string[] = [];
  const send = (response: ServerResponse, status: number, body?: unknown): void => {
    response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const readBody = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      requests.push(`${request.method ?? 'GET'} ${url.pathname}`);
      if (request.headers.authorization !== `Bearer ${token}`) return send(response, 401, { detail: 'Invalid token.' });
      const [, api, model, id] = url.pathname.split('/').map(decodeURIComponent);
      if (api !== 'api' || model === undefined || model === '') return send(response, 404, { detail: 'Not found.' });
      const rows = data.get(model) ?? new Map<string, Record<string, unknown>>();
      data.set(model, rows);
      if (request.method === 'GET' && (id === undefined || id === '')) {
        const all = [...rows.values()];
        const limit = Number(url.searchParams.get('limit') ?? 100);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        return send(response, 200, { count: all.length, next: null, previous: null, results: all.slice(offset, offset + limit) });
      }
      if (id === undefined || id === '') return send(response, 405, { detail: 'Method not allowed.' });
      if (request.method === 'PUT') {
        const record = await readBody(request);
        rows.set(id, record);
        return send(response, 201, record);
      }
      const existing = rows.get(id);
      if (existing === undefined) return send(response, 404, { detail: 'Not found.' });
      if (request.method === 'PATCH') {
        const record = { ...existing, ...(await readBody(request)) };
        rows.set(id, record);
        return send(response, 200, record);
      }
      if (request.method === 'DELETE') {
        rows.delete(id);
        return send(response, 204);
      }
      return send(response, 405, { detail: 'Method not allowed.' });
    })().catch((error: unknown) => send(response, 500, { detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    token,
    data,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}
