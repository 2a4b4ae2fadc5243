// Job zz-tmp-to-file: ZzTmp (a data source) -> the JSON file that stands for the source of truth.
import { defineJob } from '@ssot/core';
import { createZzTmpAdapter } from '../adapter.js';
import { createZzTmpFileAdapter } from '../file-adapter.js';
import { zzTmpParameters } from '../parameters.js';

/** Copies every ZzTmp record into the JSON file: a data-source job. */
export const zzTmpToFile = defineJob({
  name: 'zz-tmp-to-file',
  description: 'Load every record from the ZzTmp API and write it to the JSON file.',
  direction: 'data-source',
  source: 'ZzTmp',
  target: 'JSON file',
  parameters: zzTmpParameters,
  secrets: ['token'],
  configInformation: (params) => ({ 'API': params.baseUrl, 'File': params.file }),
  async loadSource(context) {
    const adapter = createZzTmpAdapter({ baseUrl: context.params.baseUrl, token: context.params.token, signal: context.signal });
    await adapter.load();
    context.setMetrics('zz-tmp', adapter.client.metrics());
    return adapter;
  },
  async loadTarget(context) {
    const adapter = createZzTmpFileAdapter({ name: 'file', file: context.params.file, writable: !context.dryRun });
    await adapter.load();
    return adapter;
  },
});
