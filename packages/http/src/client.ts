// The HTTP client: axios behind a p-queue (concurrency + rate limit), with retries, timeouts, aborts, metrics and redaction.
import { setTimeout as wait } from 'node:timers/promises';
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import type { AxiosInstance, RawAxiosResponseHeaders, AxiosResponseHeaders } from 'axios';
import PQueue from 'p-queue';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, resolveRetry } from './backoff.js';
import { bulk } from './bulk.js';
import type { BulkOptions, BulkResult } from './bulk.js';
import { HttpError } from './errors.js';
import type { HttpErrorCode } from './errors.js';
import { ABORT_HINT, networkHint, statusHint, timeoutHint } from './hints.js';
import { silentLogger } from './logger.js';
import type { HttpLogger } from './logger.js';
import { MetricsRecorder } from './metrics.js';
import type { HttpMetricsSnapshot } from './metrics.js';
import type { HttpClientOptions, HttpMethod, HttpResponse, Query, RequestOptions, ResponseType, RetryOptions } from './options.js';
import { fetchAllCursor, paginateCursor } from './pagination-cursor.js';
import type { CursorPaginationOptions } from './pagination-cursor.js';
import { fetchAllOffset, paginateOffset } from './pagination-offset.js';
import type { OffsetPaginationOptions } from './pagination-offset.js';
import { isSensitiveHeader, Redactor } from '@ssot/core';
import { isRetryable } from './retry-policy.js';
import type { AttemptFailure } from './retry-policy.js';
import { isAbsoluteUrl, joinUrl, pathOf, sameOrigin, withQuery } from './url.js';

/** Default number of requests in flight per client. */
export const DEFAULT_CONCURRENCY = 8;
/** Default timeout of one attempt, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default number of response-body characters kept on an error. */
const DEFAULT_MAX_ERROR_BODY_CHARS = 2000;
/** Characters of the response body quoted in an error message. */
const MESSAGE_BODY_CHARS = 300;

/** Request options without method and path (for the shorthands). */
export type ShorthandOptions = Omit<RequestOptions, 'method' | 'path' | 'body'>;

/** Live queue state of a client. */
export interface QueueState {
  /** Requests waiting for a slot (or for the rate limit). */
  queued: number;
  /** Requests in flight. */
  inFlight: number;
  /** Configured concurrency. */
  concurrency: number;
}

type AttemptResult =
  | { kind: 'response'; status: number; statusText: string; headers: Record<string, string>; body: Buffer }
  | { kind: 'network'; causeCode: string | undefined; detail: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

interface RequestContext {
  method: HttpMethod;
  url: string;
  path: string;
  safeUrl: string;
  redactor: Redactor;
}

interface EncodedBody {
  data: Buffer | undefined;
  contentType: string | undefined;
}

/**
 * An HTTP client for sync integrations: every attempt goes through a per-client queue that bounds
 * concurrency and request rate; failures are retried with exponential backoff and full jitter; all
 * errors are {@link HttpError}s with secrets redacted.
 *
 * @example
 * ```ts
 * import { HttpClient } from '@ssot/http';
 *
 * const acme = new HttpClient({
 *   baseURL: 'https://acme.example.com/api/v2',
 *   auth: { token: process.env.ACME_TOKEN!, header: 'X-Auth-Token' }, // sent as "X-Auth-Token: <token>"
 *   concurrency: 8,
 *   rateLimit: { requests: 100, intervalMs: 60_000 },
 * });
 * const devices = await acme.get<AcmeDevice[]>('/devices', { query: { site: 'ams1', role: ['core', 'edge'] } });
 * await acme.patch('/devices/ams1-core1/interfaces/Ethernet1', { mtu: 9214 });
 * context.setMetrics('acme', acme.metrics()); // in a job: requests, retries and latency go into the sync record
 * acme.close();
 * ```
 */
export class HttpClient {
  /** The base URL every path is appended to. */
  readonly baseURL: string;
  /** The logger the client writes to (silent by default). */
  readonly logger: HttpLogger;
  readonly #axios: AxiosInstance;
  readonly #queue: PQueue;
  readonly #redactor: Redactor;
  readonly #retry: RetryOptions;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #metrics = new MetricsRecorder();
  readonly #lifetime = new AbortController();
  readonly #httpAgent: HttpAgent;
  readonly #httpsAgent: HttpsAgent;
  readonly #maxErrorBodyChars: number;
  readonly #concurrency: number;

  /**
   * @param options - base URL, auth, limits, retry policy, logger and signal
   */
  constructor(options: HttpClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseURL);
    } catch {
      throw new TypeError('HttpClient: baseURL must be an absolute URL such as https://netbox.example.com/api');
    }
    const secrets: string[] = [...(options.secrets ?? [])];
    if (base.password) secrets.push(decodeURIComponent(base.password), base.password);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? '@ssot/http',
    };
    if (base.username || base.password) {
      const credential = Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
      headers['authorization'] = `Basic ${credential}`;
      secrets.push(credential);
      base.username = '';
      base.password = '';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers[name.toLowerCase()] = value;
      if (isSensitiveHeader(name)) secrets.push(value, ...value.split(/\s+/).filter((part) => part.length >= 8));
    }
    const auth = options.auth;
    if (auth) {
      if ('token' in auth) {
        const header = (auth.header ?? 'Authorization').toLowerCase();
        const scheme = auth.scheme ?? (header === 'authorization' ? 'Bearer' : '');
        headers[header] = scheme ? `${scheme} ${auth.token}` : auth.token;
        secrets.push(auth.token);
      } else {
        const credential = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
        headers['authorization'] = `Basic ${credential}`;
        secrets.push(auth.password, credential);
      }
    }
    this.baseURL = base.toString().replace(/\/+$/, '');
    this.#redactor = new Redactor(secrets);
    this.#headers = headers;
    this.logger = options.logger ?? silentLogger;
    this.#retry = resolveRetry(DEFAULT_RETRY, options.retry);
    this.#timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.#concurrency = Math.floor(positive(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency'));
    this.#maxErrorBodyChars = options.maxErrorBodyChars ?? DEFAULT_MAX_ERROR_BODY_CHARS;
    const rate = options.rateLimit;
    this.#queue = new PQueue({
      concurrency: this.#concurrency,
      ...(rate ? { intervalCap: Math.floor(positive(rate.requests, 1, 'rateLimit.requests')), interval: positive(rate.intervalMs, 1000, 'rateLimit.intervalMs'), strict: true } : {}),
    });
    this.#httpAgent = new HttpAgent({ keepAlive: true, maxSockets: this.#concurrency });
    this.#httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: this.#concurrency });
    this.#axios = axios.create({
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      maxRedirects: 0,
      maxBodyLength: Number.POSITIVE_INFINITY,
      maxContentLength: Number.POSITIVE_INFINITY,
      responseType: 'arraybuffer',
      validateStatus: () => true,
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
    });
    // Every queued request listens to the client signal: many listeners are expected, not a leak.
    setMaxListeners(0, this.#lifetime.signal);
    if (options.signal) {
      const external = options.signal;
      if (external.aborted) this.close();
      else external.addEventListener('abort', () => this.close(), { once: true, signal: this.#lifetime.signal });
    }
  }

  /** Aborted when the client is closed (or its `signal` option aborted). */
  get signal(): AbortSignal {
    return this.#lifetime.signal;
  }

  /** Live queue state: waiting and in-flight requests. */
  queueState(): QueueState {
    return { queued: this.#queue.size, inFlight: this.#queue.pending, concurrency: this.#concurrency };
  }

  /** Replaces this client's secrets, secret query parameters, URL userinfo and auth schemes in `text` with `[REDACTED]`. */
  redact(text: string): string {
    return this.#redactor.text(text);
  }

  /**
   * The absolute URL of `path` (relative to baseURL, or absolute of the same origin) with `query` applied.
   * @throws HttpError with code `HTTP_FOREIGN_ORIGIN` when an absolute URL points elsewhere than baseURL
   */
  resolveUrl(path: string, query?: Query, method: string = 'GET'): string {
    if (isAbsoluteUrl(path) && !sameOrigin(path, this.baseURL)) {
      const target = this.#redactor.url(path);
      let origin = target;
      try {
        origin = new URL(target).origin;
      } catch {
        // keep the redacted text
      }
      throw new HttpError(
        this.#redactor.text(`${method} ${origin} refused: the URL is not on the origin of baseURL (${new URL(this.baseURL).origin}); credentials are never sent to another origin`),
        {
          code: 'HTTP_FOREIGN_ORIGIN',
          method,
          path: this.#redactor.text(pathOf(path)),
          url: target,
          attempts: 0,
          hint: 'Check that baseURL matches the URL the server advertises (scheme, host and port), e.g. behind a proxy.',
        },
      );
    }
    return withQuery(joinUrl(this.baseURL, path), query);
  }

  /** The client's retry policy (defaults merged with the `retry` option); pagination re-reads incomplete pages with it too. */
  retryPolicy(): Readonly<RetryOptions> {
    return { ...this.#retry };
  }

  /** Sends a request and returns its parsed body. */
  async request<T = unknown>(options: RequestOptions): Promise<T> {
    return (await this.requestRaw<T>(options)).data;
  }

  /** GET `path`, returning the parsed body. */
  get<T = unknown>(path: string, options: ShorthandOptions = {}): Promise<T> {
    return this.request<T>({ ...options, method: 'GET', path });
  }

  /** POST `body` to `path`, returning the parsed body. Not retried on 5xx/timeouts unless `retryNonIdempotent`. */
  post<T = unknown>(path: string, body?: unknown, options: ShorthandOptions = {}): Promise<T> {
    return this.request<T>({ ...options, method: 'POST', path, body });
  }

  /** PUT `body` to `path`, returning the parsed body. */
  put<T = unknown>(path: string, body?: unknown, options: ShorthandOptions = {}): Promise<T> {
    return this.request<T>({ ...options, method: 'PUT', path, body });
  }

  /** PATCH `path` with `body`, returning the parsed body. Not retried on 5xx/timeouts unless `retryNonIdempotent`. */
  patch<T = unknown>(path: string, body?: unknown, options: ShorthandOptions = {}): Promise<T> {
    return this.request<T>({ ...options, method: 'PATCH', path, body });
  }

  /** DELETE `path` (optionally with a body), returning the parsed body (usually `undefined`). */
  delete<T = unknown>(path: string, options: ShorthandOptions & { body?: unknown } = {}): Promise<T> {
    return this.request<T>({ ...options, method: 'DELETE', path });
  }

  /** Streams the pages of an offset/limit API (NetBox-like by default); see {@link paginateOffset}. */
  paginateOffset<T = unknown, P = unknown>(options: OffsetPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
    return paginateOffset(this, options);
  }

  /** Fetches every item of an offset/limit API, page 1 first then the rest concurrently; see {@link fetchAllOffset}. */
  fetchAllOffset<T = unknown, P = unknown>(options: OffsetPaginationOptions<T, P>): Promise<T[]> {
    return fetchAllOffset(this, options);
  }

  /** Streams the pages of a next-link / cursor API; see {@link paginateCursor}. */
  paginateCursor<T = unknown, P = unknown>(options: CursorPaginationOptions<T, P>): AsyncGenerator<T[], void, undefined> {
    return paginateCursor(this, options);
  }

  /** Fetches every item of a next-link / cursor API, sequentially; see {@link fetchAllCursor}. */
  fetchAllCursor<T = unknown, P = unknown>(options: CursorPaginationOptions<T, P>): Promise<T[]> {
    return fetchAllCursor(this, options);
  }

  /** Sends `items` in batches through the queue; see {@link bulk}. */
  bulk<TItem, TResult = unknown>(options: BulkOptions<TItem, TResult>): Promise<BulkResult<TItem, TResult>> {
    return bulk(this, options);
  }

  /** A JSON-serialisable snapshot of this client's metrics. */
  metrics(): HttpMetricsSnapshot {
    return this.#metrics.snapshot();
  }

  /** Resets this client's metrics. */
  resetMetrics(): void {
    this.#metrics.reset();
  }

  /** Cancels queued and in-flight requests and retry waits, and frees sockets. Further requests fail with `HTTP_ABORTED`. */
  close(): void {
    if (!this.#lifetime.signal.aborted) this.#lifetime.abort();
    this.#queue.clear();
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  /** Sends a request and returns status, headers and parsed body. */
  async requestRaw<T = unknown>(options: RequestOptions): Promise<HttpResponse<T>> {
    const method = (options.method ?? 'GET').toUpperCase() as HttpMethod;
    const url = this.resolveUrl(options.path, options.query, method);
    // Secret headers given for this request only are redacted too.
    const extraSecrets = Object.entries(options.headers ?? {})
      .filter(([name]) => isSensitiveHeader(name))
      .flatMap(([, value]) => [value, ...value.split(/\s+/).filter((part) => part.length >= 8)]);
    const redactor = extraSecrets.length > 0 ? this.#redactor.with(extraSecrets) : this.#redactor;
    const ctx: RequestContext = { method, url, path: redactor.text(pathOf(url)), safeUrl: redactor.url(url), redactor };
    const policy = resolveRetry(this.#retry, options.retry);
    const timeoutMs = positive(options.timeoutMs, this.#timeoutMs, 'timeoutMs');
    const signal = options.signal ? AbortSignal.any([this.#lifetime.signal, options.signal]) : this.#lifetime.signal;
    if (signal !== this.#lifetime.signal) setMaxListeners(0, signal);
    const body = encodeBody(options.body);
    const headers: Record<string, string> = { ...this.#headers };
    if (body.contentType) headers['content-type'] = body.contentType;
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const responseType: ResponseType = options.responseType ?? 'json';

    this.#metrics.call();
    let attempts = 0;
    for (;;) {
      if (signal.aborted) throw this.#fail(this.#abortError(ctx, attempts));
      let result: AttemptResult;
      try {
        result = await this.#queue.add(
          () => {
            attempts += 1;
            if (attempts > 1) this.#metrics.retry();
            return this.#attempt(ctx, headers, body.data, timeoutMs, signal, attempts);
          },
          { signal, priority: attempts > 0 ? 1 : 0 },
        );
      } catch {
        // Only an abort makes the queue reject: #attempt never throws.
        throw this.#fail(this.#abortError(ctx, attempts));
      }
      if (result.kind === 'aborted' || signal.aborted) throw this.#fail(this.#abortError(ctx, attempts));

      if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
        let data: T;
        try {
          data = parseBody(result.body, result.headers['content-type'], responseType, method === 'HEAD') as T;
        } catch {
          throw this.#fail(
            new HttpError(`${method} ${ctx.path} returned ${result.status} with a body that is not valid JSON after ${plural(attempts)}`, {
              code: 'HTTP_PARSE',
              method,
              path: ctx.path,
              url: ctx.safeUrl,
              status: result.status,
              statusText: result.statusText,
              responseBody: this.#bodyText(ctx.redactor, result.body, this.#maxErrorBodyChars),
              attempts,
              hint: "Check that the path is an API endpoint (not an HTML page) or use responseType 'text'.",
            }),
          );
        }
        this.#metrics.success();
        return { status: result.status, statusText: result.statusText, headers: result.headers, data, attempts, url: ctx.safeUrl };
      }

      const failure: AttemptFailure =
        result.kind === 'response' ? { kind: 'status', status: result.status } : result.kind === 'network' ? { kind: 'network', causeCode: result.causeCode } : { kind: 'timeout' };
      if (attempts > policy.retries || !isRetryable(failure, method, policy)) {
        throw this.#fail(this.#attemptError(ctx, result, attempts, timeoutMs));
      }
      let delayMs = backoffDelay(attempts, policy);
      let retryAfterMs: number | undefined;
      if (result.kind === 'response' && policy.respectRetryAfter) {
        retryAfterMs = parseRetryAfter(result.headers['retry-after']);
        if (retryAfterMs !== undefined) delayMs = Math.min(retryAfterMs, policy.maxRetryAfterMs);
      }
      this.logger.warn(
        {
          method,
          path: ctx.path,
          attempt: attempts,
          delayMs,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          reason: result.kind === 'response' ? result.status : result.kind === 'network' ? result.causeCode : 'timeout',
        },
        'http request failed; retrying',
      );
      try {
        await wait(delayMs, undefined, { signal });
      } catch {
        throw this.#fail(this.#abortError(ctx, attempts));
      }
    }
  }

  async #attempt(
    ctx: RequestContext,
    headers: Record<string, string>,
    data: Buffer | undefined,
    timeoutMs: number,
    signal: AbortSignal,
    attempt: number,
  ): Promise<AttemptResult> {
    const bytesSent = data?.byteLength ?? 0;
    if (signal.aborted) {
      return { kind: 'aborted' };
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = performance.now();
    try {
      const response = await this.#axios.request<ArrayBuffer | Buffer>({
        url: ctx.url,
        method: ctx.method,
        headers,
        data,
        signal: controller.signal,
      });
      const body = toBuffer(response.data);
      const latency = performance.now() - started;
      this.#metrics.attempt(response.status, latency, bytesSent, body.byteLength);
      this.logger.debug({ method: ctx.method, path: ctx.path, status: response.status, attempt, ms: Math.round(latency) }, 'http request');
      return { kind: 'response', status: response.status, statusText: response.statusText ?? '', headers: flattenHeaders(response.headers), body };
    } catch (error: unknown) {
      const latency = performance.now() - started;
      if (timedOut) {
        this.#metrics.attempt('timeout', latency, bytesSent, 0);
        this.logger.debug({ method: ctx.method, path: ctx.path, attempt, ms: Math.round(latency), error: 'timeout' }, 'http request');
        return { kind: 'timeout' };
      }
      if (signal.aborted) {
        this.#metrics.attempt('aborted', latency, bytesSent, 0);
        return { kind: 'aborted' };
      }
      // Only the code and message survive: the axios error (config, headers, request) is dropped here.
      const causeCode = errorCode(error);
      const detail = ctx.redactor.text(error instanceof Error ? error.message : String(error));
      this.#metrics.attempt('network', latency, bytesSent, 0);
      this.logger.debug({ method: ctx.method, path: ctx.path, attempt, ms: Math.round(latency), error: causeCode ?? detail }, 'http request');
      return { kind: 'network', causeCode, detail };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  #fail(error: HttpError): HttpError {
    this.#metrics.failure(error.code);
    this.logger.debug({ method: error.method, path: error.path, code: error.code, status: error.status, attempts: error.attempts }, 'http request failed');
    return error;
  }

  #abortError(ctx: RequestContext, attempts: number): HttpError {
    return new HttpError(`${ctx.method} ${ctx.path} aborted after ${plural(attempts)}. ${ABORT_HINT}`, {
      code: 'HTTP_ABORTED',
      method: ctx.method,
      path: ctx.path,
      url: ctx.safeUrl,
      attempts,
      hint: ABORT_HINT,
    });
  }

  #attemptError(ctx: RequestContext, result: Exclude<AttemptResult, { kind: 'aborted' }>, attempts: number, timeoutMs: number): HttpError {
    const origin = new URL(this.baseURL).origin;
    let code: HttpErrorCode;
    let summary: string;
    let hint: string;
    let status: number | undefined;
    let statusText: string | undefined;
    let responseBody: string | undefined;
    let causeCode: string | undefined;
    if (result.kind === 'response') {
      code = 'HTTP_STATUS';
      status = result.status;
      statusText = result.statusText;
      responseBody = result.body.byteLength > 0 ? this.#bodyText(ctx.redactor, result.body, this.#maxErrorBodyChars) : undefined;
      const location = result.headers['location'];
      hint = statusHint(result.status, ctx.method, location === undefined ? undefined : ctx.redactor.url(location));
      const snippet = responseBody ? ` (response: ${oneLine(responseBody, MESSAGE_BODY_CHARS)})` : '';
      summary = `failed with ${result.status}${statusText ? ` ${statusText}` : ''} after ${plural(attempts)}${snippet}`;
    } else if (result.kind === 'network') {
      code = 'HTTP_NETWORK';
      causeCode = result.causeCode;
      hint = networkHint(result.causeCode, origin);
      summary = `failed: ${result.causeCode ?? 'network error'}${result.detail && result.detail !== result.causeCode ? ` (${oneLine(result.detail, 200)})` : ''} after ${plural(attempts)}`;
    } else {
      code = 'HTTP_TIMEOUT';
      hint = timeoutHint(timeoutMs);
      summary = `timed out after ${timeoutMs} ms (${plural(attempts)})`;
    }
    const message = ctx.redactor.text(`${ctx.method} ${ctx.path} ${summary}. ${hint}`);
    return new HttpError(message, {
      code,
      method: ctx.method,
      path: ctx.path,
      url: ctx.safeUrl,
      status,
      statusText,
      responseBody,
      attempts,
      causeCode,
      hint: ctx.redactor.text(hint),
    });
  }

  #bodyText(redactor: Redactor, body: Buffer, maxChars: number): string {
    const text = body.subarray(0, Math.max(0, maxChars) * 4 + 16).toString('utf8');
    const redacted = redactor.text(text);
    return redacted.length > maxChars ? `${redacted.slice(0, maxChars)}…[truncated]` : redacted;
  }
}

/**
 * Creates an {@link HttpClient}.
 *
 * @example
 * ```ts
 * import { createHttpClient } from '@ssot/http';
 *
 * const netbox = createHttpClient({
 *   baseURL: 'https://netbox.example.com/api',
 *   auth: { token: process.env.NETBOX_TOKEN!, scheme: 'Token' }, // Authorization: Token <token>, redacted from errors and logs
 *   concurrency: 4, // at most 4 requests in flight
 *   rateLimit: { requests: 20, intervalMs: 1000 }, // at most 20 requests started per second
 * });
 * const site = await netbox.get<{ id: number; name: string }>('/dcim/sites/12/');
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`HttpClient: ${name} must be a positive number, got ${String(value)}`);
  return value;
}

function plural(attempts: number): string {
  return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function encodeBody(body: unknown): EncodedBody {
  if (body === undefined) return { data: undefined, contentType: undefined };
  if (typeof body === 'string') return { data: Buffer.from(body, 'utf8'), contentType: 'text/plain; charset=utf-8' };
  if (body instanceof URLSearchParams) return { data: Buffer.from(body.toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded' };
  if (body instanceof Uint8Array) return { data: Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType: 'application/octet-stream' };
  return { data: Buffer.from(JSON.stringify(body), 'utf8'), contentType: 'application/json' };
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.alloc(0);
}

function parseBody(body: Buffer, contentType: string | undefined, responseType: ResponseType, head: boolean): unknown {
  if (responseType === 'buffer') return body;
  const text = body.toString('utf8');
  if (responseType === 'text') return text;
  if (head || text.trim() === '') return undefined;
  const looksJson = contentType === undefined ? /^\s*[[{"]/.test(text) : /[/+]json\b/i.test(contentType) || /^\s*[[{]/.test(text);
  return looksJson ? (JSON.parse(text) as unknown) : text;
}

function flattenHeaders(headers: RawAxiosResponseHeaders | AxiosResponseHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_BAD_REQUEST') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined || cause === error ? (typeof code === 'string' ? code : undefined) : errorCode(cause);
}
