// Public entry of __package__: models, client, adapter, parameters and jobs.
export { create__Name__Adapter, toDevice, toInterface, __Name__Adapter } from './adapter.js';
export { __Name__Client } from './client.js';
export type { __Name__ApiDevice, __Name__ApiInterface } from './client.js';
export { jobs } from './jobs.js';
export { modelNames, models, topLevel } from './models.js';
export type { __Name__ModelName, __Name__Models } from './models.js';
export type { __Name__AdapterOptions } from './options.js';
export { __name_camel__Parameters } from './parameters.js';
export type { __Name__Parameters } from './parameters.js';
export { diffOwned, ownedView } from './scope.js';
