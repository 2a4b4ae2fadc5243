// The reference inventory's models: region > site > device > interface, plus VLANs, prefixes and IP addresses.
import { defineModel } from '@ssot/core';

/** A region. Top regions have `parent: null`; the others name their parent region. */
export interface Region {
  /** Region name (identifier). */
  name: string;
  /** Parent region's name, or `null` for a top region. */
  parent: string | null;
  /** Free text. */
  description: string;
  /** Display order. */
  sort_order: number;
  /** Tags, sorted. */
  tags: string[];
  /** Unique ids of the region's sites. */
  sites: string[];
}

/** A site, in a region. */
export interface Site {
  /** Site name (identifier, globally unique). */
  name: string;
  /** Region name. */
  region: string;
  /** `active`, `planned`, `staging`, `decommissioning` or `retired`. */
  status: string;
  /** BGP AS number. */
  asn: number;
  /** Facility code, if any. */
  facility: string | null;
  /** IANA time zone. */
  time_zone: string;
  /** Tags. */
  tags: string[];
  /** Unique ids of the site's devices. */
  devices: string[];
}

/** A device at a site. */
export interface Device {
  /** Hostname (identifier, globally unique). */
  name: string;
  /** Site name. */
  site: string;
  /** Device role. */
  role: string;
  /** Platform (`eos`, `junos`, ...). */
  platform: string;
  /** Serial number. */
  serial: string;
  /** Asset tag, if any. */
  asset_tag: string | null;
  /** Tags. */
  tags: string[];
  /** Unique ids of the device's interfaces. */
  interfaces: string[];
}

/** An interface of a device. */
export interface Interface {
  /** Device name (identifier). */
  device: string;
  /** Interface name (identifier, unique per device). */
  name: string;
  /** Interface type (`1000base-t`, `virtual`, ...). */
  type: string;
  /** Administratively up. */
  enabled: boolean;
  /** MTU in bytes. */
  mtu: number;
  /** Free text, if any. */
  description: string | null;
  /** Tags. */
  tags: string[];
}

/** A VLAN, unique per site. */
export interface Vlan {
  /** Site name (identifier). */
  site: string;
  /** VLAN id (identifier, unique per site). */
  vid: number;
  /** VLAN name. */
  name: string;
  /** Status. */
  status: string;
  /** Free text, if any. */
  description: string | null;
  /** Tags. */
  tags: string[];
}

/** An IP prefix. */
export interface Prefix {
  /** CIDR (identifier): `10.1.0.0/24`. */
  prefix: string;
  /** Site name, if the prefix belongs to one. */
  site: string | null;
  /** Unique id of the VLAN (`<site>__<vid>`), if any. */
  vlan: string | null;
  /** Status. */
  status: string;
  /** Free text, if any. */
  description: string | null;
  /** Tags. */
  tags: string[];
}

/** An IP address, optionally on an interface. */
export interface IpAddress {
  /** Address with mask length (identifier): `10.1.0.5/24`. */
  address: string;
  /** Unique id of the interface (`<device>__<name>`), if assigned. */
  interface: string | null;
  /** Status. */
  status: string;
  /** DNS name, if any. */
  dns_name: string | null;
  /** Tags. */
  tags: string[];
}

/** The region model (top level; sites are its children). */
export const region = defineModel<Region>()({ name: 'region', identifiers: ['name'], attributes: ['parent', 'description', 'sort_order', 'tags'], children: { site: 'sites' } });
/** The site model (devices are its children). */
export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['region', 'status', 'asn', 'facility', 'time_zone', 'tags'], children: { device: 'devices' } });
/** The device model (interfaces are its children). */
export const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['site', 'role', 'platform', 'serial', 'asset_tag', 'tags'], children: { interface: 'interfaces' } });
/** The interface model. */
export const iface = defineModel<Interface>()({ name: 'interface', identifiers: ['device', 'name'], shortname: ['name'], attributes: ['type', 'enabled', 'mtu', 'description', 'tags'] });
/** The VLAN model (top level; written after sites). */
export const vlan = defineModel<Vlan>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name', 'status', 'description', 'tags'], dependsOn: ['site'] });
/** The prefix model (top level; written after sites and VLANs). */
export const prefix = defineModel<Prefix>()({ name: 'prefix', identifiers: ['prefix'], attributes: ['site', 'vlan', 'status', 'description', 'tags'], dependsOn: ['site', 'vlan'] });
/** The IP address model (top level; written after interfaces and prefixes). */
export const ipAddress = defineModel<IpAddress>()({ name: 'ip_address', identifiers: ['address'], attributes: ['interface', 'status', 'dns_name', 'tags'], dependsOn: ['interface', 'prefix'] });

/**
 * Every inventory model, keyed by name.
 *
 * @example
 * ```ts
 * import { Adapter } from '@ssot/core';
 * import { inventoryModels, inventoryTopLevel } from '@ssot/inventory';
 *
 * const netbox = new Adapter({ name: 'netbox', models: inventoryModels, topLevel: inventoryTopLevel }); // or createInventoryAdapter('netbox')
 * netbox.add('region', { name: 'europe', parent: null, description: '', sort_order: 1, tags: [] });
 * netbox.addChild('region', 'europe', 'site', { name: 'ams1', region: 'europe', status: 'active', asn: 65001, facility: 'AM5', time_zone: 'Europe/Amsterdam', tags: [] });
 * netbox.addChild('site', 'ams1', 'device', { name: 'ams1-core1', site: 'ams1', role: 'core', platform: 'eos', serial: 'JPE1234', asset_tag: null, tags: [] });
 * netbox.addChild('device', 'ams1-core1', 'interface', { device: 'ams1-core1', name: 'Ethernet1', type: '100gbase-x-qsfp28', enabled: true, mtu: 9214, description: null, tags: [] });
 * ```
 */
export const inventoryModels = {
  /** Regions. */
  region,
  /** Sites. */
  site,
  /** Devices. */
  device,
  /** Interfaces. */
  interface: iface,
  /** VLANs. */
  vlan,
  /** Prefixes. */
  prefix,
  /** IP addresses. */
  ip_address: ipAddress,
};

/** The inventory's model map. */
export type InventoryModels = typeof inventoryModels;

/** Root models of the inventory tree, in diff and sync order. */
export const inventoryTopLevel = ['region', 'vlan', 'prefix', 'ip_address'] as const;
