// Public entry of @ssot/integration-zz-tmp: models, client, adapters, parameters and jobs.
export { createZzTmpAdapter, ZzTmpAdapter } from './adapter.js';
export { ZzTmpClient } from './client.js';
export type { ZzTmpRecord } from './client.js';
export { createZzTmpFileAdapter, ZzTmpFileAdapter } from './file-adapter.js';
export type { ZzTmpFileAdapterOptions } from './file-adapter.js';
export { jobs } from './jobs.js';
export { fileToZzTmp } from './jobs/file-to-zz-tmp.js';
export { zzTmpToFile } from './jobs/zz-tmp-to-file.js';
export { device, modelNames, models, site } from './models.js';
export type { Device, Site, ZzTmpData, ZzTmpModelName, ZzTmpModels } from './models.js';
export type { ZzTmpAdapterOptions } from './options.js';
export { zzTmpParameters } from './parameters.js';
export type { ZzTmpParameters } from './parameters.js';
