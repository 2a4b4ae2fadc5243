// A deterministic synthetic inventory of any size for the YAML benchmark: valid records of every model, with the scalars that trip YAML 1.1 readers.
import type { RecordsByModel } from '../src/serialize.js';

// mulberry32: a small seeded generator, so that the same size and seed always give the same file.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLATFORMS = [
  ['eos', (slot: number, port: number) => `Ethernet${slot}/${port}`],
  ['junos', (slot: number, port: number) => `xe-${slot - 1}/0/${port}`],
  ['ios_xe', (slot: number, port: number) => `GigabitEthernet${slot}/0/${port}`],
] as const;
const ROLES = ['core', 'edge', 'access', 'leaf', 'spine'];
const TAGS = ['pop', 'ixp', 'legacy', 'yes', 'no', 'on', 'off', 'pci', '0755', '2024-01-01'];
const DESCRIPTIONS = ['uplink to core', 'no', 'on', 'off', 'to 10.0.0.1', '2024-01-01 maintenance', 'Ethernet1/1 peer', 'customer: ACME', '1.10'];
const STATUSES = ['active', 'planned', 'reserved', 'deprecated'];

/**
 * An inventory of exactly `records` records: 33 regions, then sites, devices, VLANs, prefixes and
 * IP addresses in fixed proportions, and interfaces for the rest (about 89% of the records). Every
 * reference names a record that is there, so the whole inventory loads without errors.
 *
 * @param records - the number of records (at least 1,000)
 * @param seed - the seed
 * @returns the records per model
 */
export function benchInventory(records: number, seed = 1): RecordsByModel {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tags = (): string[] => TAGS.filter(() => next() < 0.15);
  const region = [
    ...['emea', 'amer', 'apac'].map((name, i) => ({ name, parent: null, description: `${name.toUpperCase()} theatre`, sort_order: i * 100, tags: [] })),
    ...Array.from({ length: 30 }, (_, i) => ({ name: `${['emea', 'amer', 'apac'][i % 3]}-r${String(i + 1).padStart(2, '0')}`, parent: ['emea', 'amer', 'apac'][i % 3], description: `region ${i + 1}`, sort_order: i + 1, tags: tags() })),
  ];
  const counts = { site: Math.max(1, Math.round(records * 0.005)), device: Math.round(records * 0.04), vlan: Math.round(records * 0.02), prefix: Math.round(records * 0.01), ip_address: Math.round(records * 0.03) };
  const interfaceCount = records - region.length - counts.site - counts.device - counts.vlan - counts.prefix - counts.ip_address;
  if (interfaceCount < counts.device) throw new Error(`benchInventory: ${records} records is too few (at least 1,000)`);
  const site = Array.from({ length: counts.site }, (_, i) => ({
    name: `site${String(i + 1).padStart(5, '0')}`,
    region: (region[3 + (i % 30)] as { name: string }).name,
    status: pick(STATUSES),
    asn: 64512 + (i % 1000),
    facility: next() < 0.3 ? null : `DC-${String(i % 97).padStart(3, '0')}`,
    time_zone: pick(['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Etc/GMT+1']),
    tags: tags(),
  }));
  const device = Array.from({ length: counts.device }, (_, i) => {
    const [platform] = PLATFORMS[i % PLATFORMS.length] as (typeof PLATFORMS)[number];
    return {
      name: `${(site[i % site.length] as { name: string }).name}-${pick(ROLES)}${i}`,
      site: (site[i % site.length] as { name: string }).name,
      role: pick(ROLES),
      platform,
      serial: `SN${Math.floor(next() * 0xffffffff).toString(16).toUpperCase()}`,
      asset_tag: next() < 0.5 ? null : String(Math.floor(next() * 1000000)).padStart(6, '0'),
      tags: tags(),
    };
  });
  const interfaces: { device: string; name: string; type: string; enabled: boolean; mtu: number; description: string | null; tags: string[] }[] = [];
  for (let i = 0; i < interfaceCount; i++) {
    const d = i % device.length;
    const port = Math.floor(i / device.length);
    const name = (PLATFORMS[d % PLATFORMS.length] as (typeof PLATFORMS)[number])[1](1 + Math.floor(port / 48), 1 + (port % 48));
    interfaces.push({ device: (device[d] as { name: string }).name, name, type: pick(['1000base-t', '10gbase-x-sfpp', '100gbase-x-qsfp28', 'virtual']), enabled: next() < 0.8, mtu: pick([1500, 1514, 9000, 9214]), description: next() < 0.5 ? null : pick(DESCRIPTIONS), tags: tags() });
  }
  const vlan = Array.from({ length: counts.vlan }, (_, i) => ({
    site: (site[i % site.length] as { name: string }).name,
    vid: 2 + Math.floor(i / site.length),
    name: `vlan${2 + Math.floor(i / site.length)}`,
    status: pick(STATUSES),
    description: next() < 0.5 ? null : pick(DESCRIPTIONS),
    tags: tags(),
  }));
  const prefix = Array.from({ length: counts.prefix }, (_, i) => {
    const v = vlan[i % vlan.length] as { site: string; vid: number };
    return { prefix: `10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`, site: v.site, vlan: `${v.site}__${v.vid}`, status: pick(STATUSES), description: next() < 0.7 ? null : pick(DESCRIPTIONS), tags: tags() };
  });
  const ip_address = Array.from({ length: counts.ip_address }, (_, i) => {
    const target = interfaces[(i * 7919) % interfaces.length] as { device: string; name: string };
    return { address: `172.${16 + (Math.floor(i / 65536) % 16)}.${Math.floor(i / 256) % 256}.${i % 256}/32`, interface: `${target.device}__${target.name}`, status: pick(STATUSES), dns_name: next() < 0.5 ? null : `host${i}.example.net`, tags: tags() };
  });
  return { region, site, device, interface: interfaces, vlan, prefix, ip_address };
}
