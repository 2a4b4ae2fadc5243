import { describe, expect, it } from 'vitest';
import { Adapter } from './adapter.js';
import { Diff } from './diff.js';
import { calculateDiff, type DiffWarning } from './differ.js';
import { ModelMismatchError } from './errors.js';
import { defineModel } from './model.js';
import { executeSync } from './sync.js';
import { baseData, device, iface, makeAdapter, models, site, vlan, type Models, type SideData } from './__fixtures__/small.js';
import { recordCalls } from './__fixtures__/record-calls.js';

function lines(diff: Diff): string[] {
  return [...diff.walk()].filter(([e]) => e.action !== 'none').map(([e]) => `${e.action} ${e.model} ${e.uid}`);
}

const withoutFra1: SideData = {
  ...baseData,
  sites: baseData.sites?.filter((s) => s.name !== 'fra1'),
  devices: baseData.devices?.filter((d) => d.site !== 'fra1'),
  interfaces: baseData.interfaces?.filter((i) => i.device !== 'fra1-sw1'),
};

describe('records no parent lists (unlisted)', () => {
  it('a source record whose parent was removed is not part of the source: the target copy is deleted, and the next diff matches', async () => {
    const source = makeAdapter('source', baseData);
    source.remove('site', 'fra1'); // its device and interface stay stored, listed by nothing
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(lines(diff)).toEqual(['delete site fra1', 'delete device fra1-sw1', 'delete interface fra1-sw1__eth1']);
    expect(diff.summary()).toMatchObject({ delete: 3, create: 0 });
    const calls = recordCalls(target as unknown as Adapter);
    const result = await target.syncFrom(source, { diff });
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['delete interface fra1-sw1__eth1', 'delete device fra1-sw1', 'delete site fra1']);
    const next = target.diffFrom(source);
    expect(next.hasChanges()).toBe(false);
    expect(next.unlisted()).toEqual({ source: { device: ['fra1-sw1'], interface: ['fra1-sw1__eth1'] }, target: {} });
  });

  it('a source child stored with add() under a parent that does not list it does not keep the target copy', async () => {
    const source = makeAdapter('source', { ...baseData, interfaces: baseData.interfaces?.filter((i) => i.name !== 'eth2') });
    source.add('interface', { device: 'ams1-sw1', name: 'eth2', mtu: 1500, tags: ['uplink'] }); // stored, listed by no device
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(lines(diff)).toEqual(['delete interface ams1-sw1__eth2']);
    expect(diff.summaryByModel().interface).toMatchObject({ delete: 1, noChange: 2, unlisted: 1 });
    const calls = recordCalls(target as unknown as Adapter);
    await target.syncFrom(source, { diff });
    expect(calls).toEqual(['delete interface ams1-sw1__eth2']);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });

  it('a record moved to another parent is only a move when the source really lists it somewhere', () => {
    // The target lists eth2 under ams1-sw1; the source stores it, unlisted, and lists nothing new: a delete, not a move.
    const source = makeAdapter('source', baseData);
    source.removeChild('device', 'ams1-sw1', 'interface', 'ams1-sw1__eth2');
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(lines(diff)).toEqual(['delete interface ams1-sw1__eth2']);
    expect([...diff.walk()].every(([e]) => e.movedFrom === undefined)).toBe(true);
  });

  it('an unlisted target record is not part of the target: it is never deleted, and it is reported', async () => {
    const source = makeAdapter('source', baseData);
    const target = makeAdapter('target', baseData);
    target.add('interface', { device: 'ams1-sw1', name: 'eth9', mtu: 1500, tags: [] });
    const diff = target.diffFrom(source);
    expect(diff.hasChanges()).toBe(false);
    expect(diff.unlisted()).toEqual({ source: {}, target: { interface: ['ams1-sw1__eth9'] } });
    const calls = recordCalls(target as unknown as Adapter);
    await target.syncFrom(source, { diff });
    expect(calls).toEqual([]);
    expect(target.has('interface', 'ams1-sw1__eth9')).toBe(true);
  });

  it('a source record the target holds only unlisted is created, and the created record replaces the stored copy', async () => {
    const source = makeAdapter('source', baseData);
    const target = makeAdapter('target', { ...baseData, interfaces: baseData.interfaces?.filter((i) => i.name !== 'eth2') });
    target.add('interface', { device: 'ams1-sw1', name: 'eth2', mtu: 9000, tags: [] });
    const diff = target.diffFrom(source);
    expect(lines(diff)).toEqual(['create interface ams1-sw1__eth2']);
    const result = await target.syncFrom(source, { diff });
    expect(result.ok).toBe(true);
    expect(target.get('device', 'ams1-sw1').interfaces).toContain('ams1-sw1__eth2');
    expect(target.get('interface', 'ams1-sw1__eth2').mtu).toBe(1500);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });

  it('warns once per side and model, naming at most 20 ids and the total count', () => {
    const source = makeAdapter('source', baseData);
    for (let i = 0; i < 25; i++) source.add('interface', { device: 'ams1-sw1', name: `lost${i}`, mtu: 1500, tags: [] });
    const target = makeAdapter('target', baseData);
    target.add('device', { name: 'ghost', site: 'ams1', role: 'access' });
    const warnings: DiffWarning[] = [];
    const diff = target.diffFrom(source, { onWarning: (warning) => warnings.push(warning) });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ kind: 'unlisted', side: 'source', adapter: 'source', model: 'interface', count: 25 });
    expect(warnings[0]?.uids).toHaveLength(20);
    expect(warnings[0]?.uids[0]).toBe('ams1-sw1__lost0');
    expect(warnings[0]?.message).toMatch(/^25 interface records of the source "source" are listed by no parent \(ams1-sw1__lost0, .* and 5 more\)/);
    expect(warnings[1]).toMatchObject({ kind: 'unlisted', side: 'target', adapter: 'target', model: 'device', count: 1, uids: ['ghost'] });
    expect(diff.summaryByModel().interface?.unlisted).toBe(25);
    expect(diff.summary().unlisted).toBe(26);
    expect(diff.toText()).toMatch(/^! not in the source's tree \(no parent lists them\): 25 interface: ams1-sw1__lost0, ams1-sw1__lost1, ams1-sw1__lost2 and 22 more$/m);
    expect(diff.toText()).toMatch(/^! not in the target's tree \(no parent lists them\): 1 device: ghost$/m);
    expect(diff.toText().split('\n').at(-1)).toBe('source -> target: 0 to create, 0 to update, 0 to delete, 8 unchanged, 0 skipped, 26 unlisted');
  });

  it('keeps the unlisted report through JSON', () => {
    const source = makeAdapter('source', baseData);
    source.add('interface', { device: 'ams1-sw1', name: 'eth9', mtu: 1500, tags: [] });
    const diff = makeAdapter('target', baseData).diffFrom(source);
    const copy = Diff.fromJSON(JSON.parse(JSON.stringify(diff)));
    expect(copy.unlisted()).toEqual(diff.unlisted());
    expect(copy.summaryByModel().interface?.unlisted).toBe(1);
  });
});

describe('each record appears in the diff at most once', () => {
  it('a target device listed both at top level and under a site is deleted once', async () => {
    const source = makeAdapter('source', withoutFra1);
    const target = makeAdapter('target', baseData, { topLevel: ['site', 'device', 'vlan'] });
    const diff = target.diffFrom(source);
    expect(lines(diff).filter((line) => line.includes('fra1-sw1'))).toEqual(['delete device fra1-sw1', 'delete interface fra1-sw1__eth1']);
    expect(diff.summaryByModel().device).toMatchObject({ delete: 1, noChange: 1 });
    // Listed under its site: deleted before it, not on its own at the top.
    const element = [...diff.walk()].find(([e]) => e.uid === 'fra1-sw1');
    expect(element?.[1]?.uid).toBe('fra1');
    const calls = recordCalls(target as unknown as Adapter);
    await target.syncFrom(source, { diff });
    expect(calls.filter((call) => call === 'delete device fra1-sw1')).toHaveLength(1);
  });

  it('a changed device listed at top level and under its site on both sides is updated once', () => {
    const changed: SideData = { ...baseData, devices: baseData.devices?.map((d) => (d.name === 'fra1-sw1' ? { ...d, role: 'core' } : d)) };
    const source = makeAdapter('source', changed, { topLevel: ['site', 'device', 'vlan'] });
    const target = makeAdapter('target', baseData, { topLevel: ['device', 'site', 'vlan'] });
    const diff = target.diffFrom(source);
    expect(lines(diff)).toEqual(['update device fra1-sw1']);
    expect(diff.summaryByModel().device).toMatchObject({ update: 1, noChange: 1 });
  });

  it('a model that is a child in the source and top-level in the target is matched by unique id, once', () => {
    const flatSite = defineModel<{ name: string; status: string }>()({ name: 'site', identifiers: ['name'], attributes: ['status'] });
    const target = new Adapter({ name: 'target', models: { site: flatSite, device, interface: iface }, topLevel: ['site', 'device'] });
    target.add('site', { name: 'ams1', status: 'active' });
    target.add('site', { name: 'fra1', status: 'active' });
    target.add('device', { name: 'ams1-sw1', site: 'ams1', role: 'access' });
    target.add('device', { name: 'fra1-sw1', site: 'ams1', role: 'access' }); // the source has it at fra1
    const source = makeAdapter('source', baseData);
    const diff = calculateDiff(source as unknown as Adapter, target as unknown as Adapter);
    expect(lines(diff).filter((line) => line.includes(' device '))).toEqual(['update device fra1-sw1']);
    const moved = [...diff.walk()].find(([e]) => e.uid === 'fra1-sw1')?.[0];
    expect(moved?.changed).toEqual(['site']);
    // The target's site does not list devices: there is no parent to move it between.
    expect(moved?.movedFrom).toBeUndefined();
  });

  it('a model that is top-level in the source and a child in the target is one update with its parent link compared, and syncs', async () => {
    const flatSite = defineModel<{ name: string; status: string }>()({ name: 'site', identifiers: ['name'], attributes: ['status'] });
    const topDevice = defineModel<{ name: string; site: string; role: string }>()({ name: 'device', identifiers: ['name'], attributes: ['site', 'role'] });
    const source = new Adapter({ name: 'source', models: { site: flatSite, device: topDevice }, topLevel: ['site', 'device'] });
    source.add('site', { name: 'ams1', status: 'active' });
    source.add('site', { name: 'fra1', status: 'active' });
    source.add('device', { name: 'ams1-sw1', site: 'ams1', role: 'access' });
    source.add('device', { name: 'fra1-sw1', site: 'ams1', role: 'access' }); // moved to ams1
    const target = makeAdapter('target', baseData);
    const diff = calculateDiff(source as unknown as Adapter, target as unknown as Adapter);
    expect(lines(diff)).toEqual(['update device fra1-sw1']);
    expect(diff.summaryByModel().interface).toMatchObject({ outOfScope: 3 });
    expect(diff.outOfScopeModels()).toEqual({ source: [], target: ['interface', 'vlan'] });
    const calls = recordCalls(target as unknown as Adapter);
    const result = await calculateSync(diff, source, target);
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['update device fra1-sw1']);
    // Still listed where the target keeps it: its own structure is not the source's to change.
    expect(target.get('site', 'fra1').devices).toEqual(['fra1-sw1']);
    expect(calculateDiff(source as unknown as Adapter, target as unknown as Adapter).hasChanges()).toBe(false);
  });
});

function calculateSync(diff: Diff, source: object, target: Adapter<Models>) {
  return executeSync(diff, source as Adapter, target as unknown as Adapter);
}

describe('model sets', () => {
  it('a model only the target declares is out of scope: its records are never deleted, counted and listed', async () => {
    const { vlan: _vlan, ...withoutVlan } = models;
    const source = new Adapter({ name: 'source', models: withoutVlan, topLevel: ['site'] });
    for (const s of baseData.sites ?? []) source.add('site', { ...s });
    for (const d of baseData.devices ?? []) source.addChild('site', d.site, 'device', { ...d });
    for (const i of baseData.interfaces ?? []) source.addChild('device', i.device, 'interface', { ...i, tags: [...i.tags] });
    const target = makeAdapter('target', baseData);
    const diff = calculateDiff(source as unknown as Adapter, target as unknown as Adapter);
    expect(diff.hasChanges()).toBe(false);
    expect(diff.summaryByModel().vlan).toMatchObject({ delete: 0, outOfScope: 1 });
    expect(diff.outOfScopeModels()).toEqual({ source: [], target: ['vlan'] });
    expect(diff.toText()).toContain('! out of scope (declared by one side only): vlan (target)');
    const calls = recordCalls(target as unknown as Adapter);
    await calculateSync(diff, source, target);
    expect(calls).toEqual([]);
  });

  it('a model only the source declares is never created', () => {
    const { vlan: _vlan, ...withoutVlan } = models;
    const source = makeAdapter('source', baseData);
    const target = new Adapter({ name: 'target', models: withoutVlan, topLevel: ['site'] });
    const diff = calculateDiff(source as unknown as Adapter, target as unknown as Adapter);
    expect(lines(diff).some((line) => line.includes('vlan'))).toBe(false);
    expect(diff.summaryByModel().vlan).toMatchObject({ create: 0, outOfScope: 1 });
    expect(diff.outOfScopeModels()).toEqual({ source: ['vlan'], target: [] });
  });

  it('identifiers that differ throw ModelMismatchError naming the model and the field, before any work', () => {
    const otherVlan = defineModel<{ site: string; vid: number; name: string }>()({ name: 'vlan', identifiers: ['vid', 'site'], attributes: ['name'] });
    const source = makeAdapter('source', baseData);
    const target = new Adapter({ name: 'target', models: { ...models, vlan: otherVlan }, topLevel: ['site', 'vlan'] });
    let progress = 0;
    const run = () => calculateDiff(source as unknown as Adapter, target as unknown as Adapter, { onProgress: () => (progress += 1) });
    expect(run).toThrow(ModelMismatchError);
    expect(run).toThrow(expect.objectContaining({ code: 'MODEL_MISMATCH', model: 'vlan', field: 'site' }));
    expect(run).toThrow(/identifiers \[site, vid\] on the source "source" and \[vid, site\] on the target "target"/);
    expect(progress).toBe(0);
  });

  it('a source attribute the target does not declare throws ModelMismatchError naming it', () => {
    const lessDevice = defineModel<{ name: string; site: string; role: string; interfaces: string[] }>()({
      name: 'device',
      identifiers: ['name'],
      attributes: ['site'],
      children: { interface: 'interfaces' },
    });
    const source = makeAdapter('source', baseData);
    const target = new Adapter({ name: 'target', models: { ...models, device: lessDevice }, topLevel: ['site', 'vlan'] });
    expect(() => calculateDiff(source as unknown as Adapter, target as unknown as Adapter)).toThrow(
      expect.objectContaining({ name: 'ModelMismatchError', model: 'device', field: 'role' }),
    );
  });

  it('the target may declare more attributes than the source: only the source compares', () => {
    const moreVlan = defineModel<{ site: string; vid: number; name: string; status: string }>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name', 'status'] });
    const source = makeAdapter('source', baseData);
    const target = new Adapter({ name: 'target', models: { site, device, interface: iface, vlan: moreVlan }, topLevel: ['site', 'vlan'] });
    target.add('vlan', { site: 'ams1', vid: 10, name: 'mgmt', status: 'reserved' });
    const diff = calculateDiff(source as unknown as Adapter, target as unknown as Adapter);
    expect(diff.summaryByModel().vlan).toMatchObject({ noChange: 1, update: 0 });
    expect(vlan.attributes).toEqual(['name']);
  });
});
