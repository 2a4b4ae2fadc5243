// Small in-memory jobs and generated histories for the dashboard's tests.
import { Adapter, defineJob, defineModel } from '@ssot/core';
import type { Diff, SyncHistory, SyncRecord, WriteProblem } from '@ssot/core';
import { z } from 'zod';
import { bigRunRecord, type BigRunShape } from './big-run.js';

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

/** A target that checks its writes without making them: it would refuse to delete a device (in use) and any write to a site named with markup. */
class CheckingController extends Adapter<typeof models> {
  override async checkWrites(diff: Diff): Promise<WriteProblem[]> {
    const problems: WriteProblem[] = [];
    for (const element of diff.elements) {
      if (element.action === 'create' && element.uid.includes('<')) problems.push({ model: 'site', uid: element.uid, action: 'create', message: 'name must be <b>plain</b> text', field: 'name' });
      for (const child of element.children) if (child.action === 'delete') problems.push({ model: child.model, uid: child.uid, action: 'delete', message: 'device is in use by 3 circuits' });
    }
    return problems;
  }
}

function adapter(name: string, data: Data, Kind: typeof Adapter<typeof models> = Adapter): Adapter<typeof models> {
  const a = new Kind({ name, models, topLevel: ['site'] });
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

/** A job with a required parameter that no default supplies, whose configuration facts use it (as most real jobs' do). */
export function exportJob() {
  return defineJob({
    name: 'device-export',
    description: 'Exports devices to an HTTP endpoint.',
    direction: 'data-target',
    source: 'inventory',
    target: 'export endpoint',
    parameters: z.object({
      exportUrl: z.string().url().describe('Where devices are posted'),
      apiKey: z.string().describe('Key of the endpoint'),
      batchSize: z.number().int().positive().default(500),
    }),
    secrets: ['apiKey'],
    configInformation: (params) => ({ 'Devices endpoint': `${params.exportUrl.replace(/\/+$/, '')}/devices`, 'Batch size': String(params.batchSize), 'API key': params.apiKey }),
    async loadSource() {
      return adapter('inventory', sourceData);
    },
    async loadTarget() {
      return adapter('export', targetData);
    },
  });
}

/** Records a generated finished run (see {@link bigRunRecord}) in a history. */
export async function recordBigRun(history: SyncHistory, shape: BigRunShape): Promise<SyncRecord> {
  const record = bigRunRecord(shape);
  await history.start(record);
  await history.finish(record);
  return record;
}

/** A job whose target checks its writes (dry runs record `writeCheck`). */
export function checkedJob() {
  return defineJob({
    name: 'checked-push',
    direction: 'data-target',
    source: 'inventory',
    target: 'checked controller',
    parameters: z.object({}),
    async loadSource() {
      return adapter('inventory', sourceData);
    },
    async loadTarget() {
      return adapter('controller', targetData, CheckingController as typeof Adapter<typeof models>);
    },
  });
}

/** A job whose target can be changed between a dry run and the application of its plan: set `target.fra1` (the plan updates fra1 from "retired"). */
export function driftingJob() {
  const target = { fra1: 'retired' };
  const job = defineJob({
    name: 'drifting-sites',
    direction: 'data-target',
    source: 'inventory',
    target: 'controller',
    parameters: z.object({}),
    async loadSource() {
      return adapter('inventory', sourceData);
    },
    async loadTarget() {
      return adapter('controller', { ...targetData, sites: targetData.sites.map((s) => (s.name === 'fra1' ? { ...s, status: target.fra1 } : s)) });
    },
  });
  return { job, target };
}
