// Options of the __Name__ adapter and its HTTP client.
import type { HttpClientOptions } from '@ssot/http';

/** Options of {@link create__Name__Adapter}. */
export interface __Name__AdapterOptions {
  /** Adapter name shown in diffs and logs (default `"__name__"`). */
  name?: string;
  /** Base URL of the __Name__ API, e.g. `https://__name__.example.com/api`. */
  baseUrl: string;
  /** API token (a secret: never logged). */
  token: string;
  /** Aborting it cancels every request. */
  signal?: AbortSignal;
  /** More options of the HTTP client (concurrency, rate limit, retries, logger). */
  http?: Partial<HttpClientOptions>;
}
