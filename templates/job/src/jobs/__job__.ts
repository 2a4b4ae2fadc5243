// Job __job__ of the __Name__ integration: the JSON file -> __Name__. WHAT TO FILL IN: its source, target, direction and mappings.
import { defineJob } from '@ssot/core';
import { create__Name__Adapter } from '../adapter.js';
import { create__Name__FileAdapter } from '../file-adapter.js';
import { __name_camel__Parameters } from '../parameters.js';

/** The __job__ job. */
export const __job_camel__ = defineJob({
  name: '__job__',
  description: 'Describe what __job__ syncs, from where to where.',
  direction: 'data-target',
  source: 'JSON file',
  target: '__Name__',
  parameters: __name_camel__Parameters,
  secrets: ['token'],
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
