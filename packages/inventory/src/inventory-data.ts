// The inventory as plain data (one list per model, the benchmark data set's shape) and loading it into an adapter.
import { Adapter } from '@ssot/core';
import { inventoryModels, inventoryTopLevel, type Device, type Interface, type InventoryModels, type IpAddress, type Prefix, type Region, type Site, type Vlan } from './models.js';

/** One list per model, children lists left out, parents before children. Prefixes and IP addresses are optional. */
export interface InventoryData {
  /** Regions, parent regions first. */
  region: Omit<Region, 'sites'>[];
  /** Sites. */
  site: Omit<Site, 'devices'>[];
  /** Devices. */
  device: Omit<Device, 'interfaces'>[];
  /** Interfaces. */
  interface: Interface[];
  /** VLANs. */
  vlan: Vlan[];
  /** Prefixes. */
  prefix?: Prefix[];
  /** IP addresses. */
  ip_address?: IpAddress[];
}

/**
 * An empty adapter over the inventory models.
 *
 * @param name - the adapter's name
 * @returns the adapter
 */
export function createInventoryAdapter(name: string): Adapter<InventoryModels> {
  return new Adapter({ name, models: inventoryModels, topLevel: inventoryTopLevel });
}

/**
 * Adds plain inventory data to an adapter, finding each child's parent in memory.
 *
 * @param adapter - an inventory adapter
 * @param data - the records
 * @throws ObjectNotFoundError naming the record when a parent is missing
 */
export function addInventoryData(adapter: Adapter<InventoryModels>, data: InventoryData): void {
  for (const record of data.region) adapter.add('region', { ...record });
  // Parents by name (a record reference), not as unique ids: a name holding "__" is escaped in its unique id.
  for (const record of data.site) adapter.addChild('region', { name: record.region }, 'site', { ...record });
  for (const record of data.device) adapter.addChild('site', { name: record.site }, 'device', { ...record });
  for (const record of data.interface) adapter.addChild('device', { name: record.device }, 'interface', { ...record });
  for (const record of data.vlan) adapter.add('vlan', { ...record });
  for (const record of data.prefix ?? []) adapter.add('prefix', { ...record });
  for (const record of data.ip_address ?? []) adapter.add('ip_address', { ...record });
}

/**
 * The adapter's records as plain inventory data (the reverse of {@link addInventoryData}).
 *
 * @param adapter - an inventory adapter
 * @returns one list per model, parents before children
 */
export function inventoryDataOf(adapter: Adapter<InventoryModels>): InventoryData {
  const drop = <T extends object, K extends keyof T>(record: T, key: K): Omit<T, K> => {
    const { [key]: _dropped, ...rest } = record;
    return rest;
  };
  return {
    region: adapter.getAll('region').map((r) => drop(r, 'sites')),
    site: adapter.getAll('site').map((r) => drop(r, 'devices')),
    device: adapter.getAll('device').map((r) => drop(r, 'interfaces')),
    interface: adapter.getAll('interface'),
    vlan: adapter.getAll('vlan'),
    prefix: adapter.getAll('prefix'),
    ip_address: adapter.getAll('ip_address'),
  };
}
