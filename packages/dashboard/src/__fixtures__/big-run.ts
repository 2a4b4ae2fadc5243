// A generated finished run with a large three-level diff (site > device > interface), for tests and the benchmark.
import type { DiffAction, DiffElementJSON, DiffSummary, SyncRecord } from '@ssot/core';

/** How large a generated run is: `sites × devices × interfaces` interfaces, plus their devices and sites. */
export interface BigRunShape {
  sites: number;
  devices: number;
  interfaces: number;
}

/** The id of the generated run. */
export const BIG_RUN_ID = 'big-run-0000-0000-0000-000000000000';

const empty = (): DiffSummary => ({ create: 0, update: 0, delete: 0, noChange: 0, skip: 0 });

function count(summary: DiffSummary, action: DiffAction): void {
  if (action === 'none') summary.noChange += 1;
  else summary[action] += 1;
}

/**
 * A finished dry run whose diff has `sites` unchanged sites, each with `devices` devices (one in
 * three created, updated, deleted) with `interfaces` interfaces each (created or deleted with their
 * device; on an updated device every other one updated, the others unchanged).
 *
 * @param shape - the tree's size; `{ sites: 1000, devices: 9, interfaces: 10 }` gives 100 000 elements (about 30 MB of JSON)
 * @param id - the run's id
 * @returns the record, with its diff
 */
export function bigRunRecord(shape: BigRunShape, id = BIG_RUN_ID): SyncRecord {
  const byModel = { site: empty(), device: empty(), interface: empty() };
  const elements: DiffElementJSON[] = [];
  for (let s = 0; s < shape.sites; s += 1) {
    const site = `site-${String(s).padStart(4, '0')}`;
    const devices: DiffElementJSON[] = [];
    for (let d = 0; d < shape.devices; d += 1) {
      const name = `${site}-sw${d + 1}`;
      const deviceAction: DiffAction = d % 3 === 0 ? 'create' : d % 3 === 1 ? 'update' : 'delete';
      const deviceAttrs = (role: string): Record<string, unknown> => ({ site, role, platform: 'eos', serial: `SN-${s}-${d}`, status: 'active', description: `Switch ${d + 1} in rack R${(d % 4) + 1} of ${site}` });
      const interfaces: DiffElementJSON[] = [];
      for (let i = 0; i < shape.interfaces; i += 1) {
        const ifname = `Ethernet${i + 1}`;
        const action: DiffAction = deviceAction === 'update' ? (i % 2 === 0 ? 'update' : 'none') : deviceAction;
        const attrs = (mtu: number, description: string): Record<string, unknown> => ({ device: name, name: ifname, type: '10gbase-x-sfpp', enabled: true, mtu, description });
        const element: DiffElementJSON = { model: 'interface', uid: `${name}__${ifname}`, shortname: ifname, keys: { device: name, name: ifname }, action };
        if (action !== 'delete') element.source = attrs(9216, `uplink ${i + 1} of ${name}`);
        if (action !== 'create') element.target = attrs(action === 'update' ? 1500 : 9216, action === 'update' ? `old uplink ${i + 1}` : `uplink ${i + 1} of ${name}`);
        if (action === 'update') element.changed = ['mtu', 'description'];
        count(byModel.interface, action);
        interfaces.push(element);
      }
      const device: DiffElementJSON = { model: 'device', uid: name, shortname: name, keys: { name }, action: deviceAction, children: interfaces };
      if (deviceAction !== 'delete') device.source = deviceAttrs('leaf');
      if (deviceAction !== 'create') device.target = deviceAttrs(deviceAction === 'update' ? 'spine' : 'leaf');
      if (deviceAction === 'update') device.changed = ['role'];
      count(byModel.device, deviceAction);
      devices.push(device);
    }
    count(byModel.site, 'none');
    elements.push({ model: 'site', uid: site, shortname: site, keys: { name: site }, action: 'none', source: { status: 'active' }, target: { status: 'active' }, children: devices });
  }
  const summary = empty();
  for (const counts of Object.values(byModel)) for (const key of ['create', 'update', 'delete', 'noChange', 'skip'] as const) summary[key] += counts[key];
  return {
    id,
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
    summary,
    loaded: { source: { site: shape.sites, device: shape.sites * shape.devices, interface: shape.sites * shape.devices * shape.interfaces }, target: { site: shape.sites } },
    diff: { version: 1, source: 'files', target: 'inventory', summaryByModel: byModel, elements },
  };
}
