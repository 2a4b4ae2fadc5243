// The NetBox adapter: loads every collection with all pages in parallel, correlates by id in memory, writes through bulk endpoints.
import { Adapter, ObjectAlreadyExistsError, silentLogger, type Logger, type ModelName, type SyncResult } from '@ssot/core';
import { NetboxClient } from './client.js';
import { createNetboxHandlers } from './handlers.js';
import { NetboxLookups } from './lookups.js';
import {
  deviceFromNetbox,
  interfaceFromNetbox,
  ipAddressFromNetbox,
  prefixFromNetbox,
  regionFromNetbox,
  siteFromNetbox,
  vlanFromNetbox,
  type RefKind,
} from './mapping.js';
import {
  inventoryModels,
  inventoryTopLevel,
  type InventoryModels,
  type NbDevice,
  type NbInterface,
  type NbIpAddress,
  type NbPrefix,
  type NbRegion,
  type NbSite,
  type NbVlan,
} from './models.js';
import { DEFAULT_DEVICE_TYPE, DEFAULT_RIR, type NetboxAdapterOptions } from './options.js';

/** A NetBox object the adapter did not load, and why. */
export interface SkippedObject {
  /** Inventory model it would have been. */
  model: string;
  /** NetBox id. */
  id: number;
  /** Why it was left out. */
  reason: string;
}

/** Extra options of {@link NetboxAdapter} that are not about NetBox itself. */
export interface NetboxAdapterHooks {
  /** Called after a sync into this adapter finished (for example to store HTTP metrics). */
  onSyncComplete?: ((result: SyncResult) => void | Promise<void>) | undefined;
}

/**
 * NetBox as an ssot adapter over the inventory models. {@link NetboxAdapter.load} fetches the seven
 * collections and the lookup tables at once, every page of each in parallel, then correlates them
 * by NetBox id in memory. As a sync target it writes through NetBox's bulk list endpoints.
 */
export class NetboxAdapter extends Adapter<InventoryModels> {
  /** The NetBox client (one per adapter: its queue, rate limit and metrics are this adapter's). */
  readonly client: NetboxClient;
  /** The lookup tables (tags, roles, platforms, device types, RIRs, ASNs). */
  readonly lookups: NetboxLookups;
  /** NetBox ids of the loaded and created records: model -> inventory unique id -> NetBox id. */
  readonly ids: Record<ModelName<InventoryModels>, Map<string, number>> = {
    region: new Map(),
    site: new Map(),
    device: new Map(),
    interface: new Map(),
    vlan: new Map(),
    prefix: new Map(),
    ip_address: new Map(),
  };
  /** NetBox objects left out while loading (sites without region, unnamed devices, duplicates, ...). */
  readonly skipped: SkippedObject[] = [];
  /** The options the adapter was made with, without the token (it stays inside the HTTP client). */
  readonly options: Readonly<Omit<NetboxAdapterOptions, 'token'>>;
  /** Where warnings go (silent by default). */
  readonly logger: Logger;
  readonly #hooks: NetboxAdapterHooks;
  /** `<model>:<NetBox id>` of every object loaded. */
  readonly #kept = new Set<string>();

  /**
   * @param options - NetBox URL, token, limits and write defaults
   * @param hooks - callbacks around syncs
   */
  constructor(options: NetboxAdapterOptions, hooks: NetboxAdapterHooks = {}) {
    super({ name: options.name ?? 'netbox', models: inventoryModels, topLevel: inventoryTopLevel });
    const { token: _token, ...safe } = options;
    this.options = safe;
    this.logger = options.logger ?? silentLogger;
    this.client = new NetboxClient(options);
    this.lookups = new NetboxLookups(this.client, {
      create: options.createLookups ?? true,
      deviceType: options.deviceType ?? DEFAULT_DEVICE_TYPE,
      rir: options.rir ?? DEFAULT_RIR,
    });
    this.#hooks = hooks;
    this.handlers = createNetboxHandlers(this);
  }

  /**
   * Loads regions, sites, devices, interfaces, VLANs, prefixes, IP addresses and the lookup tables
   * concurrently (each collection: page 1, then all other pages in parallel), then correlates them.
   *
   * @param signal - aborts the requests
   */
  override async load(signal?: AbortSignal): Promise<void> {
    const progress = (model: string) => (current: number, total: number | undefined) => this.options.onProgress?.({ model, current, total });
    const list = <T>(endpoint: 'region' | 'site' | 'device' | 'interface' | 'vlan' | 'prefix' | 'ip_address'): Promise<T[]> =>
      this.client.list<T>(endpoint, { signal, onPage: progress(endpoint) });
    const [regions, sites, devices, interfaces, vlans, prefixes, addresses] = await Promise.all([
      list<NbRegion>('region'),
      list<NbSite>('site'),
      list<NbDevice>('device'),
      list<NbInterface>('interface'),
      list<NbVlan>('vlan'),
      list<NbPrefix>('prefix'),
      list<NbIpAddress>('ip_address'),
      this.lookups.load(signal, (table, current, total) => this.options.onProgress?.({ model: table, current, total })),
    ]);

    for (const nb of regions) {
      const row = regionFromNetbox(nb, this.options);
      this.#keep('region', nb.id, row, () => this.add('region', { ...row, sites: [] }));
    }
    for (const nb of sites) {
      const row = siteFromNetbox(nb);
      if (row === undefined) this.#skip('site', nb.id, `site "${nb.name}" has no region`);
      else if (!this.ids.region.has(this.uniqueId('region', { name: row.region }))) this.#skip('site', nb.id, `site "${nb.name}": region "${row.region}" was not loaded`);
      else this.#keep('site', nb.id, row, () => this.addChild('region', { name: row.region }, 'site', { ...row, devices: [] }));
    }
    for (const nb of devices) {
      const row = deviceFromNetbox(nb);
      if (row === undefined) this.#skip('device', nb.id, `device ${nb.id} has no name`);
      else if (!this.ids.site.has(this.uniqueId('site', { name: row.site }))) this.#skip('device', nb.id, `device "${row.name}": site "${row.site}" was not loaded`);
      else this.#keep('device', nb.id, row, () => this.addChild('site', { name: row.site }, 'device', { ...row, interfaces: [] }));
    }
    for (const nb of interfaces) {
      const row = interfaceFromNetbox(nb);
      // By id, not name: a device name NetBox repeats in another site was skipped and must not collect these.
      if (row === undefined || !this.#kept.has(`device:${nb.device.id}`)) this.#skip('interface', nb.id, `interface ${nb.id}: its device was not loaded`);
      else this.#keep('interface', nb.id, row, () => this.addChild('device', { name: row.device }, 'interface', row));
    }
    const vlanUids = new Map<number, string>();
    for (const nb of vlans) {
      const row = vlanFromNetbox(nb);
      if (row === undefined) this.#skip('vlan', nb.id, `VLAN ${nb.vid} "${nb.name}" has no site`);
      else if (this.#keep('vlan', nb.id, row, () => this.add('vlan', row))) vlanUids.set(nb.id, this.uniqueId('vlan', row));
    }
    for (const nb of prefixes) {
      const row = prefixFromNetbox(nb, (id) => vlanUids.get(id) ?? null);
      this.#keep('prefix', nb.id, row, () => this.add('prefix', row));
    }
    for (const nb of addresses) {
      const row = ipAddressFromNetbox(nb, (device, name) => this.uniqueId('interface', { device, name }));
      if (row.interface !== null && !this.#kept.has(`interface:${String(nb.assigned_object_id)}`)) {
        this.#skip('ip_address', nb.id, `IP address ${nb.address}: its interface was not loaded`);
      } else this.#keep('ip_address', nb.id, row, () => this.add('ip_address', row));
    }
  }

  /**
   * The NetBox id an inventory reference stands for: a region, site or device name, an interface or
   * VLAN unique id, a role, platform or device type slug, or an AS number.
   *
   * @param kind - what the reference is
   * @param key - the reference
   * @returns the id, or `undefined` when NetBox has no such object (yet)
   */
  resolve(kind: RefKind, key: string | number): number | undefined {
    const tables = this.lookups.tables;
    switch (kind) {
      case 'region':
      case 'site':
      case 'device':
        return this.ids[kind].get(this.uniqueId(kind, { name: String(key) }));
      case 'interface':
      case 'vlan':
        return this.ids[kind].get(String(key));
      case 'role':
        return tables.roles.get(String(key));
      case 'platform':
        return tables.platforms.get(String(key));
      case 'deviceType':
        return tables.deviceTypes.get(String(key));
      case 'asn':
        return tables.asns.get(Number(key));
    }
  }

  /** Calls the `onSyncComplete` hook. */
  override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
    await this.#hooks.onSyncComplete?.(result);
  }

  /** Adds a record and remembers its NetBox id; a duplicate (same inventory id twice) is skipped. */
  #keep<T extends object>(model: ModelName<InventoryModels>, id: number, row: T, add: () => unknown): boolean {
    const uid = this.uniqueId(model, row);
    if (this.ids[model].has(uid)) {
      this.#skip(model, id, `${model} "${uid}" appears twice in NetBox (ids ${this.ids[model].get(uid)} and ${id}); the first is kept`);
      return false;
    }
    try {
      add();
    } catch (error) {
      if (!(error instanceof ObjectAlreadyExistsError)) throw error;
      this.#skip(model, id, error.message);
      return false;
    }
    this.ids[model].set(uid, id);
    this.#kept.add(`${model}:${id}`);
    return true;
  }

  #skip(model: string, id: number, reason: string): void {
    this.skipped.push({ model, id, reason });
    this.logger.warn({ model, id }, `netbox: skipped ${reason}`);
  }
}

/**
 * Makes a NetBox adapter (not loaded yet).
 *
 * @param options - NetBox URL, token, limits and write defaults
 * @param hooks - callbacks around syncs
 * @returns the adapter
 */
export function createNetboxAdapter(options: NetboxAdapterOptions, hooks: NetboxAdapterHooks = {}): NetboxAdapter {
  return new NetboxAdapter(options, hooks);
}
