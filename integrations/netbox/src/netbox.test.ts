// Tests of the NetBox adapter and client against the NetBox-compatible test server.
import { Adapter } from '@ssot/core';
import { addInventoryData, createInventoryAdapter, inventoryModels, inventoryTopLevel, type InventoryModels } from '@ssot/inventory';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleInventory } from './__fixtures__/inventory-sample.js';
import { startNetboxServer, type NetboxServerOptions, type NetboxTestServer } from './__fixtures__/netbox-server.js';
import { seedNetbox } from './__fixtures__/seed.js';
import { createNetboxAdapter, type NetboxAdapter } from './adapter.js';
import { NetboxClient } from './client.js';
import { NetboxError } from './errors.js';
import type { NetboxAdapterOptions } from './options.js';

const servers: NetboxTestServer[] = [];
const adapters: NetboxAdapter[] = [];

async function server(options: NetboxServerOptions = {}): Promise<NetboxTestServer> {
  const started = await startNetboxServer(options);
  servers.push(started);
  return started;
}

function netbox(nb: NetboxTestServer, options: Partial<NetboxAdapterOptions> = {}): NetboxAdapter {
  const adapter = createNetboxAdapter({ url: nb.url, token: nb.token, pageSize: 50, concurrency: 8, ...options });
  adapters.push(adapter);
  return adapter;
}

function inventory(data = sampleInventory()): Adapter<InventoryModels> {
  const adapter = createInventoryAdapter('inventory');
  addInventoryData(adapter, data);
  return adapter;
}

afterEach(async () => {
  for (const adapter of adapters.splice(0)) adapter.client.close();
  for (const nb of servers.splice(0)) await nb.stop();
});

describe('loading', () => {
  it('loads every collection with all pages in parallel and correlates in memory', async () => {
    const nb = await server({ latencyMs: 5 });
    const seeded = seedNetbox(nb, { interfaces: 1000, interfacesPerDevice: 20, devicesPerSite: 5 });
    const progress: string[] = [];
    const adapter = netbox(nb, { onProgress: (p) => progress.push(`${p.model}:${p.current}/${p.total}`) });
    await adapter.load();

    expect(adapter.count('interface')).toBe(1000);
    expect(adapter.count('device')).toBe(seeded.devices);
    expect(adapter.count('site')).toBe(seeded.sites);
    expect(adapter.count('region')).toBe(seeded.regions);
    expect(adapter.count('vlan')).toBe(seeded.vlans);
    expect(adapter.count('prefix')).toBe(seeded.prefixes);
    expect(adapter.count('ip_address')).toBe(seeded.ipAddresses);
    expect(adapter.skipped).toEqual([]);

    // 1000 interfaces at 50 per page: 20 page requests, every offset once.
    const pages = nb.requests('GET', 'dcim/interfaces/');
    expect(pages).toHaveLength(20);
    expect(new Set(pages.map((page) => page.query['offset'] ?? '0')).size).toBe(20);
    expect(pages.every((page) => page.query['limit'] === '50')).toBe(true);
    expect(nb.maxInFlight).toBeGreaterThan(1);
    for (const endpoint of ['dcim/regions/', 'dcim/sites/', 'dcim/devices/', 'ipam/vlans/', 'ipam/prefixes/', 'ipam/ip-addresses/', 'dcim/device-roles/', 'dcim/platforms/', 'dcim/device-types/', 'extras/tags/', 'ipam/asns/']) {
      expect(nb.requests('GET', endpoint).length, endpoint).toBeGreaterThan(0);
    }
    expect(progress).toContain('interface:1000/1000');

    // Correlation: parents hold their children, references carry inventory ids.
    const site = adapter.get('site', 'site-00000');
    expect(site.region).toBe('emea-1');
    expect(site.asn).toBe(64512);
    expect(adapter.get('region', 'emea-1').sites).toContain('site-00000');
    expect(adapter.get('region', 'emea-1').parent).toBe('emea');
    const device = adapter.get('device', 'site-00000-dev00');
    expect(site.devices).toContain('site-00000-dev00');
    expect(device.interfaces).toHaveLength(20);
    expect(['core', 'edge', 'access', 'leaf', 'spine']).toContain(device.role);
    const iface = adapter.get('interface', device.interfaces[0] as string);
    expect(iface.device).toBe('site-00000-dev00');
    const address = adapter.getAll('ip_address')[0];
    expect(address?.interface).toBe(device.interfaces[0]);
    expect(address?.dns_name).toBe('site-00000-dev00.example.net');
    const prefix = adapter.getAll('prefix')[0];
    expect(prefix?.site).toBe('site-00000');
    expect(prefix?.vlan).toBe('site-00000__10');
  });

  it('skips what the inventory cannot hold: sites without region, a repeated device name and its interfaces', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 4, interfacesPerDevice: 2, devicesPerSite: 1 });
    const lonely = nb.insert('site', { name: 'lonely', slug: 'lonely', region: null });
    const siteB = nb.idOf('site', 'name', 'site-00001') as number;
    const twin = nb.insert('device', { name: 'site-00000-dev00', site: siteB, role: nb.rows('role')[0]?.id, device_type: nb.rows('deviceType')[0]?.id });
    nb.insert('interface', { device: twin, name: 'twin0', type: 'virtual' });
    nb.insert('device', { name: 'at-lonely', site: lonely, role: nb.rows('role')[0]?.id, device_type: nb.rows('deviceType')[0]?.id });
    const adapter = netbox(nb);
    await adapter.load();
    expect(adapter.has('site', 'lonely')).toBe(false);
    expect(adapter.has('device', 'at-lonely')).toBe(false);
    expect(adapter.get('device', 'site-00000-dev00').site).toBe('site-00000');
    expect(adapter.get('device', 'site-00000-dev00').interfaces).toHaveLength(2);
    expect(adapter.has('interface', 'site-00000-dev00__twin0')).toBe(false);
    expect(adapter.skipped.map((entry) => entry.model).sort()).toEqual(['device', 'device', 'interface', 'site']);
  });

  it('reads NetBox 4.0/4.1 prefixes (site instead of scope)', async () => {
    const nb = await server({ prefixMode: 'site' });
    seedNetbox(nb, { interfaces: 10 });
    const adapter = netbox(nb);
    await adapter.load();
    expect(adapter.getAll('prefix')[0]?.site).toBe('site-00000');
  });

  it('waits for Retry-After on 429 and goes on', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 100 });
    nb.injectFault({ method: 'GET', endpoint: 'dcim/sites/', status: 429, retryAfter: 1, times: 1 });
    const adapter = netbox(nb);
    const started = performance.now();
    await adapter.load();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(nb.requests('GET', 'dcim/sites/').map((entry) => entry.status)).toEqual([429, 200]);
    expect(adapter.count('site')).toBe(1);
    expect(adapter.client.metrics().retries).toBe(1);
  });

  it('sends the token as "Authorization: Token <token>" and never puts it in errors', async () => {
    const nb = await server();
    const adapter = netbox(nb, { token: 'wrong-token-0123456789-secret' });
    const error = await adapter.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
    expect(text).toContain('403');
    expect(text).not.toContain('wrong-token-0123456789-secret');
    expect(nb.log[0]?.authorization).toBe('Token wrong-token-0123456789-secret');
  });
});

describe('bulk writes', () => {
  it('creates, updates and deletes through list payloads, one request per batch', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 1, interfacesPerDevice: 1 });
    const target = netbox(nb, { writeBatchSize: 100 });
    await target.load();
    const source = new Adapter<InventoryModels>({ name: 'inventory', models: inventoryModels, topLevel: inventoryTopLevel });
    source.loadJSON(target.toJSON());
    for (let i = 0; i < 250; i++) {
      source.addChild('device', 'site-00000-dev00', 'interface', { device: 'site-00000-dev00', name: `eth${i}`, type: '1000base-t', enabled: true, mtu: 1500, description: null, tags: ['bulk'] });
    }
    nb.resetStats();
    let result = await target.syncFrom(source, { batchSize: 1000 });
    expect(result.counts.create.success).toBe(250);
    const posts = nb.requests('POST', 'dcim/interfaces/');
    expect(posts.map((entry) => entry.items)).toEqual([100, 100, 50]);
    expect(nb.requests('POST', 'extras/tags/')).toHaveLength(1);
    expect(nb.rows('interface')).toHaveLength(251);

    for (const record of source.getAll('interface')) if (record.name.startsWith('eth')) source.update('interface', { ...record, mtu: 9000, description: 'changed' });
    nb.resetStats();
    result = await target.syncFrom(source, { batchSize: 1000 });
    expect(result.counts.update.success).toBe(250);
    expect(nb.requests('PATCH', 'dcim/interfaces/').map((entry) => entry.items)).toEqual([100, 100, 50]);
    expect(nb.rendered('interface').filter((row) => row['mtu'] === 9000)).toHaveLength(250);

    for (const record of source.getAll('interface')) if (record.name.startsWith('eth')) {
      source.removeChild('device', 'site-00000-dev00', 'interface', source.uniqueId('interface', record));
      source.remove('interface', record);
    }
    nb.resetStats();
    result = await target.syncFrom(source, { batchSize: 1000 });
    expect(result.counts.delete.success).toBe(250);
    expect(nb.requests('DELETE', 'dcim/interfaces/').map((entry) => entry.items)).toEqual([100, 100, 50]);
    expect(nb.rows('interface')).toHaveLength(1);
    expect(target.diffFrom(source).summary()).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('creates a whole inventory (parents first, names resolved to ids, lookups created) and then has no changes', async () => {
    const nb = await server();
    const target = netbox(nb);
    await target.load();
    const source = inventory();
    const result = await target.syncFrom(source);
    expect(result.ok, JSON.stringify(result.results.filter((r) => r.status !== 'success'))).toBe(true);
    expect(nb.rows('device')).toHaveLength(4);
    expect(nb.rows('deviceType')).toHaveLength(1);
    expect(nb.rows('asn').map((row) => row['asn']).sort()).toEqual([65101, 65201]);
    const reread = netbox(nb);
    await reread.load();
    expect(reread.diffFrom(source).summary()).toMatchObject({ create: 0, update: 0, delete: 0 });
    const ip = nb.rendered('ip_address').find((row) => row['address'] === '10.1.10.1/24');
    expect(ip?.['assigned_object_type']).toBe('dcim.interface');
    expect((ip?.['assigned_object'] as { name: string }).name).toBe('Ethernet1');
    const prefix = nb.rendered('prefix').find((row) => row['prefix'] === '10.1.10.0/24');
    expect(prefix?.['scope_type']).toBe('dcim.site');
    expect((prefix?.['scope'] as { name: string }).name).toBe('ams1');
  });

  it('reports NetBox validation errors on the failing element only, with the field message', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 1, interfacesPerDevice: 1 });
    const target = netbox(nb, { writeBatchSize: 50 });
    await target.load();
    const source = new Adapter<InventoryModels>({ name: 'inventory', models: inventoryModels, topLevel: inventoryTopLevel });
    source.loadJSON(target.toJSON());
    for (let i = 0; i < 20; i++) {
      source.addChild('device', 'site-00000-dev00', 'interface', { device: 'site-00000-dev00', name: `eth${i}`, type: i === 7 ? 'bogus' : '1000base-t', enabled: true, mtu: i === 12 ? 70000 : 1500, description: null, tags: [] });
    }
    const result = await target.syncFrom(source, { continueOnFailure: true });
    const failures = result.results.filter((r) => r.status === 'failure');
    expect(failures.map((f) => f.uid).sort()).toEqual(['site-00000-dev00__eth12', 'site-00000-dev00__eth7']);
    expect(failures.find((f) => f.uid.endsWith('eth7'))?.message).toContain('type: "bogus" is not a valid choice.');
    expect(failures.find((f) => f.uid.endsWith('eth12'))?.message).toContain('mtu: Ensure this value is less than or equal to 65536.');
    expect(result.counts.create.success).toBe(18);
    expect(nb.rows('interface')).toHaveLength(19);
    // One refused bulk POST, then one POST of the 18 valid objects.
    expect(nb.requests('POST', 'dcim/interfaces/').map((entry) => [entry.status, entry.items])).toEqual([
      [400, 20],
      [201, 18],
    ]);

    // Bulk PATCH names no object: the batch is split until the bad one is found.
    for (const record of source.getAll('interface')) if (record.name.startsWith('eth') && record.name !== 'eth7' && record.name !== 'eth12') {
      source.update('interface', { ...record, description: 'x', type: record.name === 'eth3' ? 'nonsense' : record.type });
    }
    const updated = await target.syncFrom(source, { continueOnFailure: true });
    const bad = updated.results.filter((r) => r.action === 'update' && r.status === 'failure');
    expect(bad.map((r) => r.uid)).toEqual(['site-00000-dev00__eth3']);
    expect(bad[0]?.message).toContain('type: "nonsense" is not a valid choice.');
    expect(updated.counts.update.success).toBe(17);
  });

  it('maps per-object errors of a bulk POST (required fields, unique names) and never leaks the token', async () => {
    const nb = await server();
    const client = new NetboxClient({ url: nb.url, token: nb.token });
    try {
      const outcomes = await client.create('site', [{ name: 'a', slug: 'a' }, { slug: 'b' }, { name: 'a', slug: 'a2' }]);
      expect(outcomes[0]).toMatchObject({ ok: true });
      expect(outcomes[1]).toMatchObject({ ok: false, fields: { name: ['This field is required.'] } });
      expect(outcomes[2]).toMatchObject({ ok: false, message: 'name: site with this name already exists.' });
      expect(JSON.stringify(outcomes)).not.toContain(nb.token);
      expect(nb.rows('site')).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it('records ids of objects created in the same sync so children can reference them', async () => {
    const nb = await server();
    const target = netbox(nb);
    await target.load();
    await target.syncFrom(inventory());
    const siteId = nb.idOf('site', 'name', 'ams1');
    expect(target.ids.site.get('ams1')).toBe(siteId);
    const device = nb.rows('device').find((row) => row['name'] === 'ams1-core1');
    expect(device?.['site']).toBe(siteId);
    const child = nb.rows('region').find((row) => row['name'] === 'emea-west');
    expect(child?.['parent']).toBe(nb.idOf('region', 'name', 'emea'));
  });
});

describe('faults and references', () => {
  it('retries 5xx on reads and counts the retries', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 60 });
    nb.injectFault({ method: 'GET', endpoint: 'dcim/devices/', status: 502, times: 2 });
    const adapter = netbox(nb, { retries: 3 });
    await adapter.load();
    expect(adapter.count('device')).toBe(2);
    expect(nb.requests('GET', 'dcim/devices/').map((entry) => entry.status)).toEqual([502, 502, 200]);
    expect(adapter.client.metrics().retries).toBe(2);
  });

  it('a server error on every batch errors the elements (POST is not retried) and keeps the token out', async () => {
    const nb = await server();
    const adapter = netbox(nb);
    await adapter.load();
    nb.injectFault({ method: 'POST', endpoint: 'dcim/regions/', status: 500, times: 1 });
    const result = await adapter.syncFrom(inventory({ region: [{ name: 'r1', parent: null, description: '', sort_order: 0, tags: [] }], site: [], device: [], interface: [], vlan: [] }));
    expect(result.ok).toBe(false);
    const element = result.results.find((r) => r.model === 'region');
    expect(element?.status).toBe('error');
    expect(element?.error).toBeInstanceOf(NetboxError);
    expect(element?.message).toContain('500');
    expect(JSON.stringify(result.results)).not.toContain(nb.token);
    expect(nb.requests('POST', 'dcim/regions/')).toHaveLength(1);
    expect(JSON.stringify(adapter.options)).not.toContain(nb.token);
  });

  it('a bulk POST whose answer never comes (connection dropped after sending) is unknown, not refused', async () => {
    const nb = await server();
    const adapter = netbox(nb);
    await adapter.load();
    // NetBox applies the write, then the connection drops before the answer.
    nb.injectFault({ method: 'POST', endpoint: 'dcim/regions/', drop: true, times: 1 });
    const regions = [
      { name: 'r1', parent: null, description: '', sort_order: 0, tags: [] },
      { name: 'r2', parent: null, description: '', sort_order: 0, tags: [] },
    ];
    const result = await adapter.syncFrom(inventory({ region: regions, site: [], device: [], interface: [], vlan: [] }));
    expect(result.ok).toBe(false);
    expect(result.counts.create.unknown).toBe(2);
    expect(result.counts.create.failure).toBe(0);
    expect(result.counts.create.error).toBe(0);
    const element = result.results.find((r) => r.model === 'region' && r.uid === 'r1');
    expect(element?.status).toBe('unknown');
    expect(element?.message).toMatch(/no answer|unknown/i);
    expect(JSON.stringify(result.results)).not.toContain(nb.token);
    // Not retried: a second POST could create the regions twice.
    expect(nb.requests('POST', 'dcim/regions/')).toHaveLength(1);
  });

  it('a 502 from a gateway on a bulk PATCH is unknown; a 400 refusal stays a failure', async () => {
    const nb = await server();
    const adapter = netbox(nb);
    await adapter.load();
    expect((await adapter.syncFrom(inventory())).ok).toBe(true);
    const data = sampleInventory();
    (data.region[0] as { description: string }).description = 'changed';
    (data.interface[1] as { type: string }).type = 'bogus';
    nb.injectFault({ method: 'PATCH', endpoint: 'dcim/regions/', status: 502, times: 1 });
    const result = await adapter.syncFrom(inventory(data));
    expect(result.ok).toBe(false);
    expect(result.results.find((r) => r.model === 'region' && r.uid === 'emea')?.status).toBe('unknown');
    expect(result.results.find((r) => r.model === 'interface' && r.uid === 'ams1-core1__Ethernet2')?.status).toBe('failure');
    expect(result.counts.update.unknown).toBe(1);
    expect(result.counts.update.failure).toBe(1);
    expect(nb.requests('PATCH', 'dcim/regions/')).toHaveLength(1);
  });

  it('retries a throttled bulk POST after Retry-After', async () => {
    const nb = await server();
    const adapter = netbox(nb);
    await adapter.load();
    nb.injectFault({ method: 'POST', endpoint: 'dcim/regions/', status: 429, retryAfter: 0, times: 1 });
    const result = await adapter.syncFrom(inventory());
    expect(result.ok).toBe(true);
    expect(nb.requests('POST', 'dcim/regions/').map((entry) => entry.status)).toEqual([429, 201, 201]); // parents, then child regions
    expect(nb.rows('region')).toHaveLength(4);
  });

  it('reports a reference NetBox lacks as a failure naming the field', async () => {
    const nb = await server();
    const adapter = netbox(nb, { createLookups: false });
    await adapter.load();
    const data = sampleInventory();
    for (const list of Object.values(data)) for (const record of list as { tags: string[] }[]) record.tags = [];
    for (const site of data.site) site.asn = 0;
    const result = await adapter.syncFrom(inventory(data), { continueOnFailure: true });
    const device = result.results.find((r) => r.model === 'device' && r.uid === 'ams1-core1');
    expect(device?.status).toBe('failure');
    expect(device?.message).toMatch(/^device "ams1-core1": field "(role|device_type|platform)": /);
    // Its interfaces are skipped, not sent.
    expect(result.results.find((r) => r.uid === 'ams1-core1__Ethernet1')?.status).toBe('skipped');
    expect(nb.requests('POST', 'dcim/interfaces/').every((entry) => entry.items !== 0)).toBe(true);
  });

  it('keeps region sort_order in a custom field when asked', async () => {
    const nb = await server({ customFields: { region: ['sort_order'] } });
    const adapter = netbox(nb, { regionSortOrderField: 'sort_order' });
    await adapter.load();
    const data = sampleInventory();
    (data.region[0] as { sort_order: number }).sort_order = 7;
    await adapter.syncFrom(inventory(data));
    expect(nb.rendered('region').find((row) => row['name'] === 'emea')?.['custom_fields']).toEqual({ sort_order: 7 });
    const reread = netbox(nb, { regionSortOrderField: 'sort_order' });
    await reread.load();
    expect(reread.get('region', 'emea').sort_order).toBe(7);
    expect(reread.diffFrom(inventory(data)).summary()).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('updates changed fields only and reads them back equal', async () => {
    const nb = await server();
    const adapter = netbox(nb);
    await adapter.load();
    const data = sampleInventory();
    await adapter.syncFrom(inventory(data));
    const changed = sampleInventory();
    (changed.site[0] as { asn: number }).asn = 65999;
    (changed.device[0] as { platform: string }).platform = 'nxos';
    (changed.prefix?.[0] as { vlan: string | null }).vlan = null;
    (changed.ip_address?.[0] as { interface: string | null }).interface = 'ams1-core1__Ethernet2';
    nb.resetStats();
    const result = await adapter.syncFrom(inventory(changed));
    expect(result.counts.update.success).toBe(4);
    expect(nb.requests('PATCH', 'dcim/sites/')).toHaveLength(1);
    const reread = netbox(nb);
    await reread.load();
    expect(reread.get('site', 'ams1').asn).toBe(65999);
    expect(reread.get('device', 'ams1-core1').platform).toBe('nxos');
    expect(reread.diffFrom(inventory(changed)).summary()).toMatchObject({ create: 0, update: 0, delete: 0 });
  });
});
