// A small but complete inventory (every model, parents and children) for the package's tests.
import type { InventoryData } from '../inventory-data.js';

export function sampleInventory(sites = 4, devicesPerSite = 2, interfacesPerDevice = 3): InventoryData {
  const data: InventoryData = {
    region: [
      { name: 'emea', parent: null, description: 'Europe', sort_order: 1, tags: [] },
      { name: 'west-eu', parent: 'emea', description: 'Western Europe', sort_order: 2, tags: ['eu'] },
    ],
    site: [],
    device: [],
    interface: [],
    vlan: [],
    prefix: [],
    ip_address: [],
  };
  for (let s = 0; s < sites; s++) {
    const site = `site${s}`;
    data.site.push({ name: site, region: 'west-eu', status: 'active', asn: 65000 + s, facility: null, time_zone: 'Europe/Amsterdam', tags: [] });
    data.vlan.push({ site, vid: 10, name: 'mgmt', status: 'active', description: null, tags: [] });
    data.prefix?.push({ prefix: `10.${s}.0.0/24`, site, vlan: `${site}__10`, status: 'active', description: null, tags: [] });
    for (let d = 0; d < devicesPerSite; d++) {
      const device = `${site}-sw${d}`;
      data.device.push({ name: device, site, role: 'access', platform: 'eos', serial: `SN${s}${d}`, asset_tag: null, tags: [] });
      for (let i = 0; i < interfacesPerDevice; i++) {
        data.interface.push({ device, name: `Ethernet${i + 1}`, type: '1000base-t', enabled: true, mtu: 1500, description: null, tags: [] });
      }
      data.ip_address?.push({ address: `10.${s}.0.${d + 1}/24`, interface: `${device}__Ethernet1`, status: 'active', dns_name: `${device}.example.net`, tags: [] });
    }
  }
  return data;
}
