// The typed ZzTmp API client, on @ssot/http: list, create, update and delete records of each model.
import type { RecordInput } from '@ssot/core';
import { createHttpClient, type HttpClient, type HttpMetricsSnapshot } from '@ssot/http';
import type { ZzTmpModelName, ZzTmpModels } from './models.js';
import type { ZzTmpAdapterOptions } from './options.js';

/** A record of one ZzTmp model as the API sends and takes it (children lists left out). */
export type ZzTmpRecord<K extends ZzTmpModelName> = RecordInput<ZzTmpModels[K]>;

/**
 * The ZzTmp API, one method per operation. WHAT TO FILL IN: the paths, the page shape and how
 * records are identified follow a REST convention (`GET /<model>/` paged as
 * `{ count, next, previous, results }`, `PUT|PATCH|DELETE /<model>/<id>/`); change them to the real API.
 */
export class ZzTmpClient {
  /** The underlying HTTP client (queue, retries, metrics). */
  readonly http: HttpClient;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: ZzTmpAdapterOptions) {
    this.http = createHttpClient({
      ...options.http,
      baseURL: options.baseUrl,
      auth: { token: options.token, scheme: 'Bearer' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /**
   * Lists every record of a model (all pages).
   *
   * @param model - model name
   * @returns the records
   */
  async list<K extends ZzTmpModelName>(model: K): Promise<ZzTmpRecord<K>[]> {
    return this.http.fetchAllOffset<ZzTmpRecord<K>>({ path: `/${model}/`, pageSize: 100 });
  }

  /**
   * Creates a record.
   *
   * @param model - model name
   * @param id - the record's id in the API (here: its ssot unique id)
   * @param record - the record
   * @returns the record as stored
   */
  async create<K extends ZzTmpModelName>(model: K, id: string, record: Partial<ZzTmpRecord<K>>): Promise<ZzTmpRecord<K>> {
    return this.http.put<ZzTmpRecord<K>>(`/${model}/${encodeURIComponent(id)}/`, record);
  }

  /**
   * Changes some fields of a record.
   *
   * @param model - model name
   * @param id - the record's id in the API
   * @param changes - the changed fields only
   * @returns the record as stored
   */
  async update<K extends ZzTmpModelName>(model: K, id: string, changes: Partial<ZzTmpRecord<K>>): Promise<ZzTmpRecord<K>> {
    return this.http.patch<ZzTmpRecord<K>>(`/${model}/${encodeURIComponent(id)}/`, changes);
  }

  /**
   * Deletes a record.
   *
   * @param model - model name
   * @param id - the record's id in the API
   */
  async delete(model: ZzTmpModelName, id: string): Promise<void> {
    await this.http.delete(`/${model}/${encodeURIComponent(id)}/`);
  }

  /** The HTTP metrics (requests, retries, latency) for the sync record. */
  metrics(): HttpMetricsSnapshot {
    return this.http.metrics();
  }

  /** Frees the client's sockets. */
  close(): void {
    this.http.close();
  }
}
