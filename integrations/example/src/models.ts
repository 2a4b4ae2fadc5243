// The example's models: sites with devices and their interfaces, and VLANs per site.
import { comparators, defineModel } from '@ssot/core';

/** A site. */
export interface Site {
  /** Site name (identifier). */
  name: string;
  /** Region slug. */
  region: string;
  /** `active`, `planned` or `retired`. */
  status: string;
  /** BGP AS number. */
  asn: number;
  /** Unique ids of the site's devices. */
  devices: string[];
}

/** A device at a site. */
export interface Device {
  /** Hostname (identifier). */
  name: string;
  /** Site name. */
  site: string;
  /** Role (`core`, `edge`). */
  role: string;
  /** Platform (`eos`, `junos`); compared case-insensitively. */
  platform: string;
  /** Serial number. */
  serial: string;
  /** Unique ids of the device's interfaces. */
  interfaces: string[];
}

/** An interface of a device. */
export interface Interface {
  /** Device name (identifier). */
  device: string;
  /** Interface name (identifier). */
  name: string;
  /** MTU in bytes. */
  mtu: number;
  /** Administratively up. */
  enabled: boolean;
  /** Tags; order carries no meaning. */
  tags: string[];
}

/** A VLAN of a site. */
export interface Vlan {
  /** Site name (identifier). */
  site: string;
  /** VLAN id (identifier). */
  vid: number;
  /** VLAN name. */
  name: string;
}

/** The site model. */
export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['region', 'status', 'asn'], children: { device: 'devices' } });
/** The device model. */
export const device = defineModel<Device>()({
  name: 'device',
  identifiers: ['name'],
  attributes: ['site', 'role', 'platform', 'serial'],
  children: { interface: 'interfaces' },
  // Controllers report platform names in their own case: "JunOS" and "junos" are the same.
  compare: { platform: comparators.caseInsensitive },
});
/** The interface model. */
export const iface = defineModel<Interface>()({
  name: 'interface',
  identifiers: ['device', 'name'],
  shortname: ['name'],
  attributes: ['mtu', 'enabled', 'tags'],
  compare: { tags: comparators.unordered },
});
/** The VLAN model; VLANs are written after the sites they belong to. */
export const vlan = defineModel<Vlan>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name'], dependsOn: ['site'] });

/** Every model of the example, keyed by name. */
export const models = {
  /** Sites. */
  site,
  /** Devices. */
  device,
  /** Interfaces. */
  interface: iface,
  /** VLANs. */
  vlan,
};

/** The example's model map. */
export type ExampleModels = typeof models;

/** The records of one side as stored in a JSON file: one list per model, children lists left out. */
export interface ExampleData {
  /** Sites. */
  site: Omit<Site, 'devices'>[];
  /** Devices. */
  device: Omit<Device, 'interfaces'>[];
  /** Interfaces. */
  interface: Interface[];
  /** VLANs. */
  vlan: Vlan[];
}
