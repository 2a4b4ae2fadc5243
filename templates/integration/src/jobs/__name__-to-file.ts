// Job __name__-to-file: __Name__ (a data source) -> the JSON file that stands for the source of truth.
import { defineJob } from '@ssot/core';
import { create__Name__Adapter } from '../adapter.js';
import { create__Name__FileAdapter } from '../file-adapter.js';
import { __name_camel__Parameters } from '../parameters.js';

/** Copies every __Name__ record into the JSON file: a data-source job. */
export const __name_camel__ToFile = defineJob({
  name: '__name__-to-file',
  description: 'Load every record from the __Name__ API and write it to the JSON file.',
  direction: 'data-source',
  source: '__Name__',
  target: 'JSON file',
  parameters: __name_camel__Parameters,
  secrets: ['token'],
  configInformation: (params) => ({ 'API': params.baseUrl, 'File': params.file }),
  async loadSource(context) {
    const adapter = create__Name__Adapter({ baseUrl: context.params.baseUrl, token: context.params.token, signal: context.signal });
    await adapter.load();
    context.setMetrics('__name__', adapter.client.metrics());
    return adapter;
  },
  async loadTarget(context) {
    const adapter = create__Name__FileAdapter({ name: 'file', file: context.params.file, writable: !context.dryRun });
    await adapter.load();
    return adapter;
  },
});
