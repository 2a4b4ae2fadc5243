// Network inventory models shaped like the benchmark data set (region > site > device > interface, and vlan).
import { Adapter } from '../adapter.js';
import { defineModel } from '../model.js';

/** A region; parent regions have `parent: null`. */
export interface Region {
  name: string;
  parent: string | null;
  description: string;
  sort_order: number;
  tags: string[];
  sites: string[];
}
/** A site in a child region. */
export interface Site {
  name: string;
  region: string;
  status: string;
  asn: number;
  facility: string | null;
  time_zone: string;
  tags: string[];
  devices: string[];
}
/** A device at a site. */
export interface Device {
  name: string;
  site: string;
  role: string;
  platform: string;
  serial: string;
  asset_tag: string | null;
  tags: string[];
  interfaces: string[];
}
/** An interface of a device. */
export interface Interface {
  device: string;
  name: string;
  type: string;
  enabled: boolean;
  mtu: number;
  description: string | null;
  tags: string[];
}
/** A VLAN, unique per site. */
export interface Vlan {
  site: string;
  vid: number;
  name: string;
  status: string;
  description: string | null;
  tags: string[];
}

export const regionModel = defineModel<Region>()({
  name: 'region',
  identifiers: ['name'],
  attributes: ['parent', 'description', 'sort_order', 'tags'],
  children: { site: 'sites' },
});
export const siteModel = defineModel<Site>()({
  name: 'site',
  identifiers: ['name'],
  attributes: ['region', 'status', 'asn', 'facility', 'time_zone', 'tags'],
  children: { device: 'devices' },
});
export const deviceModel = defineModel<Device>()({
  name: 'device',
  identifiers: ['name'],
  attributes: ['site', 'role', 'platform', 'serial', 'asset_tag', 'tags'],
  children: { interface: 'interfaces' },
});
export const interfaceModel = defineModel<Interface>()({
  name: 'interface',
  identifiers: ['device', 'name'],
  shortname: ['name'],
  attributes: ['type', 'enabled', 'mtu', 'description', 'tags'],
});
export const vlanModel = defineModel<Vlan>()({
  name: 'vlan',
  identifiers: ['site', 'vid'],
  attributes: ['name', 'status', 'description', 'tags'],
  dependsOn: ['site'],
});

export const inventoryModels = { region: regionModel, site: siteModel, device: deviceModel, interface: interfaceModel, vlan: vlanModel };
export type InventoryModels = typeof inventoryModels;

/** The data set's JSON shape: one list per model, parents before children. */
export interface InventoryData {
  region: Omit<Region, 'sites'>[];
  site: Omit<Site, 'devices'>[];
  device: Omit<Device, 'interfaces'>[];
  interface: Interface[];
  vlan: Vlan[];
}

/** An empty inventory adapter. */
export function inventoryAdapter(name: string): Adapter<InventoryModels> {
  return new Adapter({ name, models: inventoryModels, topLevel: ['region', 'vlan'] });
}

/** Loads data set records into an adapter, correlating children with their parents in memory. */
export function loadInventory(adapter: Adapter<InventoryModels>, data: InventoryData): void {
  for (const region of data.region) adapter.add('region', region);
  for (const site of data.site) adapter.addChild('region', site.region, 'site', site);
  for (const device of data.device) adapter.addChild('site', device.site, 'device', device);
  for (const iface of data.interface) adapter.addChild('device', iface.device, 'interface', iface);
  for (const vlan of data.vlan) adapter.add('vlan', vlan);
}
