// Job file-to-zz-tmp: the JSON file that stands for the source of truth -> ZzTmp (a data target).
import { defineJob } from '@ssot/core';
import { createZzTmpAdapter } from '../adapter.js';
import { createZzTmpFileAdapter } from '../file-adapter.js';
import { zzTmpParameters } from '../parameters.js';

/** Pushes the records of the JSON file to ZzTmp through its API: a data-target job. */
export const fileToZzTmp = defineJob({
  name: 'file-to-zz-tmp',
  description: 'Create, update and delete ZzTmp records so that they match the JSON file.',
  direction: 'data-target',
  source: 'JSON file',
  target: 'ZzTmp',
  parameters: zzTmpParameters,
  secrets: ['token'],
  configInformation: (params) => ({ 'File': params.file, 'API': params.baseUrl }),
  async loadSource(context) {
    const adapter = createZzTmpFileAdapter({ name: 'file', file: context.params.file });
    await adapter.load();
    return adapter;
  },
  async loadTarget(context) {
    const adapter = createZzTmpAdapter({ baseUrl: context.params.baseUrl, token: context.params.token, signal: context.signal });
    await adapter.load();
    context.setMetrics('zz-tmp', adapter.client.metrics());
    return adapter;
  },
});
