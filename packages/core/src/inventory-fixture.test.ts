import { describe, expect, it } from 'vitest';
import { inventoryAdapter, loadInventory, type InventoryData } from './__fixtures__/inventory.js';

// The benchmark data set's shape (shared/bench/DATASET.md), in miniature.
const data: InventoryData = {
  region: [
    { name: 'amer', parent: null, description: 'Americas', sort_order: 1, tags: [] },
    { name: 'amer-r01', parent: 'amer', description: 'r01', sort_order: 2, tags: ['x'] },
  ],
  site: [{ name: 'site-000001', region: 'amer-r01', status: 'active', asn: 65001, facility: null, time_zone: 'UTC', tags: [] }],
  device: [{ name: 'site-000001-dev001', site: 'site-000001', role: 'access', platform: 'eos', serial: 'S1', asset_tag: null, tags: [] }],
  interface: [
    { device: 'site-000001-dev001', name: 'Ethernet1/1', type: '1000base-t', enabled: true, mtu: 1500, description: null, tags: ['core'] },
    { device: 'site-000001-dev001', name: 'Ethernet1/2', type: '1000base-t', enabled: false, mtu: 1500, description: 'x', tags: [] },
  ],
  vlan: [{ site: 'site-000001', vid: 210, name: 'v210', status: 'active', description: null, tags: [] }],
};

describe('inventory data set loader', () => {
  it('loads every model and correlates children with their parents', () => {
    const adapter = inventoryAdapter('source');
    loadInventory(adapter, structuredClone(data));
    expect({ region: adapter.count('region'), site: adapter.count('site'), device: adapter.count('device'), interface: adapter.count('interface'), vlan: adapter.count('vlan') }).toEqual({
      region: 2,
      site: 1,
      device: 1,
      interface: 2,
      vlan: 1,
    });
    expect(adapter.get('region', 'amer-r01').sites).toEqual(['site-000001']);
    expect(adapter.get('device', 'site-000001-dev001').interfaces).toEqual(['site-000001-dev001__Ethernet1/1', 'site-000001-dev001__Ethernet1/2']);
    expect(adapter.has('vlan', 'site-000001__210')).toBe(true);
  });

  it('finds the one changed interface between two copies', () => {
    const source = inventoryAdapter('source');
    const target = inventoryAdapter('target');
    loadInventory(source, structuredClone(data));
    const changed = structuredClone(data);
    (changed.interface[1] as { mtu: number }).mtu = 9000;
    loadInventory(target, changed);
    const diff = target.diffFrom(source);
    expect(diff.summary()).toEqual({ create: 0, update: 1, delete: 0, noChange: 6, skip: 0 });
  });
});
