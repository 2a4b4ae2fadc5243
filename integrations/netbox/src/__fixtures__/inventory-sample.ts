// A small inventory (every model, cross references included) for the NetBox tests.
import { Adapter, type SyncResult } from '@ssot/core';
import { addInventoryData, inventoryDataOf, inventoryModels, inventoryTopLevel, type InventoryData, type InventoryModels } from '@ssot/inventory';

/** A small inventory: 2 parent regions, 2 child regions, 3 sites, 4 devices, interfaces, VLANs, prefixes and addresses. */
export function sampleInventory(): InventoryData {
  return {
    region: [
      { name: 'emea', parent: null, description: 'Europe', sort_order: 0, tags: [] },
      { name: 'amer', parent: null, description: 'Americas', sort_order: 0, tags: [] },
      { name: 'emea-west', parent: 'emea', description: '', sort_order: 0, tags: ['prod'] },
      { name: 'amer-east', parent: 'amer', description: '', sort_order: 0, tags: [] },
    ],
    site: [
      { name: 'ams1', region: 'emea-west', status: 'active', asn: 65101, facility: 'AM3', time_zone: 'Europe/Amsterdam', tags: ['prod'] },
      { name: 'fra1', region: 'emea-west', status: 'planned', asn: 0, facility: null, time_zone: 'Europe/Berlin', tags: [] },
      { name: 'nyc1', region: 'amer-east', status: 'active', asn: 65201, facility: null, time_zone: 'America/New_York', tags: [] },
    ],
    device: [
      { name: 'ams1-core1', site: 'ams1', role: 'core', platform: 'eos', serial: 'SN-A1', asset_tag: 'AT-1', tags: ['prod'] },
      { name: 'ams1-edge1', site: 'ams1', role: 'edge', platform: 'junos', serial: 'SN-A2', asset_tag: null, tags: [] },
      { name: 'fra1-core1', site: 'fra1', role: 'core', platform: '', serial: '', asset_tag: null, tags: [] },
      { name: 'nyc1-core1', site: 'nyc1', role: 'core', platform: 'eos', serial: 'SN-N1', asset_tag: null, tags: [] },
    ],
    interface: [
      { device: 'ams1-core1', name: 'Ethernet1', type: '10gbase-x-sfpp', enabled: true, mtu: 9214, description: 'uplink', tags: ['uplink'] },
      { device: 'ams1-core1', name: 'Ethernet2', type: '10gbase-x-sfpp', enabled: false, mtu: 0, description: null, tags: [] },
      { device: 'ams1-edge1', name: 'xe-0/0/0', type: '10gbase-x-sfpp', enabled: true, mtu: 1500, description: null, tags: ['ixp', 'transit'] },
      { device: 'fra1-core1', name: 'Ethernet1', type: '1000base-t', enabled: true, mtu: 1500, description: null, tags: [] },
      { device: 'nyc1-core1', name: 'Ethernet1', type: '1000base-t', enabled: true, mtu: 9000, description: null, tags: [] },
    ],
    vlan: [
      { site: 'ams1', vid: 10, name: 'mgmt', status: 'active', description: null, tags: [] },
      { site: 'ams1', vid: 20, name: 'servers', status: 'reserved', description: 'racks 1-4', tags: [] },
      { site: 'nyc1', vid: 10, name: 'mgmt', status: 'active', description: null, tags: [] },
    ],
    prefix: [
      { prefix: '10.1.10.0/24', site: 'ams1', vlan: 'ams1__10', status: 'active', description: null, tags: [] },
      { prefix: '10.0.0.0/8', site: null, vlan: null, status: 'container', description: 'everything', tags: [] },
    ],
    ip_address: [
      { address: '10.1.10.1/24', interface: 'ams1-core1__Ethernet1', status: 'active', dns_name: 'ams1-core1.example.net', tags: [] },
      { address: '10.1.10.2/24', interface: null, status: 'reserved', dns_name: null, tags: [] },
    ],
  };
}

/** An in-memory inventory side for the job factory: each load starts from `state`; a sync writes it back. */
export class MemoryInventory {
  /** The inventory's current data. */
  state: InventoryData;
  /** Description given to the jobs. */
  readonly description = 'memory inventory';

  /**
   * @param state - the starting data
   */
  constructor(state: InventoryData) {
    this.state = state;
  }

  /** Makes and loads an adapter over the current state. */
  async load(): Promise<Adapter<InventoryModels>> {
    const save = (data: InventoryData): void => {
      this.state = structuredClone(data);
    };
    class MemoryInventoryAdapter extends Adapter<InventoryModels> {
      override async syncComplete(_source: Adapter, _result: SyncResult): Promise<void> {
        save(inventoryDataOf(this));
      }
    }
    const adapter = new MemoryInventoryAdapter({ name: 'inventory', models: inventoryModels, topLevel: inventoryTopLevel });
    addInventoryData(adapter, structuredClone(this.state));
    return adapter;
  }
}
