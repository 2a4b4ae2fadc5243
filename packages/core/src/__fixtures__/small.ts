// A small site > device > interface tree plus a flat vlan model, for the engine's unit tests.
import { Adapter, type AdapterOptions } from '../adapter.js';
import { defineModel } from '../model.js';

export interface Site {
  name: string;
  status: string;
  devices: string[];
}
export interface Device {
  name: string;
  site: string;
  role: string;
  interfaces: string[];
}
export interface Iface {
  device: string;
  name: string;
  mtu: number;
  tags: string[];
}
export interface Vlan {
  site: string;
  vid: number;
  name: string;
}

export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['status'], children: { device: 'devices' } });
export const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['site', 'role'], children: { interface: 'interfaces' } });
export const iface = defineModel<Iface>()({ name: 'interface', identifiers: ['device', 'name'], shortname: ['name'], attributes: ['mtu', 'tags'] });
export const vlan = defineModel<Vlan>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name'], dependsOn: ['site'] });
export const models = { site, device, interface: iface, vlan };
export type Models = typeof models;

/** Plain data for one side. */
export interface SideData {
  sites?: { name: string; status: string }[];
  devices?: { name: string; site: string; role: string }[];
  interfaces?: Iface[];
  vlans?: Vlan[];
}

/** An adapter holding the given data. */
export function makeAdapter(name: string, data: SideData, options: Partial<AdapterOptions<Models>> = {}): Adapter<Models> {
  const adapter = new Adapter({ name, models, topLevel: ['site', 'vlan'], ...options });
  for (const s of data.sites ?? []) adapter.add('site', { ...s });
  for (const d of data.devices ?? []) adapter.addChild('site', d.site, 'device', { ...d });
  for (const i of data.interfaces ?? []) adapter.addChild('device', i.device, 'interface', { ...i, tags: [...i.tags] });
  for (const v of data.vlans ?? []) adapter.add('vlan', { ...v });
  return adapter;
}

export const baseData: SideData = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'fra1', status: 'active' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'access' },
    { name: 'fra1-sw1', site: 'fra1', role: 'access' },
  ],
  interfaces: [
    { device: 'ams1-sw1', name: 'eth1', mtu: 1500, tags: [] },
    { device: 'ams1-sw1', name: 'eth2', mtu: 1500, tags: ['uplink'] },
    { device: 'fra1-sw1', name: 'eth1', mtu: 9000, tags: [] },
  ],
  vlans: [{ site: 'ams1', vid: 10, name: 'mgmt' }],
};

/** The source side most diff tests compare with {@link baseData}: ams1-sw1 changes, fra1 goes, ber1 comes, eth3 and a VLAN are new. */
export const changedData: SideData = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'ber1', status: 'planned' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'core' },
    { name: 'ber1-sw1', site: 'ber1', role: 'access' },
  ],
  interfaces: [
    { device: 'ams1-sw1', name: 'eth1', mtu: 9000, tags: [] },
    { device: 'ams1-sw1', name: 'eth3', mtu: 1500, tags: [] },
    { device: 'ber1-sw1', name: 'eth1', mtu: 1500, tags: [] },
  ],
  vlans: [{ site: 'ams1', vid: 10, name: 'mgmt' }],
};
