// A seeded NetBox data generator: lookups, regions, sites, devices, N interfaces, VLANs, prefixes and IP addresses.
import type { NetboxTestServer } from './netbox-server.js';

/** Options of {@link seedNetbox}. */
export interface SeedOptions {
  /** Interfaces to create. */
  interfaces: number;
  /** Interfaces per device. Default 48. */
  interfacesPerDevice?: number;
  /** Devices per site. Default 20. */
  devicesPerSite?: number;
  /** VLANs per site. Default 4. */
  vlansPerSite?: number;
  /** Random seed. Default 1. */
  seed?: number;
}

/** What {@link seedNetbox} created. */
export interface SeedSummary {
  /** Region count (parents and children). */
  regions: number;
  /** Site count. */
  sites: number;
  /** Device count. */
  devices: number;
  /** Interface count. */
  interfaces: number;
  /** VLAN count. */
  vlans: number;
  /** Prefix count. */
  prefixes: number;
  /** IP address count. */
  ipAddresses: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

/**
 * Fills a test server with a realistic NetBox: 4 parent regions with 3 child regions each, sites in
 * the child regions, devices with role, platform and device type, `interfaces` interfaces, VLANs,
 * a prefix per VLAN and an IP address on each device's first interface.
 *
 * @param server - the server
 * @param options - sizes and seed
 * @returns the counts
 */
export function seedNetbox(server: NetboxTestServer, options: SeedOptions): SeedSummary {
  const random = mulberry32(options.seed ?? 1);
  const perDevice = options.interfacesPerDevice ?? 48;
  const perSite = options.devicesPerSite ?? 20;
  const vlansPerSite = options.vlansPerSite ?? 4;
  const tags = ['uplink', 'transit', 'ixp', 'mgmt', 'access'].map((name) => server.insert('tag', { name, slug: name, color: '2196f3' }));
  const roles = ['core', 'edge', 'access', 'leaf', 'spine'].map((slug) => server.insert('role', { name: slug.toUpperCase(), slug }));
  const platforms = ['eos', 'junos', 'iosxr', 'nxos'].map((slug) => server.insert('platform', { name: slug, slug }));
  const manufacturer = server.insert('manufacturer', { name: 'Generic', slug: 'generic' });
  const deviceType = server.insert('deviceType', { manufacturer, model: 'generic', slug: 'generic' });
  const rir = server.insert('rir', { name: 'private', slug: 'private', is_private: true });
  const childRegions: number[] = [];
  let regions = 0;
  for (const parent of ['emea', 'amer', 'apac', 'latam']) {
    const parentId = server.insert('region', { name: parent, slug: parent, parent: null, description: `${parent} region` });
    regions += 1;
    for (let i = 1; i <= 3; i++) {
      childRegions.push(server.insert('region', { name: `${parent}-${i}`, slug: `${parent}-${i}`, parent: parentId, description: '', tags: [tags[3] as number] }));
      regions += 1;
    }
  }
  const deviceCount = Math.ceil(options.interfaces / perDevice);
  const siteCount = Math.max(1, Math.ceil(deviceCount / perSite));
  const types = ['1000base-t', '10gbase-x-sfpp', '25gbase-x-sfp28', '100gbase-x-qsfp28', 'virtual'];
  const zones = ['Europe/Amsterdam', 'America/New_York', 'Asia/Singapore', 'America/Sao_Paulo'];
  let interfaces = 0;
  let vlans = 0;
  let prefixes = 0;
  let addresses = 0;
  for (let s = 0; s < siteCount; s++) {
    const siteName = `site-${String(s).padStart(5, '0')}`;
    const asn = server.insert('asn', { asn: 64512 + s, rir });
    const regionIndex = s % childRegions.length;
    const site = server.insert('site', {
      name: siteName,
      slug: siteName,
      status: random() < 0.9 ? 'active' : 'planned',
      region: childRegions[regionIndex],
      facility: random() < 0.5 ? `DC${s}` : '',
      time_zone: zones[Math.floor(regionIndex / 3)] ?? 'UTC',
      asns: [asn],
    });
    const vlanIds: number[] = [];
    for (let v = 1; v <= vlansPerSite; v++) {
      const vid = v * 10;
      vlanIds.push(server.insert('vlan', { site, vid, name: `vlan${vid}`, status: 'active', description: v === 1 ? 'management' : '' }));
      vlans += 1;
      server.insert('prefix', { prefix: `10.${Math.floor(s / 256) % 256}.${s % 256}.${v * 16}/28`, scope_type: 'dcim.site', scope_id: site, site, vlan: vlanIds[vlanIds.length - 1], status: 'active' });
      prefixes += 1;
    }
    for (let d = 0; d < perSite; d++) {
      const index = s * perSite + d;
      if (index >= deviceCount) break;
      const name = `${siteName}-dev${String(d).padStart(2, '0')}`;
      const device = server.insert('device', {
        name,
        site,
        role: pick(random, roles),
        platform: random() < 0.95 ? pick(random, platforms) : null,
        device_type: deviceType,
        serial: `SN${String(index).padStart(8, '0')}`,
        asset_tag: random() < 0.3 ? `AT${index}` : null,
        status: 'active',
        tags: random() < 0.2 ? [tags[3] as number] : [],
      });
      const count = Math.min(perDevice, options.interfaces - interfaces);
      let first: number | undefined;
      for (let i = 0; i < count; i++) {
        const id = server.insert('interface', {
          device,
          name: i === count - 1 && count > 1 ? 'mgmt0' : `Ethernet${Math.floor(i / 4) + 1}/${(i % 4) + 1}`,
          type: pick(random, types),
          enabled: random() < 0.85,
          mtu: random() < 0.7 ? pick(random, [1500, 9000, 9214]) : null,
          description: random() < 0.3 ? `to ${siteName}-peer${i}` : '',
          tags: random() < 0.25 ? [pick(random, tags)] : [],
        });
        first ??= id;
        interfaces += 1;
      }
      if (first !== undefined) {
        server.insert('ip_address', {
          address: `10.${128 + (Math.floor(index / 65536) % 128)}.${Math.floor(index / 256) % 256}.${index % 256}/32`,
          assigned_object_type: 'dcim.interface',
          assigned_object_id: first,
          status: 'active',
          dns_name: `${name}.example.net`,
        });
        addresses += 1;
      }
    }
  }
  return { regions, sites: siteCount, devices: deviceCount, interfaces, vlans, prefixes, ipAddresses: addresses };
}
