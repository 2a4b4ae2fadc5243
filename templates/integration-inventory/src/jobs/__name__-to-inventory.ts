// Job __name__-to-inventory: __Name__ (a data source) -> the MongoDB inventory's devices and their interfaces.
import { resolve } from 'node:path';
import { defineJob } from '@ssot/core';
import { loadMongoInventory } from '@ssot/inventory';
import { create__Name__Adapter } from '../adapter.js';
import { __name_camel__Parameters } from '../parameters.js';
import { diffOwned } from '../scope.js';

/** Loads the devices and their interfaces from __Name__ into the MongoDB inventory: a data-source job. */
export const __name_camel__ToInventory = defineJob({
  name: '__name__-to-inventory',
  description: 'Load the devices and their interfaces from the __Name__ API into the MongoDB inventory, with a change log of every write. Regions, sites, VLANs, prefixes and IP addresses are left alone.',
  direction: 'data-source',
  source: '__Name__',
  target: 'MongoDB inventory',
  parameters: __name_camel__Parameters,
  secrets: ['token', 'mongodbUri'],
  dataMappings: [
    { source: 'devices: hostname, site, role, platform, serial_number, asset_tag, tags', target: 'device: name, site, role, platform, serial, asset_tag, tags' },
    { source: 'devices[].interfaces: name, kind, enabled, mtu, description, tags', target: 'interface: device, name, type, enabled, mtu, description, tags' },
  ],
  configInformation: (params) => ({
    API: params.baseUrl,
    MongoDB: params.mongodbUri !== undefined ? 'the given connection string' : process.env.MONGODB_URI ? 'MONGODB_URI' : `embedded test server, data in ${resolve(params.embeddedDataDir)}`,
    Database: params.database,
    Transaction: params.transaction ? 'yes' : 'no',
  }),
  lookupObject: (model, uid, params) => ({ label: `${model} ${uid} in ${params.database}` }),
  async loadSource(context) {
    const adapter = create__Name__Adapter({ baseUrl: context.params.baseUrl, token: context.params.token, signal: context.signal });
    // Whatever happens to the run, the client's sockets are released when it ends.
    context.defer(() => adapter.client.close());
    await adapter.load();
    context.setMetrics('__name__', adapter.client.metrics());
    return adapter;
  },
  loadTarget: (context) => loadMongoInventory(context, { transaction: context.params.transaction }),
  // Only __Name__'s models are compared (see scope.ts): the rest of the inventory is not this job's.
  calculateDiff: (context, source, target) => diffOwned(source, target, context.diffOptions),
});
