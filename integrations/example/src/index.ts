// Public entry of @ssot/integration-example: models, adapter, options and jobs.
export { createExampleAdapter, ExampleAdapter } from './adapter.js';
export { exampleInventoryToController, exampleParameters, jobs } from './jobs.js';
export { device, iface, models, site, vlan } from './models.js';
export type { Device, ExampleData, ExampleModels, Interface, Site, Vlan } from './models.js';
export type { ExampleAdapterOptions } from './options.js';
