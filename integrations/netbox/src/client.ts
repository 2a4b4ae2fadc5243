// NetboxClient: @ssot/http with NetBox token auth, parallel paged lists and bulk writes with per-object outcomes.
import { createHttpClient, defaultTotal, isHttpError, isIncompleteListError, isOutcomeUnknown, type HttpClient, type HttpMetricsSnapshot, type Query } from '@ssot/http';
import { NetboxError } from './errors.js';
import type { NbFieldErrors, NbPage, NbWritePayload } from './models.js';
import { DEFAULT_NETBOX_CONCURRENCY, DEFAULT_PAGE_SIZE, DEFAULT_WRITE_BATCH_SIZE, type NetboxClientOptions } from './options.js';

/** The NetBox list endpoints the integration reads and writes, relative to `/api/`. */
export const NETBOX_ENDPOINTS = {
  /** Regions. */
  region: 'dcim/regions/',
  /** Sites. */
  site: 'dcim/sites/',
  /** Devices. */
  device: 'dcim/devices/',
  /** Interfaces. */
  interface: 'dcim/interfaces/',
  /** VLANs. */
  vlan: 'ipam/vlans/',
  /** Prefixes. */
  prefix: 'ipam/prefixes/',
  /** IP addresses. */
  ip_address: 'ipam/ip-addresses/',
  /** Tags. */
  tag: 'extras/tags/',
  /** Device roles. */
  role: 'dcim/device-roles/',
  /** Platforms. */
  platform: 'dcim/platforms/',
  /** Device types. */
  deviceType: 'dcim/device-types/',
  /** Manufacturers. */
  manufacturer: 'dcim/manufacturers/',
  /** Regional Internet Registries. */
  rir: 'ipam/rirs/',
  /** AS numbers. */
  asn: 'ipam/asns/',
} as const;

/** A key of {@link NETBOX_ENDPOINTS}. */
export type NetboxEndpoint = keyof typeof NETBOX_ENDPOINTS;

/** Options of {@link NetboxClient.list}. */
export interface NetboxListOptions {
  /** Filters sent with every page (`{ name: 'ams1' }`). */
  query?: Query | undefined;
  /** Called after every page with the objects received so far and NetBox's `count`. */
  onPage?: ((received: number, total: number | undefined) => void) | undefined;
  /** Aborts the listing. */
  signal?: AbortSignal | undefined;
}

/** What happened to one object of a bulk write. */
export type NetboxWriteOutcome<T> =
  | {
      /** Written. */
      ok: true;
      /** The object as NetBox returned it (none for DELETE). */
      result: T | undefined;
    }
  | {
      /** Not written. */
      ok: false;
      /** Why, with NetBox's field messages (`name: This field is required.`). */
      message: string;
      /** NetBox's messages per field (`non_field_errors` and `detail` included when given). */
      fields: Record<string, string[]>;
      /** HTTP status of the refusal. */
      status: number | undefined;
      /**
       * `true` when the request was sent but its answer never came (connection lost after sending, a
       * timeout, a 502/504 from a proxy): NetBox may or may not have applied it. Not a refusal.
       */
      unknown?: boolean | undefined;
    };

/** HTTP statuses NetBox uses to refuse specific objects (validation, protected relations, missing objects). */
const OBJECT_REFUSALS = new Set([400, 404, 409]);

/**
 * A NetBox REST API client: `Authorization: Token <token>`, bounded concurrency and rate, retries
 * honouring `Retry-After`, lists loaded page 1 first and then every other page in parallel, and
 * bulk POST/PATCH/DELETE of list payloads in bounded batches. The token never appears in an error,
 * log line or metric.
 */
export class NetboxClient {
  /** The underlying HTTP client (base URL `<url>/api`). */
  readonly http: HttpClient;
  /** NetBox base URL without `/api` and without a trailing slash. */
  readonly url: string;
  /** Objects per page of list requests. */
  readonly pageSize: number;
  /** Objects per bulk write request. */
  readonly writeBatchSize: number;

  /**
   * @param options - URL, token, concurrency, rate limit, page and batch sizes, timeouts
   */
  constructor(options: NetboxClientOptions) {
    this.url = options.url.replace(/\/+$/, '').replace(/\/api$/, '');
    this.pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
    this.writeBatchSize = Math.max(1, Math.floor(options.writeBatchSize ?? DEFAULT_WRITE_BATCH_SIZE));
    this.http = createHttpClient({
      baseURL: `${this.url}/api`,
      auth: { token: options.token, scheme: 'Token' },
      concurrency: options.concurrency ?? DEFAULT_NETBOX_CONCURRENCY,
      rateLimit: options.rateLimit,
      timeoutMs: options.timeoutMs,
      retry: options.retries === undefined ? undefined : { retries: options.retries },
      logger: options.logger,
      signal: options.signal,
      // Bulk 400 bodies list one error object per item: keep them whole to map them back.
      maxErrorBodyChars: 1_000_000,
      userAgent: '@ssot/integration-netbox',
    });
  }

  /**
   * Every object of a list endpoint: page 1 alone (to learn `count`), then every other page
   * (`?limit=<pageSize>&offset=<n>`) requested at once through the client's queue. A page shorter
   * than it should be is read again and then fails the listing with `IncompleteListError`
   * (`INCOMPLETE_LIST`); a `count` that changes while paging makes it read the collection once more.
   *
   * @param endpoint - which collection
   * @param options - filters, progress callback, signal
   * @returns the objects, in NetBox's order
   */
  async list<T>(endpoint: NetboxEndpoint, options: NetboxListOptions = {}): Promise<T[]> {
    for (let read = 1; ; read += 1) {
      let total: number | undefined;
      const all: T[] = [];
      const pages = this.http.paginateOffset<T, NbPage<T>>({
        path: NETBOX_ENDPOINTS[endpoint],
        query: options.query,
        pageSize: this.pageSize,
        prefetch: Number.POSITIVE_INFINITY,
        signal: options.signal,
        getTotal: (page) => {
          total = defaultTotal(page);
          return total;
        },
      });
      try {
        for await (const page of pages) {
          for (const item of page) all.push(item);
          options.onPage?.(all.length, total);
        }
        return all;
      } catch (error) {
        // Objects added or removed in NetBox while paging: read the collection once more from page 1.
        if (read > 1 || !(isIncompleteListError(error, 'count-changed') || isIncompleteListError(error, 'count-mismatch'))) throw error;
        this.http.logger.warn({ endpoint: NETBOX_ENDPOINTS[endpoint], reason: error.reason }, 'netbox: the collection changed while it was read; reading it again');
      }
    }
  }

  /**
   * Creates objects with bulk POSTs of list payloads (`POST /api/dcim/sites/` with `[{...}, ...]`).
   *
   * @param endpoint - which collection
   * @param items - write payloads
   * @param signal - aborts the writes
   * @returns one outcome per item, in order
   */
  create<T>(endpoint: NetboxEndpoint, items: readonly NbWritePayload[], signal?: AbortSignal): Promise<NetboxWriteOutcome<T>[]> {
    return this.#write<T>('POST', endpoint, items, signal);
  }

  /**
   * Updates objects with bulk PATCHes of list payloads, each item carrying its `id`.
   *
   * @param endpoint - which collection
   * @param items - partial payloads with `id`
   * @param signal - aborts the writes
   * @returns one outcome per item, in order
   */
  update<T>(endpoint: NetboxEndpoint, items: readonly NbWritePayload[], signal?: AbortSignal): Promise<NetboxWriteOutcome<T>[]> {
    return this.#write<T>('PATCH', endpoint, items, signal);
  }

  /**
   * Deletes objects with bulk DELETEs of `[{id}, ...]`.
   *
   * @param endpoint - which collection
   * @param ids - object ids
   * @param signal - aborts the writes
   * @returns one outcome per id, in order
   */
  delete(endpoint: NetboxEndpoint, ids: readonly number[], signal?: AbortSignal): Promise<NetboxWriteOutcome<never>[]> {
    return this.#write<never>('DELETE', endpoint, ids.map((id) => ({ id })), signal);
  }

  /** The HTTP metrics of this client (plain JSON, for sync records). */
  metrics(): HttpMetricsSnapshot {
    return this.http.metrics();
  }

  /** Redacts the token (and other credentials) from a text. */
  redact(text: string): string {
    return this.http.redact(text);
  }

  /** Frees sockets; pending calls fail. */
  close(): void {
    this.http.close();
  }

  async #write<T>(method: 'POST' | 'PATCH' | 'DELETE', endpoint: NetboxEndpoint, items: readonly NbWritePayload[], signal?: AbortSignal): Promise<NetboxWriteOutcome<T>[]> {
    const outcomes: NetboxWriteOutcome<T>[] = new Array<NetboxWriteOutcome<T>>(items.length);
    if (items.length === 0) return outcomes;
    const path = NETBOX_ENDPOINTS[endpoint];
    const result = await this.http.bulk<NbWritePayload, T>({ method, path, items, batchSize: this.writeBatchSize, signal });
    let fatal: Error | undefined;
    let anyOk = false;
    let anyUnknown = false;
    const retries: Promise<void>[] = [];
    for (const batch of result.batches) {
      if (batch.status === 'ok') {
        anyOk = true;
        batch.items.forEach((_item, i) => {
          outcomes[batch.offset + i] = { ok: true, result: batch.results?.[i] };
        });
        continue;
      }
      const error = batch.error;
      if (isHttpError(error, 'HTTP_STATUS') && error.status !== undefined && OBJECT_REFUSALS.has(error.status)) {
        anyOk = true;
        retries.push(this.#resolveRefusal<T>(method, path, batch.items, batch.offset, error.status, error.responseBody, outcomes, signal));
        continue;
      }
      if (isOutcomeUnknown(error)) {
        anyUnknown = true;
        const outcome = unknownWrite<T>(method, path, this.redact((error as Error).message), isHttpError(error) ? error.status : undefined);
        batch.items.forEach((_item, i) => {
          outcomes[batch.offset + i] = outcome;
        });
        continue;
      }
      fatal ??= error ?? new Error('batch not sent');
      const message = this.redact((error ?? fatal).message);
      batch.items.forEach((_item, i) => {
        outcomes[batch.offset + i] = { ok: false, message, fields: {}, status: isHttpError(error) ? error.status : undefined };
      });
    }
    await Promise.all(retries);
    // Nothing written, nothing refused, nothing pending an answer: NetBox is unusable (the handler errors).
    if (fatal !== undefined && !anyOk && !anyUnknown) {
      throw new NetboxError(`${method} ${path} failed: ${this.redact(fatal.message)}`, {}, isHttpError(fatal) ? fatal.status : undefined);
    }
    return outcomes;
  }

  /**
   * Finds which objects of a refused batch NetBox objects to. A list body with one error object per
   * item (bulk POST) names them directly and the others are sent again; otherwise (bulk PATCH and
   * DELETE stop at the first bad object) the batch is split in halves until single objects remain.
   */
  async #resolveRefusal<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    items: readonly NbWritePayload[],
    offset: number,
    status: number,
    body: string | undefined,
    outcomes: NetboxWriteOutcome<T>[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const parsed = parseBody(body);
    if (items.length === 1) {
      outcomes[offset] = refusal(fieldErrors(Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed), status);
      return;
    }
    if (Array.isArray(parsed) && parsed.length === items.length) {
      const again: number[] = [];
      parsed.forEach((entry, i) => {
        const fields = fieldErrors(entry);
        if (Object.keys(fields).length === 0) again.push(i);
        else outcomes[offset + i] = refusal(fields, status);
      });
      if (again.length === items.length) {
        // NetBox named no object: fall back to splitting.
        await this.#split(method, path, items, offset, outcomes, signal);
        return;
      }
      await this.#sendEach(method, path, again.map((i) => [items[i] as NbWritePayload, offset + i] as const), outcomes, signal);
      return;
    }
    await this.#split(method, path, items, offset, outcomes, signal);
  }

  async #split<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    items: readonly NbWritePayload[],
    offset: number,
    outcomes: NetboxWriteOutcome<T>[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const middle = Math.ceil(items.length / 2);
    await Promise.all([
      this.#sendGroup(method, path, items.slice(0, middle), offset, outcomes, signal),
      this.#sendGroup(method, path, items.slice(middle), offset + middle, outcomes, signal),
    ]);
  }

  async #sendEach<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    entries: ReadonlyArray<readonly [NbWritePayload, number]>,
    outcomes: NetboxWriteOutcome<T>[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (entries.length === 0) return;
    // The accepted objects go again in one request, in their original order.
    const items = entries.map(([item]) => item);
    const positions = entries.map(([, position]) => position);
    const local: NetboxWriteOutcome<T>[] = new Array<NetboxWriteOutcome<T>>(items.length);
    await this.#sendGroup(method, path, items, 0, local, signal);
    local.forEach((outcome, i) => {
      outcomes[positions[i] as number] = outcome;
    });
  }

  async #sendGroup<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    items: readonly NbWritePayload[],
    offset: number,
    outcomes: NetboxWriteOutcome<T>[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (items.length === 0) return;
    try {
      const data = await this.http.request<unknown>({ method, path, body: items, signal });
      const results = Array.isArray(data) ? (data as T[]) : [];
      items.forEach((_item, i) => {
        outcomes[offset + i] = { ok: true, result: results[i] };
      });
    } catch (error) {
      if (isHttpError(error, 'HTTP_STATUS') && error.status !== undefined && OBJECT_REFUSALS.has(error.status)) {
        await this.#resolveRefusal(method, path, items, offset, error.status, error.responseBody, outcomes, signal);
        return;
      }
      const message = this.redact(error instanceof Error ? error.message : String(error));
      const status = isHttpError(error) ? error.status : undefined;
      const unknown = isOutcomeUnknown(error);
      items.forEach((_item, i) => {
        outcomes[offset + i] = unknown ? unknownWrite<T>(method, path, message, status) : { ok: false, message, fields: {}, status };
      });
    }
  }
}

/**
 * Makes a {@link NetboxClient}.
 *
 * @param options - URL, token, concurrency, rate limit, page and batch sizes, timeouts
 * @returns the client
 */
export function createNetboxClient(options: NetboxClientOptions): NetboxClient {
  return new NetboxClient(options);
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** NetBox's field messages of one object: `{"name": ["This field is required."]}`, or `{detail}` / a plain string. */
function fieldErrors(entry: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (typeof entry === 'string' && entry !== '') return { detail: [entry] };
  if (Array.isArray(entry)) {
    const messages = entry.filter((value): value is string => typeof value === 'string');
    return messages.length > 0 ? { non_field_errors: messages } : fields;
  }
  if (typeof entry !== 'object' || entry === null) return fields;
  for (const [field, value] of Object.entries(entry as NbFieldErrors)) {
    if (Array.isArray(value)) fields[field] = value.map((message) => (typeof message === 'string' ? message : JSON.stringify(message)));
    else if (typeof value === 'string') fields[field] = [value];
    else if (typeof value === 'object' && value !== null) fields[field] = [JSON.stringify(value)];
  }
  return fields;
}

function refusal<T>(fields: Record<string, string[]>, status: number): NetboxWriteOutcome<T> {
  const text = Object.entries(fields)
    .map(([field, messages]) => (field === 'detail' || field === 'non_field_errors' ? messages.join(' ') : `${field}: ${messages.join(' ')}`))
    .join('; ');
  return { ok: false, message: text === '' ? `refused with HTTP ${status}` : text, fields, status };
}

/** The outcome of an object whose request was sent but whose answer never came. */
function unknownWrite<T>(method: string, path: string, message: string, status: number | undefined): NetboxWriteOutcome<T> {
  return { ok: false, unknown: true, message: `${method} ${path} was sent but no answer came, so NetBox may or may not have applied it (${message})`, fields: {}, status };
}
