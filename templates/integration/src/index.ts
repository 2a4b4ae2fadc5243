// Public entry of __package__: models, client, adapters, parameters and jobs.
export { create__Name__Adapter, __Name__Adapter } from './adapter.js';
export { __Name__Client } from './client.js';
export type { __Name__Record } from './client.js';
export { create__Name__FileAdapter, __Name__FileAdapter } from './file-adapter.js';
export type { __Name__FileAdapterOptions } from './file-adapter.js';
export { jobs } from './jobs.js';
export { modelNames, models } from './models.js';
export type { __Name__Data, __Name__ModelName, __Name__Models } from './models.js';
export type { __Name__AdapterOptions } from './options.js';
export { __name_camel__Parameters } from './parameters.js';
export type { __Name__Parameters } from './parameters.js';
