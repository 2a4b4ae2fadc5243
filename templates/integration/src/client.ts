// The typed __Name__ API client, on @ssot/http: list, create, update and delete records of each model.
import type { RecordInput } from '@ssot/core';
import { createHttpClient, type HttpClient, type HttpMetricsSnapshot } from '@ssot/http';
import type { __Name__ModelName, __Name__Models } from './models.js';
import type { __Name__AdapterOptions } from './options.js';

/** A record of one __Name__ model as the API sends and takes it (children lists left out). */
export type __Name__Record<K extends __Name__ModelName> = RecordInput<__Name__Models[K]>;

/**
 * The __Name__ API, one method per operation. WHAT TO FILL IN: the paths, the page shape and how
 * records are identified follow a REST convention (`GET /<model>/` paged as
 * `{ count, next, previous, results }`, `PUT|PATCH|DELETE /<model>/<id>/`); change them to the real API.
 */
export class __Name__Client {
  /** The underlying HTTP client (queue, retries, metrics). */
  readonly http: HttpClient;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: __Name__AdapterOptions) {
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
  async list<K extends __Name__ModelName>(model: K): Promise<__Name__Record<K>[]> {
    return this.http.fetchAllOffset<__Name__Record<K>>({ path: `/${model}/`, pageSize: 100 });
  }

  /**
   * Creates a record.
   *
   * @param model - model name
   * @param id - the record's id in the API (here: its ssot unique id)
   * @param record - the record
   * @returns the record as stored
   */
  async create<K extends __Name__ModelName>(model: K, id: string, record: Partial<__Name__Record<K>>): Promise<__Name__Record<K>> {
    return this.http.put<__Name__Record<K>>(`/${model}/${encodeURIComponent(id)}/`, record);
  }

  /**
   * Changes some fields of a record.
   *
   * @param model - model name
   * @param id - the record's id in the API
   * @param changes - the changed fields only
   * @returns the record as stored
   */
  async update<K extends __Name__ModelName>(model: K, id: string, changes: Partial<__Name__Record<K>>): Promise<__Name__Record<K>> {
    return this.http.patch<__Name__Record<K>>(`/${model}/${encodeURIComponent(id)}/`, changes);
  }

  /**
   * Deletes a record.
   *
   * @param model - model name
   * @param id - the record's id in the API
   */
  async delete(model: __Name__ModelName, id: string): Promise<void> {
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
