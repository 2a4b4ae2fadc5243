// NetBox lookup tables (tags, device roles, platforms, device types, RIRs, ASNs): loaded with the data, created on demand.
import type { NetboxClient, NetboxEndpoint } from './client.js';
import { slugify } from './mapping.js';
import type { NbAsn, NbDeviceType, NbNamed, NbObject, NbTag, NbWritePayload } from './models.js';

/** Lookup tables keyed the way inventory records refer to them. */
export interface LookupTables {
  /** Tag name -> id. */
  tags: Map<string, number>;
  /** Device role slug -> id. */
  roles: Map<string, number>;
  /** Platform slug -> id. */
  platforms: Map<string, number>;
  /** Device type slug -> id. */
  deviceTypes: Map<string, number>;
  /** RIR slug -> id. */
  rirs: Map<string, number>;
  /** AS number -> ASN id. */
  asns: Map<number, number>;
}

/** Options of {@link NetboxLookups}. */
export interface NetboxLookupsOptions {
  /** Create missing entries when writing. */
  create: boolean;
  /** Device type slug given to created devices. */
  deviceType: string;
  /** RIR slug given to created ASNs. */
  rir: string;
}

/**
 * The lookup tables of one NetBox: loaded in parallel with the data and, when a write needs a tag,
 * role, platform, device type or ASN NetBox lacks, created once (concurrent callers share the request).
 */
export class NetboxLookups {
  /** The tables. */
  readonly tables: LookupTables = { tags: new Map(), roles: new Map(), platforms: new Map(), deviceTypes: new Map(), rirs: new Map(), asns: new Map() };
  /** Why an entry could not be created, keyed `<table>:<key>`. */
  readonly failures = new Map<string, string>();
  readonly #client: NetboxClient;
  readonly #options: NetboxLookupsOptions;
  readonly #inflight = new Map<string, Promise<void>>();

  /**
   * @param client - the NetBox client
   * @param options - whether to create missing entries, device type and RIR slugs
   */
  constructor(client: NetboxClient, options: NetboxLookupsOptions) {
    this.#client = client;
    this.#options = options;
  }

  /**
   * Loads every table (all pages in parallel).
   *
   * @param signal - aborts the requests
   * @param onPage - progress of each table
   */
  async load(signal?: AbortSignal, onPage?: (table: string, received: number, total: number | undefined) => void): Promise<void> {
    const list = <T>(endpoint: NetboxEndpoint): Promise<T[]> => this.#client.list<T>(endpoint, { signal, onPage: (received, total) => onPage?.(endpoint, received, total) });
    const [tags, roles, platforms, deviceTypes, rirs, asns] = await Promise.all([
      list<NbTag>('tag'),
      list<NbNamed>('role'),
      list<NbNamed>('platform'),
      list<NbDeviceType>('deviceType'),
      list<NbNamed>('rir'),
      list<NbAsn>('asn'),
    ]);
    for (const tag of tags) this.tables.tags.set(tag.name, tag.id);
    for (const role of roles) this.tables.roles.set(role.slug, role.id);
    for (const platform of platforms) this.tables.platforms.set(platform.slug, platform.id);
    for (const type of deviceTypes) this.tables.deviceTypes.set(type.slug, type.id);
    for (const rir of rirs) this.tables.rirs.set(rir.slug, rir.id);
    for (const asn of asns) this.tables.asns.set(asn.asn, asn.id);
  }

  /**
   * Makes sure these tags exist.
   *
   * @param names - tag names
   * @param signal - aborts the requests
   */
  ensureTags(names: Iterable<string>, signal?: AbortSignal): Promise<void> {
    return this.#ensure('tag', this.tables.tags, [...new Set(names)], (name) => ({ name, slug: slugify(name) }), (tag: NbTag) => tag.name, signal);
  }

  /**
   * Makes sure these device roles exist (named after their slug when created).
   *
   * @param slugs - role slugs
   * @param signal - aborts the requests
   */
  ensureRoles(slugs: Iterable<string>, signal?: AbortSignal): Promise<void> {
    return this.#ensure('role', this.tables.roles, [...new Set(slugs)].filter(Boolean), (slug) => ({ name: slug, slug }), (role: NbNamed) => role.slug, signal);
  }

  /**
   * Makes sure these platforms exist (named after their slug when created).
   *
   * @param slugs - platform slugs
   * @param signal - aborts the requests
   */
  ensurePlatforms(slugs: Iterable<string>, signal?: AbortSignal): Promise<void> {
    return this.#ensure('platform', this.tables.platforms, [...new Set(slugs)].filter(Boolean), (slug) => ({ name: slug, slug }), (platform: NbNamed) => platform.slug, signal);
  }

  /**
   * Makes sure the configured device type exists (with manufacturer `generic` when created).
   *
   * @param signal - aborts the requests
   */
  async ensureDeviceType(signal?: AbortSignal): Promise<void> {
    const slug = this.#options.deviceType;
    if (this.tables.deviceTypes.has(slug) || !this.#options.create) return;
    await this.#once(`once:deviceType:${slug}`, async () => {
      const manufacturer = await this.#namedId('manufacturer', 'generic', 'Generic', signal);
      if (manufacturer === undefined) return;
      await this.#ensure('deviceType', this.tables.deviceTypes, [slug], (model) => ({ manufacturer, model, slug: model }), (type: NbDeviceType) => type.slug, signal);
    });
  }

  /**
   * Makes sure these AS numbers exist as ASN objects (under the configured RIR when created).
   *
   * @param numbers - AS numbers
   * @param signal - aborts the requests
   */
  async ensureAsns(numbers: Iterable<number>, signal?: AbortSignal): Promise<void> {
    const missing = [...new Set(numbers)].filter((asn) => asn > 0 && !this.tables.asns.has(asn));
    if (missing.length === 0 || !this.#options.create) return;
    const rirSlug = this.#options.rir;
    if (!this.tables.rirs.has(rirSlug)) {
      await this.#ensure('rir', this.tables.rirs, [rirSlug], (slug) => ({ name: slug, slug, is_private: true }), (rir: NbNamed) => rir.slug, signal);
    }
    const rir = this.tables.rirs.get(rirSlug);
    if (rir === undefined) return;
    await this.#ensure('asn', this.tables.asns, missing, (asn) => ({ asn, rir }), (asn: NbAsn) => asn.asn, signal);
  }

  async #namedId(endpoint: NetboxEndpoint, slug: string, name: string, signal?: AbortSignal): Promise<number | undefined> {
    const found = await this.#client.list<NbNamed>(endpoint, { query: { slug }, signal });
    if (found[0] !== undefined) return found[0].id;
    const [outcome] = await this.#client.create<NbNamed>(endpoint, [{ name, slug }], signal);
    if (outcome?.ok && outcome.result !== undefined) return outcome.result.id;
    this.failures.set(`${endpoint}:${slug}`, outcome?.ok === false ? outcome.message : 'not created');
    return undefined;
  }

  async #ensure<K extends string | number, T extends NbObject>(
    endpoint: NetboxEndpoint,
    table: Map<K, number>,
    keys: readonly K[],
    payload: (key: K) => NbWritePayload,
    keyOf: (object: T) => K,
    signal?: AbortSignal,
  ): Promise<void> {
    const waits: Promise<void>[] = [];
    const missing: K[] = [];
    for (const key of keys) {
      if (table.has(key)) continue;
      const pending = this.#inflight.get(`${endpoint}:${key}`);
      if (pending !== undefined) waits.push(pending);
      else missing.push(key);
    }
    if (missing.length > 0 && this.#options.create) {
      const work = (async (): Promise<void> => {
        const outcomes = await this.#client.create<T>(endpoint, missing.map(payload), signal);
        outcomes.forEach((outcome, i) => {
          const key = missing[i] as K;
          if (outcome.ok && outcome.result !== undefined) table.set(keyOf(outcome.result), outcome.result.id);
          else if (!outcome.ok) this.failures.set(`${endpoint}:${key}`, outcome.message);
        });
      })();
      for (const key of missing) this.#inflight.set(`${endpoint}:${key}`, work);
      waits.push(work.finally(() => missing.forEach((key) => this.#inflight.delete(`${endpoint}:${key}`))));
    }
    await Promise.all(waits);
  }

  async #once(key: string, work: () => Promise<void>): Promise<void> {
    const pending = this.#inflight.get(key);
    if (pending !== undefined) return pending;
    const promise = work().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }
}
