// Test fixture: a real node:http server on 127.0.0.1 that records requests and tracks how many are in flight.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Method. */
  method: string;
  /** Path and query. */
  url: string;
  /** Headers (lower-case names). */
  headers: IncomingMessage['headers'];
  /** Body as text. */
  body: string;
  /** Arrival time in ms since the server started. */
  at: number;
  /** Position of the arrival in the server's sequence of events (arrivals and completions). */
  seq: number;
  /** Position of the response's completion in the same sequence (set when it finishes). */
  doneSeq?: number;
}

/** Handler of the test server. */
export type Handler = (req: RecordedRequest, res: ServerResponse, server: TestServer) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:12345`. */
  url: string;
  /** Requests received, in arrival order. */
  requests: RecordedRequest[];
  /** Requests currently being handled. */
  inFlight: number;
  /** Highest `inFlight` seen. */
  maxInFlight: number;
  /** Stops the server and drops its connections. */
  close(): Promise<void>;
}

/** Sends a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a server on 127.0.0.1 with a random port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const started = Date.now();
  let events = 0;
  const state: TestServer = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let done = false;
    let recorded: RecordedRequest | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      state.inFlight -= 1;
      events += 1;
      if (recorded) recorded.doneSeq = events;
    };
    res.on('finish', finish);
    res.on('close', finish);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      events += 1;
      const entry: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now() - started,
        seq: events,
      };
      recorded = entry;
      state.requests.push(entry);
      Promise.resolve(handler(entry, res, state)).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { error: String(error) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A port on 127.0.0.1 that nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
