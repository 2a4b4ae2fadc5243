// Bulk writes: a list payload split into bounded batches sent through the client queue, with per-batch outcomes.
import type { HttpClient } from './client.js';
import { isHttpError } from './errors.js';
import type { Query } from './options.js';

/** Options of {@link bulk}. */
export interface BulkOptions<TItem, TResult = unknown> {
  /** Method of every batch. Default `POST`. */
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | undefined;
  /** Bulk endpoint, relative to baseURL (for NetBox, the list endpoint). */
  path: string;
  /** All items to send. */
  items: readonly TItem[];
  /** Items per request. Default 100. */
  batchSize?: number | undefined;
  /** Query parameters of every batch. */
  query?: Query | undefined;
  /** Extra headers of every batch. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Body of a batch. Default: the batch itself (a JSON array). */
  toBody?: ((batch: readonly TItem[]) => unknown) | undefined;
  /** Results of a batch from its response body. Default: the body when it is an array, `[]` when empty, else `[body]`. */
  getResults?: ((data: unknown, batch: readonly TItem[]) => readonly TResult[]) | undefined;
  /** Stop sending further batches after the first failure (they are reported as skipped). Default false. */
  stopOnError?: boolean | undefined;
  /** Aborts the remaining batches. */
  signal?: AbortSignal | undefined;
}

/** Outcome of one batch. */
export interface BulkBatch<TItem, TResult> {
  /** Batch number, from 0. */
  index: number;
  /** Index in `items` of the batch's first item. */
  offset: number;
  /** The batch's items. */
  items: readonly TItem[];
  /** `ok` (sent and accepted), `failed` (error) or `skipped` (not sent because of `stopOnError`). */
  status: 'ok' | 'failed' | 'skipped';
  /** Results of an accepted batch. */
  results?: readonly TResult[] | undefined;
  /** Why the batch failed: an {@link HttpError} for HTTP failures. */
  error?: Error | undefined;
}

/** Outcome of {@link bulk}. */
export interface BulkResult<TItem, TResult> {
  /** Whether every batch was accepted. */
  ok: boolean;
  /** Results of the accepted batches, concatenated in item order. */
  results: TResult[];
  /** Every batch, in order. */
  batches: Array<BulkBatch<TItem, TResult>>;
  /** The batches that failed or were skipped, in order (their `items` can be retried). */
  failed: Array<BulkBatch<TItem, TResult>>;
}

function defaultResults<TResult>(data: unknown): readonly TResult[] {
  if (data === undefined || data === null || data === '') return [];
  return Array.isArray(data) ? (data as TResult[]) : [data as TResult];
}

/**
 * Splits `items` into batches of `batchSize` and sends them concurrently through the client queue.
 * Never throws for a failed batch: failures are reported per batch so that the caller can retry them.
 *
 * @example
 * ```ts
 * import { bulk } from '@ssot/http';
 *
 * // NetBox bulk update: PATCH /dcim/interfaces/ with [{ id, mtu }, ...], 200 per request, concurrently through the queue.
 * const result = await bulk<{ id: number; mtu: number }, NetboxInterface>(netbox, {
 *   method: 'PATCH',
 *   path: '/dcim/interfaces/',
 *   items: [{ id: 1201, mtu: 9214 }, { id: 1202, mtu: 9214 }],
 *   batchSize: 200,
 * });
 * console.log(result.ok, result.results.length); // true 2: the updated interfaces as NetBox returned them
 * for (const batch of result.failed) console.error(`items ${batch.offset}+: ${batch.error?.message}`); // retry batch.items later
 * ```
 */
export async function bulk<TItem, TResult = unknown>(client: HttpClient, options: BulkOptions<TItem, TResult>): Promise<BulkResult<TItem, TResult>> {
  const batchSize = Math.floor(options.batchSize ?? 100);
  if (!(batchSize > 0)) throw new RangeError('bulk: batchSize must be a positive integer');
  const toBody = options.toBody ?? ((batch: readonly TItem[]) => batch);
  const getResults = options.getResults ?? defaultResults<TResult>;
  const batches: Array<BulkBatch<TItem, TResult>> = [];
  for (let offset = 0, index = 0; offset < options.items.length; offset += batchSize, index += 1) {
    batches.push({ index, offset, items: options.items.slice(offset, offset + batchSize), status: 'skipped' });
  }
  // A pool as wide as the client's concurrency feeds the queue, so that `stopOnError` can hold back
  // batches not yet sent without aborting the ones in flight (whose outcome would be unknown).
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      const batch = batches[next];
      next += 1;
      if (batch === undefined || stopped) return;
      try {
        const data = await client.request<unknown>({
          method: options.method ?? 'POST',
          path: options.path,
          query: options.query,
          headers: options.headers,
          body: toBody(batch.items),
          signal: options.signal,
        });
        batch.results = getResults(data, batch.items);
        batch.status = 'ok';
      } catch (error: unknown) {
        batch.error = error instanceof Error ? error : new Error(String(error));
        // An abort before the first attempt means the batch was never sent.
        batch.status = isHttpError(error, 'HTTP_ABORTED') && error.attempts === 0 ? 'skipped' : 'failed';
        if (options.stopOnError) stopped = true;
      }
    }
  };
  const width = Math.max(1, Math.min(batches.length, client.queueState().concurrency));
  await Promise.all(Array.from({ length: width }, () => worker()));
  const results: TResult[] = [];
  for (const batch of batches) if (batch.status === 'ok' && batch.results) results.push(...batch.results);
  const failed = batches.filter((batch) => batch.status !== 'ok');
  return { ok: failed.length === 0, results, batches, failed };
}
