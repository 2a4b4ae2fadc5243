// Configuration types of the HTTP client and of a single request.
import type { HttpLogger } from './logger.js';

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One query parameter value; arrays repeat the key, `null`/`undefined` are left out. */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/** Query parameters of a request. */
export type Query = Readonly<Record<string, QueryValue>>;

/** Token authentication: `Authorization: <scheme> <token>` or a custom header. The token is treated as a secret. */
export interface TokenAuth {
  /** The API token (secret: redacted from every error and log line). */
  token: string;
  /** Scheme before the token, e.g. `Token` (NetBox) or `Bearer`. Default `Bearer` for `Authorization`, none for other headers. */
  scheme?: string | undefined;
  /** Header carrying the token. Default `Authorization`. */
  header?: string | undefined;
}

/** HTTP basic authentication. The password is treated as a secret. */
export interface BasicAuth {
  /** User name. */
  username: string;
  /** Password (secret: redacted from every error and log line). */
  password: string;
}

/** Authentication of every request of a client. */
export type HttpAuth = TokenAuth | BasicAuth;

/** Request-per-interval allowance of a client. */
export interface RateLimitOptions {
  /** Maximum number of HTTP attempts (retries included) started within any `intervalMs` window. */
  requests: number;
  /** Length of the window in milliseconds. */
  intervalMs: number;
}

/** Retry policy: exponential backoff with full jitter. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` attempts). Default 3; 0 disables retries. */
  retries: number;
  /** Base delay of the first retry in milliseconds. Default 250. */
  minDelayMs: number;
  /** Upper bound of a backoff delay in milliseconds. Default 30000. */
  maxDelayMs: number;
  /** Growth factor of the delay per attempt. Default 2. */
  factor: number;
  /** Full jitter: wait a random time between 0 and the computed delay. Default true. */
  jitter: boolean;
  /**
   * Statuses retried for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE). 429 always counts as retryable,
   * for every method: the server refused the request without processing it. Default 429, 502, 503, 504.
   */
  statuses: readonly number[];
  /** Retry 500 Internal Server Error too (idempotent methods only, unless `retryNonIdempotent`). Default true. */
  retryOn500: boolean;
  /**
   * Retry POST/PATCH on 5xx, timeouts and connection resets too (risk of duplicates: the request may
   * have been processed). Default false: they are only retried on 429 and on connection errors that
   * prove the request was never sent (ECONNREFUSED, DNS, unreachable host).
   */
  retryNonIdempotent: boolean;
  /** Whether to honour `Retry-After` on 429/503. Default true. */
  respectRetryAfter: boolean;
  /** Upper bound on a `Retry-After` wait in milliseconds. Default 60000. */
  maxRetryAfterMs: number;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Base URL every request path is appended to, e.g. `https://netbox.example.com/api`. */
  baseURL: string;
  /** Headers sent with every request. Values of sensitive headers (Authorization, Cookie, X-API-Key, ...) are treated as secrets. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Authentication sent with every request. */
  auth?: HttpAuth | undefined;
  /** Extra secret values to redact from errors and logs. */
  secrets?: readonly string[] | undefined;
  /** Timeout of one attempt in milliseconds (time in the queue excluded). Default 30000. */
  timeoutMs?: number | undefined;
  /** Maximum number of requests in flight. Default 8. */
  concurrency?: number | undefined;
  /** Maximum number of requests started per time window. Default: unlimited. */
  rateLimit?: RateLimitOptions | undefined;
  /** Retry policy overrides, or `false` to disable retries. */
  retry?: Partial<RetryOptions> | false | undefined;
  /** Pino-compatible logger. Default silent. */
  logger?: HttpLogger | undefined;
  /** Aborting it cancels queued and in-flight requests and retry waits of this client, for good. */
  signal?: AbortSignal | undefined;
  /** Maximum characters of a response body kept on an {@link HttpError}. Default 2000. */
  maxErrorBodyChars?: number | undefined;
  /** Value of the `User-Agent` header. Default `@ssot/http`. */
  userAgent?: string | undefined;
}

/** How the response body is returned. */
export type ResponseType = 'json' | 'text' | 'buffer';

/** One request. */
export interface RequestOptions {
  /** HTTP method. Default `GET`. */
  method?: HttpMethod | undefined;
  /** Path appended to `baseURL`, or an absolute URL of the same origin as `baseURL`. */
  path: string;
  /** Query parameters. */
  query?: Query | undefined;
  /** Body: serialised as JSON unless it is a string (text), `URLSearchParams` (form) or Buffer/Uint8Array (bytes). */
  body?: unknown;
  /** Extra headers of this request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Aborts this request (queued, in flight or waiting to retry). */
  signal?: AbortSignal | undefined;
  /** Timeout of one attempt in milliseconds, overriding the client's. */
  timeoutMs?: number | undefined;
  /** Retry policy overrides for this request, or `false` to disable retries. */
  retry?: Partial<RetryOptions> | false | undefined;
  /** `json` (default: JSON parsed when the body looks like JSON, text otherwise, `undefined` when empty), `text` or `buffer`. */
  responseType?: ResponseType | undefined;
}

/** A response with its status and headers. */
export interface HttpResponse<T> {
  /** HTTP status. */
  status: number;
  /** HTTP status text. */
  statusText: string;
  /** Response headers, names in lower case, multiple values joined with `, `. */
  headers: Record<string, string>;
  /** Parsed body. */
  data: T;
  /** Number of HTTP attempts it took. */
  attempts: number;
  /** The final request URL, redacted. */
  url: string;
}
