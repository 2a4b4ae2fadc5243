// Job file-to-__name__: the JSON file that stands for the source of truth -> __Name__ (a data target).
import { defineJob } from '@ssot/core';
import { create__Name__Adapter } from '../adapter.js';
import { create__Name__FileAdapter } from '../file-adapter.js';
import { __name_camel__Parameters } from '../parameters.js';

/** Pushes the records of the JSON file to __Name__ through its API: a data-target job. */
export const fileTo__Name__ = defineJob({
  name: 'file-to-__name__',
  description: 'Create, update and delete __Name__ records so that they match the JSON file.',
  direction: 'data-target',
  source: 'JSON file',
  target: '__Name__',
  parameters: __name_camel__Parameters,
  secrets: ['token'],
  configInformation: (params) => ({ 'File': params.file, 'API': params.baseUrl }),
  async loadSource(context) {
    const adapter = create__Name__FileAdapter({ name: 'file', file: context.params.file });
    await adapter.load();
    return adapter;
  },
  async loadTarget(context) {
    const adapter = create__Name__Adapter({ baseUrl: context.params.baseUrl, token: context.params.token, signal: context.signal });
    await adapter.load();
    context.setMetrics('__name__', adapter.client.metrics());
    return adapter;
  },
});
