// Options of the ZzTmp adapter and its HTTP client.
import type { HttpClientOptions } from '@ssot/http';

/** Options of {@link createZzTmpAdapter}. */
export interface ZzTmpAdapterOptions {
  /** Adapter name shown in diffs and logs (default `"zz-tmp"`). */
  name?: string;
  /** Base URL of the ZzTmp API, e.g. `https://zz-tmp.example.com/api`. */
  baseUrl: string;
  /** API token (a secret: never logged). */
  token: string;
  /** Aborting it cancels every request. */
  signal?: AbortSignal;
  /** More options of the HTTP client (concurrency, rate limit, retries, logger). */
  http?: Partial<HttpClientOptions>;
}
