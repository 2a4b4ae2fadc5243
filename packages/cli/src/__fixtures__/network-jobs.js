// A jobs module with a nested tree (device > interface), loaded with --jobs by the CLI tests: diffs with parents.
import { Adapter, defineJob, defineModel } from '@ssot/core';
import { z } from 'zod';

const iface = defineModel()({ name: 'interface', identifiers: ['device', 'name'], shortname: ['name'], attributes: ['mtu'] });
const device = defineModel()({ name: 'device', identifiers: ['name'], attributes: ['role'], children: { interface: 'interfaces' } });
const models = { device, interface: iface };

/** Two core devices with two interfaces each; `mtu` of every Ethernet1 as given. */
function network(name, mtu) {
  const adapter = new Adapter({ name, models, topLevel: ['device'] });
  for (const host of ['ams1-core1', 'ams1-core2']) {
    adapter.add('device', { name: host, role: 'core' });
    for (const port of ['Ethernet1', 'Ethernet2']) adapter.addChild('device', host, 'interface', { device: host, name: port, mtu: port === 'Ethernet1' ? mtu : 1500 });
  }
  return adapter;
}

export const jobs = [
  defineJob({
    name: 'acme-network',
    description: 'Devices and their interfaces, from the lab to the inventory.',
    direction: 'data-source',
    source: 'acme lab',
    target: 'acme inventory',
    parameters: z.object({}),
    loadSource: async () => network('acme lab', 9000),
    loadTarget: async () => network('acme inventory', 1500),
  }),
];
