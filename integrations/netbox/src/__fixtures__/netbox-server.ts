// A NetBox-compatible HTTP test server on loopback: in-memory state, token auth, paged lists, bulk writes, faults and latency.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TABLE_OF_ENDPOINT, TABLES, type FieldSpec, type TableSpec } from './netbox-tables.js';

/** A stored object: writable fields with relations as ids, tags as tag ids. */
export type Row = Record<string, unknown> & { id: number };

/** A fault the server answers with instead of handling a request. */
export interface Fault {
  /** Only requests with this method. */
  method?: string | undefined;
  /** Only requests whose endpoint starts with this (`dcim/sites/`). */
  endpoint?: string | undefined;
  /** Status to answer with (429, 500, 502, 503, ...). Ignored with `drop` or `shortBy`. */
  status?: number | undefined;
  /** Handle the request (writes are applied), then close the connection instead of answering (a lost answer). */
  drop?: boolean | undefined;
  /** Answer a list page normally (status 200, true `count`) but with this many results left out. */
  shortBy?: number | undefined;
  /** Only list pages at this offset (`shortBy`). */
  offset?: number | undefined;
  /** How many matching requests get the fault. Default 1. */
  times?: number | undefined;
  /** `Retry-After` header value in seconds (429/503). */
  retryAfter?: number | undefined;
}

/** One request the server saw. */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Endpoint under `/api/` (`dcim/sites/`). */
  endpoint: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Response status. */
  status: number;
  /** Items in a list body (bulk writes). */
  items?: number | undefined;
  /** Authorization header as received (to check what clients send). */
  authorization?: string | undefined;
}

/** Options of {@link startNetboxServer}. */
export interface NetboxServerOptions {
  /** Accepted API token. Default `0123456789abcdef0123456789abcdef01234567`. */
  token?: string | undefined;
  /** Latency added to every request in ms. Default 0. */
  latencyMs?: number | undefined;
  /** NetBox `MAX_PAGE_SIZE`. Default 1000. */
  maxPageSize?: number | undefined;
  /** NetBox `PAGINATE_COUNT` (page size when `limit` is absent). Default 50. */
  defaultPageSize?: number | undefined;
  /** Prefix site shape: `scope` (NetBox 4.2+) or `site` (4.0/4.1). Default `scope`. */
  prefixMode?: 'scope' | 'site' | undefined;
  /** Custom fields defined per table (`{ region: ['sort_order'] }`). */
  customFields?: Record<string, string[]> | undefined;
}

const DEFAULT_TOKEN = '0123456789abcdef0123456789abcdef01234567';

/** A response body already serialised. */
class RawJson {
  constructor(readonly text: string) {}
}

/** The running test server. */
export class NetboxTestServer {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url = '';
  /** Accepted token. */
  readonly token: string;
  /** Latency added to every request in ms (mutable). */
  latencyMs: number;
  /** Every request, in arrival order. */
  readonly log: RequestLogEntry[] = [];
  /** Requests in flight now. */
  inFlight = 0;
  /** Most requests in flight at once. */
  maxInFlight = 0;
  readonly #server: Server;
  readonly #options: NetboxServerOptions;
  readonly #tables = new Map<string, Map<number, Row>>();
  readonly #cache = new Map<string, Row[]>();
  readonly #unique = new Map<string, Map<string, number>>();
  readonly #faults: Array<Fault & { left: number }> = [];
  // Rendered JSON per row, dropped on any write (briefs embed other tables' rows).
  readonly #json = new Map<string, string>();
  #nextId = 1;

  /**
   * @param options - token, latency, page sizes, prefix mode, custom fields
   */
  constructor(options: NetboxServerOptions = {}) {
    this.#options = options;
    this.token = options.token ?? DEFAULT_TOKEN;
    this.latencyMs = options.latencyMs ?? 0;
    for (const table of Object.keys(TABLES)) this.#tables.set(table, new Map());
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.keepAliveTimeout = 60_000;
  }

  /** Starts listening on 127.0.0.1 (random port). */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Forgets the request log and in-flight maximum. */
  resetStats(): void {
    this.log.length = 0;
    this.maxInFlight = 0;
  }

  /**
   * Makes the next matching requests fail.
   *
   * @param fault - which requests, what status, how many times
   */
  injectFault(fault: Fault): void {
    this.#faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Requests of the log matching a method and endpoint. */
  requests(method: string, endpoint: string): RequestLogEntry[] {
    return this.log.filter((entry) => entry.method === method && entry.endpoint === endpoint);
  }

  /**
   * Inserts a row without validation (seeding); defaults are applied.
   *
   * @param table - table name (`site`)
   * @param values - fields, relations as ids, tags as tag ids
   * @returns the new id
   */
  insert(table: string, values: Record<string, unknown>): number {
    const spec = this.#spec(table);
    const row: Row = { ...this.#defaults(spec), tags: [], custom_fields: {}, ...values, id: this.#nextId++ };
    this.#store(table, row);
    return row.id;
  }

  /** Rows of a table (stored form). */
  rows(table: string): Row[] {
    return this.#list(table);
  }

  /** Rows of a table as the API renders them. */
  rendered(table: string): Record<string, unknown>[] {
    return this.#list(table).map((row) => this.#render(table, row));
  }

  /** Id of the first row whose field equals the value. */
  idOf(table: string, field: string, value: unknown): number | undefined {
    return this.#list(table).find((row) => row[field] === value)?.id;
  }

  // ---- storage ----

  #spec(table: string): TableSpec {
    const spec = TABLES[table];
    if (spec === undefined) throw new Error(`unknown table ${table}`);
    return spec;
  }

  #defaults(spec: TableSpec): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, fs] of Object.entries(spec.fields)) {
      if ('default' in fs && fs.default !== undefined) out[field] = fs.default;
      else if (fs.kind === 'm2m') out[field] = [];
      else if ((fs.kind === 'string' || fs.kind === 'int' || fs.kind === 'fk') && fs.nullable) out[field] = null;
    }
    return out;
  }

  #list(table: string): Row[] {
    let rows = this.#cache.get(table);
    if (rows === undefined) {
      rows = [...(this.#tables.get(table) as Map<number, Row>).values()];
      this.#cache.set(table, rows);
    }
    return rows;
  }

  #uniqueKeys(table: string, row: Record<string, unknown>): string[] {
    const keys: string[] = [];
    for (const set of this.#spec(table).unique) {
      const values = set.map((field) => row[field]);
      if (values.some((value) => value === null || value === undefined || value === '')) continue;
      keys.push(`${table}|${set.join(',')}|${JSON.stringify(values)}`);
    }
    return keys;
  }

  #store(table: string, row: Row): void {
    const old = this.#tables.get(table)?.get(row.id);
    if (old !== undefined) for (const key of this.#uniqueKeys(table, old)) this.#unique.get(table)?.delete(key);
    this.#tables.get(table)?.set(row.id, row);
    let index = this.#unique.get(table);
    if (index === undefined) {
      index = new Map();
      this.#unique.set(table, index);
    }
    for (const key of this.#uniqueKeys(table, row)) index.set(key, row.id);
    this.#cache.delete(table);
    this.#json.clear();
  }

  #remove(table: string, id: number): void {
    const row = this.#tables.get(table)?.get(id);
    if (row === undefined) return;
    for (const key of this.#uniqueKeys(table, row)) this.#unique.get(table)?.delete(key);
    this.#tables.get(table)?.delete(id);
    this.#cache.delete(table);
    this.#json.clear();
  }

  // ---- rendering ----

  #apiUrl(table: string, id: number): string {
    return `${this.url}/api/${this.#spec(table).endpoint}${id}/`;
  }

  #brief(table: string, id: unknown): Record<string, unknown> | null {
    if (typeof id !== 'number') return null;
    const row = this.#tables.get(table)?.get(id);
    if (row === undefined) return null;
    const spec = this.#spec(table);
    const brief: Record<string, unknown> = { id, url: this.#apiUrl(table, id), display: spec.display(row), ...spec.brief(row) };
    if (table === 'deviceType') brief['manufacturer'] = this.#brief('manufacturer', row['manufacturer']);
    return brief;
  }

  #render(table: string, row: Row): Record<string, unknown> {
    const spec = this.#spec(table);
    const out: Record<string, unknown> = { id: row.id, url: this.#apiUrl(table, row.id), display: spec.display(row) };
    for (const [field, fs] of Object.entries(spec.fields)) {
      const value = row[field];
      if (fs.kind === 'fk') out[field] = this.#brief(fs.table, value);
      else if (fs.kind === 'choice') out[field] = typeof value === 'string' ? { value, label: fs.choices[value] ?? value } : null;
      else if (fs.kind === 'm2m') out[field] = ((value as number[] | undefined) ?? []).map((id) => this.#brief(fs.table, id));
      else out[field] = value ?? null;
    }
    if (table === 'prefix') {
      if ((this.#options.prefixMode ?? 'scope') === 'scope') {
        delete out['site'];
        out['scope'] = row['scope_type'] === 'dcim.site' ? this.#brief('site', row['scope_id']) : null;
      } else {
        delete out['scope_type'];
        delete out['scope_id'];
      }
    }
    if (table === 'ip_address') {
      const iface = row['assigned_object_type'] === 'dcim.interface' ? (this.#tables.get('interface')?.get(row['assigned_object_id'] as number) ?? undefined) : undefined;
      out['assigned_object'] = iface === undefined ? null : { ...this.#brief('interface', iface.id), device: this.#brief('device', iface['device']) };
    }
    if (table !== 'tag') out['tags'] = ((row['tags'] as number[] | undefined) ?? []).map((id) => this.#brief('tag', id));
    const defined = this.#options.customFields?.[table] ?? [];
    out['custom_fields'] = { ...Object.fromEntries(defined.map((name) => [name, null])), ...(row['custom_fields'] as Record<string, unknown> | undefined) };
    out['created'] = '2025-01-01T00:00:00.000000Z';
    out['last_updated'] = '2025-01-01T00:00:00.000000Z';
    return out;
  }

  // ---- validation ----

  #findBy(table: string, attrs: Record<string, unknown>): Row | undefined {
    if (typeof attrs['id'] === 'number') return this.#tables.get(table)?.get(attrs['id']);
    return this.#list(table).find((row) => Object.entries(attrs).every(([key, value]) => row[key] === value));
  }

  #related(table: string, value: unknown, errors: string[]): number | undefined {
    if (typeof value === 'number') {
      if (this.#tables.get(table)?.has(value)) return value;
      errors.push(`Invalid pk "${value}" - object does not exist.`);
      return undefined;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const found = this.#findBy(table, value as Record<string, unknown>);
      if (found !== undefined) return found.id;
      const attrs = Object.entries(value as Record<string, unknown>)
        .map(([key, v]) => `'${key}': ${typeof v === 'string' ? `'${v}'` : String(v)}`)
        .join(', ');
      errors.push(`Related object not found using the provided attributes: {${attrs}}`);
      return undefined;
    }
    errors.push(`Incorrect type. Expected pk value, received ${typeof value}.`);
    return undefined;
  }

  #coerce(fs: FieldSpec, value: unknown, errors: string[]): unknown {
    if (value === null) {
      if (fs.kind === 'string' && fs.nullable) return null;
      if ((fs.kind === 'int' || fs.kind === 'fk') && fs.nullable) return null;
      errors.push('This field may not be null.');
      return undefined;
    }
    switch (fs.kind) {
      case 'string':
        if (typeof value !== 'string') errors.push('Not a valid string.');
        else if (fs.maxLength !== undefined && value.length > fs.maxLength) errors.push(`Ensure this field has no more than ${fs.maxLength} characters.`);
        else return value;
        return undefined;
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value)) errors.push('A valid integer is required.');
        else if (fs.min !== undefined && value < fs.min) errors.push(`Ensure this value is greater than or equal to ${fs.min}.`);
        else if (fs.max !== undefined && value > fs.max) errors.push(`Ensure this value is less than or equal to ${fs.max}.`);
        else return value;
        return undefined;
      case 'bool':
        if (typeof value !== 'boolean') errors.push('Must be a valid boolean.');
        else return value;
        return undefined;
      case 'choice':
        if (typeof value !== 'string' || !(value in fs.choices)) errors.push(`"${String(value)}" is not a valid choice.`);
        else return value;
        return undefined;
      case 'fk':
        return this.#related(fs.table, value, errors);
      case 'm2m': {
        if (!Array.isArray(value)) {
          errors.push(`Expected a list of items but got type "${typeof value}".`);
          return undefined;
        }
        const ids = value.map((item) => this.#related(fs.table, item, errors));
        return errors.length > 0 ? undefined : ids;
      }
    }
  }

  /** Validates a create (no `existing`) or an update; returns the new row or field errors. */
  #validate(table: string, input: Record<string, unknown>, existing: Row | undefined, batchKeys: Map<string, number>): { row?: Row; errors: Record<string, string[]> } {
    const spec = this.#spec(table);
    const errors: Record<string, string[]> = {};
    const add = (field: string, message: string): void => {
      (errors[field] ??= []).push(message);
    };
    const row: Record<string, unknown> = existing !== undefined ? { ...existing } : { ...this.#defaults(spec), tags: [], custom_fields: {} };
    for (const [field, value] of Object.entries(input)) {
      if (field === 'id') continue;
      if (field === 'tags') {
        if (!Array.isArray(value)) {
          add('tags', `Expected a list of items but got type "${typeof value}".`);
          continue;
        }
        const messages: string[] = [];
        const ids = value.map((tag) => this.#related('tag', tag, messages));
        if (messages.length > 0) for (const message of messages) add('tags', message);
        else row['tags'] = ids;
        continue;
      }
      if (field === 'custom_fields') {
        const defined = new Set(this.#options.customFields?.[table] ?? []);
        const values = (value ?? {}) as Record<string, unknown>;
        const unknown = Object.keys(values).filter((name) => !defined.has(name));
        if (unknown.length > 0) add('custom_fields', `Unknown field name '${unknown[0]}' in custom field data.`);
        else row['custom_fields'] = { ...(row['custom_fields'] as Record<string, unknown>), ...values };
        continue;
      }
      const fs = spec.fields[field];
      if (fs === undefined) continue; // DRF ignores unknown fields
      const messages: string[] = [];
      const coerced = this.#coerce(fs, value, messages);
      if (messages.length > 0) for (const message of messages) add(field, message);
      else row[field] = coerced;
    }
    if (existing === undefined) {
      for (const field of spec.required) {
        const value = input[field];
        if (value === undefined || value === null || value === '') {
          if (!(field in errors)) add(field, 'This field is required.');
        }
      }
    }
    if (table === 'prefix' && row['scope_type'] !== null && row['scope_type'] !== undefined) {
      if (row['scope_type'] !== 'dcim.site') add('scope_type', `"${String(row['scope_type'])}" is not a valid choice.`);
      else if (!this.#tables.get('site')?.has(row['scope_id'] as number)) add('scope_id', 'Please select a site.');
    }
    if (table === 'ip_address' && row['assigned_object_type'] !== null && row['assigned_object_type'] !== undefined) {
      if (row['assigned_object_type'] !== 'dcim.interface') add('assigned_object_type', `"${String(row['assigned_object_type'])}" is not a valid choice.`);
      else if (!this.#tables.get('interface')?.has(row['assigned_object_id'] as number)) add('assigned_object_id', 'Related object not found.');
    }
    if (Object.keys(errors).length === 0) {
      const index = this.#unique.get(table);
      for (const set of spec.unique) {
        const values = set.map((field) => row[field]);
        if (values.some((value) => value === null || value === undefined || value === '')) continue;
        const key = `${table}|${set.join(',')}|${JSON.stringify(values)}`;
        const owner = index?.get(key) ?? batchKeys.get(key);
        if (owner !== undefined && owner !== existing?.id) {
          if (set.length === 1) add(set[0] as string, `${spec.verbose} with this ${(set[0] as string).replace(/_/g, ' ')} already exists.`);
          else add('non_field_errors', `The fields ${set.join(', ')} must make a unique set.`);
        }
      }
    }
    if (Object.keys(errors).length > 0) return { errors };
    return { row: { ...row, id: existing?.id ?? 0 } as Row, errors };
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const endpoint = url.pathname.replace(/^\/api\//, '');
    const query = Object.fromEntries(url.searchParams.entries());
    const entry: RequestLogEntry = { method, endpoint, query, status: 0, authorization: req.headers.authorization };
    this.log.push(entry);
    let dropAnswer = false;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status;
      if (dropAnswer) {
        req.socket.destroy();
        return;
      }
      const text = body === undefined ? '' : body instanceof RawJson ? body.text : JSON.stringify(body);
      res.writeHead(status, { ...(text === '' ? {} : { 'content-type': 'application/json' }), 'api-version': '4.2', ...headers });
      res.end(text);
    };
    try {
      if (!url.pathname.startsWith('/api/')) return send(404, { detail: 'Not found.' });
      const auth = req.headers.authorization;
      if (auth === undefined) return send(403, { detail: 'Authentication credentials were not provided.' });
      if (auth !== `Token ${this.token}`) return send(403, { detail: 'Invalid token' });
      const fault = this.#faults.find(
        (f) =>
          f.left > 0 &&
          (f.method === undefined || f.method === method) &&
          (f.endpoint === undefined || endpoint.startsWith(f.endpoint)) &&
          (f.offset === undefined || f.offset === Number(query['offset'] ?? 0)),
      );
      const table = TABLE_OF_ENDPOINT[endpoint];
      if (fault !== undefined) fault.left -= 1;
      if (fault?.drop === true) dropAnswer = true;
      else if (fault !== undefined) {
        if (fault.shortBy !== undefined && table !== undefined && method === 'GET') return send(200, this.#page(table, url, fault.shortBy));
        const status = fault.status ?? 500;
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
        return send(status, { detail: status === 429 ? 'Request was throttled.' : 'Server error (injected).' }, headers);
      }
      let body: unknown;
      if (chunks.length > 0) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        } catch {
          return send(400, { detail: 'JSON parse error' });
        }
      }
      if (Array.isArray(body)) entry.items = body.length;
      if (table === undefined) {
        const detail = /^(.*\/)(\d+)\/$/.exec(endpoint);
        const detailTable = detail === null ? undefined : TABLE_OF_ENDPOINT[detail[1] as string];
        if (detail === null || detailTable === undefined) return send(404, { detail: 'Not found.' });
        const row = this.#tables.get(detailTable)?.get(Number(detail[2]));
        if (row === undefined) return send(404, { detail: 'No object matches the given query.' });
        if (method === 'GET') return send(200, this.#render(detailTable, row));
        return send(405, { detail: `Method "${method}" not allowed.` });
      }
      if (method === 'GET') return send(200, this.#page(table, url));
      if (method === 'POST') return this.#create(table, body, send);
      if (method === 'PATCH' || method === 'PUT') return this.#update(table, body, send);
      if (method === 'DELETE') return this.#delete(table, body, send);
      return send(405, { detail: `Method "${method}" not allowed.` });
    } catch (error) {
      return send(500, { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  #page(table: string, url: URL, shortBy = 0): RawJson {
    const max = this.#options.maxPageSize ?? 1000;
    const rawLimit = url.searchParams.get('limit');
    let limit = rawLimit === null ? (this.#options.defaultPageSize ?? 50) : Number(rawLimit);
    if (!Number.isFinite(limit) || limit <= 0) limit = max;
    limit = Math.min(limit, max);
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const rows = this.#filter(table, url.searchParams);
    const link = (at: number): string => {
      const next = new URL(url.toString());
      next.searchParams.set('limit', String(limit));
      if (at <= 0) next.searchParams.delete('offset');
      else next.searchParams.set('offset', String(at));
      return next.toString();
    };
    const head = {
      count: rows.length,
      next: offset + limit < rows.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    };
    const page = rows.slice(offset, offset + limit);
    const results = page.slice(0, Math.max(0, page.length - shortBy)).map((row) => this.#renderJson(table, row));
    return new RawJson(`${JSON.stringify(head).slice(0, -1)},"results":[${results.join(',')}]}`);
  }

  #renderJson(table: string, row: Row): string {
    const key = `${table}:${row.id}`;
    let json = this.#json.get(key);
    if (json === undefined) {
      json = JSON.stringify(this.#render(table, row));
      this.#json.set(key, json);
    }
    return json;
  }

  #filter(table: string, params: URLSearchParams): Row[] {
    const spec = this.#spec(table);
    let rows = this.#list(table);
    for (const key of new Set(params.keys())) {
      if (key === 'limit' || key === 'offset' || key === 'brief' || key === 'ordering' || key === 'q') continue;
      const values = params.getAll(key);
      if (key === 'id') {
        const ids = new Set(values.map(Number));
        rows = rows.filter((row) => ids.has(row.id));
        continue;
      }
      const base = key.endsWith('_id') ? key.slice(0, -3) : key;
      const fs = spec.fields[base];
      if (fs?.kind === 'fk') {
        if (key.endsWith('_id')) {
          const ids = new Set(values.map(Number));
          rows = rows.filter((row) => ids.has(row[base] as number));
        } else {
          const target = this.#tables.get(fs.table) as Map<number, Row>;
          rows = rows.filter((row) => {
            const related = target.get(row[base] as number);
            return related !== undefined && values.some((value) => related['slug'] === value || related['name'] === value);
          });
        }
        continue;
      }
      if (spec.fields[key] === undefined) continue;
      rows = rows.filter((row) => values.includes(String(row[key])));
    }
    return rows;
  }

  #create(table: string, body: unknown, send: (status: number, body?: unknown) => void): void {
    const many = Array.isArray(body);
    const items = (many ? body : [body]) as unknown[];
    const batchKeys = new Map<string, number>();
    const rows: Row[] = [];
    const errors: Record<string, string[]>[] = [];
    items.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        errors.push({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
        return;
      }
      const result = this.#validate(table, item as Record<string, unknown>, undefined, batchKeys);
      errors.push(result.errors);
      if (result.row !== undefined) {
        rows.push(result.row);
        for (const key of this.#uniqueKeys(table, result.row)) batchKeys.set(key, -1 - i);
      }
    });
    if (errors.some((entry) => Object.keys(entry).length > 0)) {
      send(400, many ? errors : errors[0]);
      return;
    }
    const created = rows.map((row) => {
      const stored: Row = { ...row, id: this.#nextId++ };
      this.#store(table, stored);
      return this.#render(table, stored);
    });
    send(201, many ? created : created[0]);
  }

  #update(table: string, body: unknown, send: (status: number, body?: unknown) => void): void {
    if (!Array.isArray(body)) {
      send(400, { non_field_errors: ['Expected a list of items.'] });
      return;
    }
    const updates: Row[] = [];
    const batchKeys = new Map<string, number>();
    for (const item of body as Record<string, unknown>[]) {
      const id = item['id'];
      if (typeof id !== 'number') {
        send(400, { id: ['This field is required.'] });
        return;
      }
      const existing = this.#tables.get(table)?.get(id);
      if (existing === undefined) continue; // NetBox silently skips ids it does not have
      const result = this.#validate(table, item, existing, batchKeys);
      if (result.row === undefined) {
        // NetBox validates objects one by one and stops at the first bad one (nothing is saved).
        send(400, result.errors);
        return;
      }
      updates.push(result.row);
      for (const key of this.#uniqueKeys(table, result.row)) batchKeys.set(key, id);
    }
    for (const row of updates) this.#store(table, row);
    send(
      200,
      updates.map((row) => this.#render(table, row)),
    );
  }

  #delete(table: string, body: unknown, send: (status: number, body?: unknown) => void): void {
    if (!Array.isArray(body)) {
      send(400, { non_field_errors: ['Expected a list of items.'] });
      return;
    }
    const ids = new Set((body as Record<string, unknown>[]).map((item) => item['id']).filter((id): id is number => typeof id === 'number'));
    // Protected relations first: nothing is deleted when any object is still referenced.
    for (const [other, spec] of Object.entries(TABLES)) {
      for (const [field, fs] of Object.entries(spec.fields)) {
        if (fs.kind !== 'fk' || fs.table !== table || fs.onDelete !== 'protect') continue;
        const dependents = this.#list(other).filter((row) => ids.has(row[field] as number) && !(other === table && ids.has(row.id)));
        if (dependents.length > 0) {
          send(409, {
            detail: `Unable to delete object. ${dependents.length} dependent objects were found: ${dependents
              .slice(0, 3)
              .map((row) => spec.display(row))
              .join(', ')}`,
          });
          return;
        }
      }
    }
    for (const id of ids) this.#cascade(table, id);
    send(204);
  }

  #cascade(table: string, id: number): void {
    if (!this.#tables.get(table)?.has(id)) return;
    this.#remove(table, id);
    for (const [other, spec] of Object.entries(TABLES)) {
      for (const [field, fs] of Object.entries(spec.fields)) {
        if (fs.kind !== 'fk' || fs.table !== table) continue;
        for (const row of this.#list(other)) {
          if (row[field] !== id) continue;
          if (fs.onDelete === 'cascade') this.#cascade(other, row.id);
          else if (fs.onDelete === 'null') this.#store(other, { ...row, [field]: null });
        }
      }
    }
    if (table === 'interface') {
      for (const row of this.#list('ip_address')) {
        if (row['assigned_object_type'] === 'dcim.interface' && row['assigned_object_id'] === id) this.#store('ip_address', { ...row, assigned_object_type: null, assigned_object_id: null });
      }
    }
    if (table === 'site') {
      for (const row of this.#list('prefix')) {
        if (row['scope_type'] === 'dcim.site' && row['scope_id'] === id) this.#store('prefix', { ...row, scope_type: null, scope_id: null });
      }
    }
  }
}

/**
 * Starts a NetBox test server on 127.0.0.1.
 *
 * @param options - token, latency, page sizes, prefix mode, custom fields
 * @returns the running server
 */
export async function startNetboxServer(options: NetboxServerOptions = {}): Promise<NetboxTestServer> {
  const server = new NetboxTestServer(options);
  await server.start();
  return server;
}
