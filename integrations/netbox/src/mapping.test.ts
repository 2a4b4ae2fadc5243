// Unit tests of the pure NetBox <-> inventory mapping and of the client's page-size handling.
import { afterEach, describe, expect, it } from 'vitest';
import { startNetboxServer, type NetboxTestServer } from './__fixtures__/netbox-server.js';
import { seedNetbox } from './__fixtures__/seed.js';
import { NetboxClient } from './client.js';
import {
  deviceFromNetbox,
  deviceToNetbox,
  interfaceFromNetbox,
  interfaceToNetbox,
  ipAddressFromNetbox,
  prefixFromNetbox,
  prefixToNetbox,
  regionFromNetbox,
  siteFromNetbox,
  siteToNetbox,
  slugify,
  UnresolvedReferenceError,
  vlanFromNetbox,
} from './mapping.js';
import type { NbDevice, NbInterface, NbIpAddress, NbPrefix, NbRegion, NbSite, NbVlan } from './models.js';

const brief = (id: number, name: string): { id: number; url: string; display: string; name: string; slug: string } => ({ id, url: `http://nb/api/x/${id}/`, display: name, name, slug: slugify(name) });
const tag = (id: number, name: string): { id: number; url: string; display: string; name: string; slug: string; color: string } => ({ ...brief(id, name), color: 'ff0000' });
const status = (value: string): { value: string; label: string } => ({ value, label: value });

describe('NetBox -> inventory', () => {
  it('maps regions, sites (lowest ASN), devices (3.x device_role too), interfaces, VLANs', () => {
    const region: NbRegion = { id: 1, url: '', display: 'emea-1', name: 'emea-1', slug: 'emea-1', parent: brief(2, 'emea'), description: 'd', tags: [tag(2, 'b'), tag(1, 'a')], custom_fields: { order: 3 } };
    expect(regionFromNetbox(region)).toEqual({ name: 'emea-1', parent: 'emea', description: 'd', sort_order: 0, tags: ['a', 'b'] });
    expect(regionFromNetbox(region, { regionSortOrderField: 'order' }).sort_order).toBe(3);

    const site: NbSite = { id: 3, url: '', display: 's', name: 's', slug: 's', status: status('planned'), region: brief(1, 'emea-1'), facility: '', time_zone: null, asns: [{ id: 9, url: '', display: 'AS65002', asn: 65002 }, { id: 8, url: '', display: 'AS65001', asn: 65001 }] };
    expect(siteFromNetbox(site)).toEqual({ name: 's', region: 'emea-1', status: 'planned', asn: 65001, facility: null, time_zone: '', tags: [] });
    expect(siteFromNetbox({ ...site, region: null })).toBeUndefined();

    const device: NbDevice = { id: 4, url: '', display: 'd1', name: 'd1', site: brief(3, 's'), device_role: brief(5, 'Core Router'), platform: null, device_type: brief(6, 'generic'), serial: '', asset_tag: null, status: status('active') };
    expect(deviceFromNetbox(device)).toEqual({ name: 'd1', site: 's', role: 'core-router', platform: '', serial: '', asset_tag: null, tags: [] });
    expect(deviceFromNetbox({ ...device, name: null })).toBeUndefined();

    const iface: NbInterface = { id: 7, url: '', display: 'e1', device: brief(4, 'd1'), name: 'e1', type: { value: '1000base-t', label: '1000BASE-T (1GE)' }, enabled: false, mtu: null, description: '' };
    expect(interfaceFromNetbox(iface)).toEqual({ device: 'd1', name: 'e1', type: '1000base-t', enabled: false, mtu: 0, description: null, tags: [] });

    const vlan: NbVlan = { id: 8, url: '', display: 'v', site: null, vid: 10, name: 'v', status: status('active'), description: '' };
    expect(vlanFromNetbox(vlan)).toBeUndefined();
  });

  it('maps prefixes (scope or site) and IP addresses (interfaces only)', () => {
    const prefix: NbPrefix = { id: 1, url: '', display: '', prefix: '10.0.0.0/24', scope_type: 'dcim.site', scope_id: 3, scope: brief(3, 's'), vlan: { id: 8, url: '', display: '', vid: 10, name: 'v' }, status: status('active'), description: '' };
    expect(prefixFromNetbox(prefix, (id) => (id === 8 ? 's__10' : null))).toEqual({ prefix: '10.0.0.0/24', site: 's', vlan: 's__10', status: 'active', description: null, tags: [] });
    expect(prefixFromNetbox({ ...prefix, scope_type: undefined, scope: undefined, site: brief(4, 'old') }, () => null).site).toBe('old');

    const address: NbIpAddress = { id: 2, url: '', display: '', address: '10.0.0.1/24', assigned_object_type: 'dcim.interface', assigned_object_id: 7, assigned_object: { id: 7, url: '', display: 'e1', name: 'e1', device: brief(4, 'd1') }, status: status('active'), dns_name: '' };
    expect(ipAddressFromNetbox(address, (device, name) => `${device}__${name}`)).toEqual({ address: '10.0.0.1/24', interface: 'd1__e1', status: 'active', dns_name: null, tags: [] });
    expect(ipAddressFromNetbox({ ...address, assigned_object_type: 'virtualization.vminterface' }, () => 'x').interface).toBeNull();
  });
});

describe('inventory -> NetBox', () => {
  const ids: Record<string, number> = { 'site:s': 12, 'region:r': 3, 'role:core': 4, 'platform:eos': 5, 'deviceType:generic': 6, 'asn:65001': 7, 'vlan:s__10': 8, 'device:d1': 9 };
  const resolve = (kind: string, key: string | number): number | undefined => ids[`${kind}:${String(key)}`];

  it('writes relations as ids, choices as values and tags as names', () => {
    expect(siteToNetbox({ name: 'S 1', region: 'r', status: 'active', asn: 65001, facility: null, time_zone: '', tags: ['x'] }, resolve)).toEqual({
      name: 'S 1',
      slug: 's-1',
      region: 3,
      status: 'active',
      asns: [7],
      facility: '',
      time_zone: null,
      tags: [{ name: 'x' }],
    });
    expect(deviceToNetbox({ name: 'd', site: 's', role: 'core', platform: '', serial: 'x', asset_tag: null, tags: [] }, resolve, 'generic')).toMatchObject({ site: 12, role: 4, platform: null, device_type: 6, status: 'active' });
    expect(interfaceToNetbox({ mtu: 0, description: null }, resolve)).toEqual({ mtu: null, description: '' });
    expect(prefixToNetbox({ site: 's', vlan: 's__10' }, resolve)).toEqual({ scope_type: 'dcim.site', scope_id: 12, vlan: 8 });
    expect(prefixToNetbox({ site: 's' }, resolve, { prefixSiteField: 'site' })).toEqual({ site: 12 });
  });

  it('names the field of an unresolved reference', () => {
    expect(() => deviceToNetbox({ site: 'nowhere' }, resolve)).toThrow(UnresolvedReferenceError);
    expect(() => deviceToNetbox({ site: 'nowhere' }, resolve)).toThrow('field "site": site "nowhere" does not exist in NetBox');
  });
});

describe('client pages', () => {
  let server: NetboxTestServer | undefined;
  afterEach(async () => server?.stop());

  it('follows the server cap on page size and reports progress', async () => {
    server = await startNetboxServer({ maxPageSize: 1000 });
    seedNetbox(server, { interfaces: 2500 });
    const client = new NetboxClient({ url: `${server.url}/`, token: server.token, pageSize: 5000 });
    const seen: Array<[number, number | undefined]> = [];
    try {
      const all = await client.list('interface', { onPage: (received, total) => seen.push([received, total]) });
      expect(all).toHaveLength(2500);
      expect(new Set(all.map((row) => (row as { id: number }).id)).size).toBe(2500);
      expect(server.requests('GET', 'dcim/interfaces/').map((entry) => entry.query['offset'] ?? '0').sort()).toEqual(['0', '1000', '2000']);
      expect(seen.at(-1)).toEqual([2500, 2500]);
      const page = (await client.http.get('dcim/interfaces/', { query: { limit: 1000, offset: 1000 } })) as { count: number; next: string | null; previous: string | null };
      expect(page).toMatchObject({ count: 2500, next: `${server.url}/api/dcim/interfaces/?limit=1000&offset=2000`, previous: `${server.url}/api/dcim/interfaces/?limit=1000` });
      const filtered = await client.list<{ name: string }>('site', { query: { name: 'site-00001' } });
      expect(filtered.map((site) => site.name)).toEqual(['site-00001']);
    } finally {
      client.close();
    }
  });
});
