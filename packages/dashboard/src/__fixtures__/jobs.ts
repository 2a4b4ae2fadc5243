// Small in-memory jobs and generated histories for the dashboard's tests.
import { Adapter, defineJob, defineModel } from '@ssot/core';
import type { DiffElementJSON, MemoryRecorder, SyncRecord } from '@ssot/core';
import { z } from 'zod';

export interface Site {
  name: string;
  status: string;
  devices: string[];
}
export interface Device {
  name: string;
  site: string;
  role: string;
}

export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['status'], children: { device: 'devices' } });
export const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['site', 'role'] });
export const models = { site, device };

export const SECRET = 'sEcReT-t0ken-4815162342';
export const XSS = '<script>alert("x")</script>';

interface Data {
  sites: { name: string; status: string }[];
  devices: Device[];
}

function adapter(name: string, data: Data): Adapter<typeof models> {
  const a = new Adapter({ name, models, topLevel: ['site'] });
  for (const s of data.sites) a.add('site', { ...s });
  for (const d of data.devices) a.addChild('site', d.site, 'device', { ...d });
  return a;
}

export const sourceData: Data = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'fra1', status: 'active' },
    { name: XSS, status: 'planned' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'core' },
    { name: 'ams1-sw2', site: 'ams1', role: 'access' },
    { name: 'fra1-sw1', site: 'fra1', role: 'access' },
  ],
};

export const targetData: Data = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'fra1', status: 'retired' },
    { name: 'lon1', status: 'active' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'access' },
    { name: 'fra1-sw1', site: 'fra1', role: 'access' },
    { name: 'lon1-sw1', site: 'lon1', role: 'access' },
  ],
};

/** A job with a secret parameter; `delayMs` slows its loaders so a live view can be watched. */
export function inventoryJob(options: { delayMs?: number } = {}) {
  return defineJob({
    name: 'inventory-to-controller',
    description: 'Pushes sites and devices from the inventory to the <b>controller</b>.',
    direction: 'data-target',
    source: 'inventory',
    target: 'controller',
    parameters: z.object({
      url: z.string().url().describe('Controller URL'),
      token: z.string().min(8).describe('API token'),
      limit: z.number().int().positive().default(10),
      verify: z.boolean().default(true),
    }),
    secrets: ['token'],
    dataMappings: [
      { source: 'Site name', target: 'Location', targetUrl: 'https://controller.example/docs/location' },
      { source: 'Device role', target: 'Role', sourceUrl: 'javascript:alert(1)' },
    ],
    configInformation: (params) => ({ 'Controller URL': params.url, 'Token (should be redacted)': params.token }),
    lookupObject: (model, uid) => ({ url: `https://controller.example/${model}/${encodeURIComponent(uid)}`, label: `${model} ${uid}` }),
    async loadSource(context) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      context.progress('site', 3, 3);
      return adapter('inventory', sourceData);
    },
    async loadTarget() {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return adapter('controller', targetData);
    },
  });
}

/** A job without parameters. */
export function plainJob() {
  return defineJob({
    name: 'plain-copy',
    direction: 'data-source',
    source: 'files',
    target: 'inventory',
    parameters: z.object({}),
    async loadSource() {
      return adapter('files', sourceData);
    },
    async loadTarget() {
      return adapter('inventory', sourceData);
    },
  });
}

export const defaultParams = (name: string): Record<string, unknown> => (name === 'inventory-to-controller' ? { url: 'https://controller.example', token: SECRET } : {});

/** Records a finished run with a generated diff of `sites` sites with `perSite` devices each (every one a create). */
export async function recordBigRun(history: MemoryRecorder, sites: number, perSite: number): Promise<SyncRecord> {
  const elements: DiffElementJSON[] = [];
  for (let s = 0; s < sites; s += 1) {
    const name = `site-${String(s).padStart(5, '0')}`;
    const children: DiffElementJSON[] = [];
    for (let d = 0; d < perSite; d += 1) {
      const dev = `${name}-dev${d}`;
      const action = d % 3 === 0 ? 'create' : d % 3 === 1 ? 'update' : 'delete';
      const el: DiffElementJSON = { model: 'device', uid: dev, shortname: dev, keys: { name: dev }, action };
      if (action !== 'delete') el.source = { site: name, role: 'access' };
      if (action !== 'create') el.target = { site: name, role: 'core' };
      if (action === 'update') el.changed = ['role'];
      children.push(el);
    }
    elements.push({ model: 'site', uid: name, shortname: name, keys: { name }, action: 'none', source: { status: 'active' }, target: { status: 'active' }, children });
  }
  const total = sites * perSite;
  const record: SyncRecord = {
    id: 'big-run-0000-0000-0000-000000000000',
    job: 'plain-copy',
    direction: 'data-source',
    source: 'files',
    target: 'inventory',
    parameters: {},
    dryRun: true,
    status: 'succeeded',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:00.000Z',
    steps: [{ name: 'loadSource', status: 'succeeded', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1000, memory: { endRss: 100e6, peakRss: 120e6, endHeapUsed: 50e6, peakHeapUsed: 60e6 } }],
    summary: { create: total / 3, update: total / 3, delete: total / 3, noChange: sites, skip: 0 },
    diff: { version: 1, source: 'files', target: 'inventory', summaryByModel: { site: { create: 0, update: 0, delete: 0, noChange: sites, skip: 0 }, device: { create: total / 3, update: total / 3, delete: total / 3, noChange: 0, skip: 0 } }, elements },
  };
  await history.start(record);
  await history.finish(record);
  return record;
}
