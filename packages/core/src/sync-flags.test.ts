import { describe, expect, it } from 'vitest';
import type { CreateInput, DeleteInput, ModelHandlers, UpdateInput } from './handlers.js';
import { defineModel } from './model.js';
import { Adapter } from './adapter.js';
import type { RecordFlags } from './flags.js';
import { baseData, makeAdapter, type Models, type SideData } from './__fixtures__/small.js';
import { recordCalls } from './__fixtures__/record-calls.js';

const source: SideData = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'ber1', status: 'planned' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'access' },
    { name: 'ber1-sw1', site: 'ber1', role: 'access' },
  ],
  interfaces: [
    { device: 'ams1-sw1', name: 'eth1', mtu: 1500, tags: [] },
    { device: 'ber1-sw1', name: 'eth1', mtu: 1500, tags: [] },
  ],
  vlans: [{ site: 'ams1', vid: 10, name: 'mgmt' }],
};
// Against baseData: create ber1 (+device +interface), delete fra1 (+device +interface), delete ams1-sw1__eth2.

function calls(target: Adapter<Models>): string[] {
  const seen: string[] = [];
  const log = (action: string) => (input: CreateInput<object> | UpdateInput<object> | DeleteInput<object>) => void seen.push(`${action} ${input.uid}`);
  const handlers: Record<string, ModelHandlers> = {};
  for (const model of ['site', 'device', 'interface', 'vlan']) handlers[model] = { create: log('create'), update: log('update'), delete: log('delete') };
  target.handlers = handlers as Adapter<Models>['handlers'];
  return seen;
}

describe('flags', () => {
  it('skipUnmatchedSrc: nothing is created; the skipped subtree is counted', async () => {
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(makeAdapter('source', source), { skipUnmatchedSrc: true });
    expect(diff.summary()).toMatchObject({ create: 0, delete: 4, skip: 3 });
    const seen = calls(target);
    await target.syncFrom(makeAdapter('source', source), { diff });
    expect(seen.filter((c) => c.startsWith('create'))).toEqual([]);
  });

  it('skipUnmatchedDst: nothing is deleted; skipUnmatchedBoth: neither', () => {
    const target = makeAdapter('target', baseData);
    expect(target.diffFrom(makeAdapter('source', source), { skipUnmatchedDst: true }).summary()).toMatchObject({ create: 3, delete: 0, skip: 4 });
    expect(target.diffFrom(makeAdapter('source', source), { skipUnmatchedBoth: true }).summary()).toMatchObject({ create: 0, delete: 0, skip: 7 });
  });

  it('per-record skip flags act on one record only', () => {
    const target = makeAdapter('target', baseData);
    target.setFlags('site', 'fra1', { skipUnmatchedDst: true });
    const src = makeAdapter('source', source);
    src.setFlags('site', 'ber1', { skipUnmatchedSrc: true });
    expect(target.diffFrom(src).summary()).toMatchObject({ create: 0, delete: 1, skip: 6 });
    expect(target.flagsOf('site', 'fra1')).toEqual({ skipUnmatchedDst: true });
  });

  it('model flags apply to every record of the model', () => {
    interface Tag { name: string; color: string }
    const tag = defineModel<Tag>()({ name: 'tag', identifiers: ['name'], attributes: ['color'], flags: { skipUnmatchedDst: true } });
    const make = (name: string) => new Adapter({ name, models: { tag }, topLevel: ['tag'] });
    const a = make('a');
    const b = make('b');
    b.add('tag', { name: 'legacy', color: 'red' });
    expect(b.diffFrom(a).summary()).toMatchObject({ delete: 0, skip: 1 });
  });

  it('ignore leaves a record and its subtree out, on either side', () => {
    const src = makeAdapter('source', source);
    const target = makeAdapter('target', baseData);
    src.setFlags('device', 'ams1-sw1', { ignore: true });
    target.setFlags('site', 'fra1', { ignore: true });
    const diff = target.diffFrom(src);
    const uids = [...diff.walk()].map(([e]) => e.uid);
    expect(uids).not.toContain('ams1-sw1__eth2');
    expect(uids).not.toContain('fra1');
    // ams1-sw1 with its interfaces on both sides (eth2 is only in the target), fra1 with device and interface (target side).
    expect(diff.summary()).toMatchObject({ create: 3, delete: 0, skip: 6 });
  });

  it('logUnchanged keeps unchanged records in the diff', () => {
    const diff = makeAdapter('target', baseData).diffFrom(makeAdapter('source', baseData), { logUnchanged: true });
    expect([...diff.walk()].every(([e]) => e.action === 'none')).toBe(true);
    expect([...diff.walk()]).toHaveLength(8);
  });

  it('skipChildrenOnDelete: children are not deleted one by one, but leave the store with their parent', async () => {
    const target = makeAdapter('target', baseData);
    target.setFlags('site', 'fra1', { skipChildrenOnDelete: true });
    const seen = calls(target);
    const result = await target.syncFrom(makeAdapter('source', source));
    expect(seen).toContain('delete fra1');
    expect(seen).not.toContain('delete fra1-sw1');
    expect(seen).not.toContain('delete fra1-sw1__eth1');
    expect(result.results.find((r) => r.uid === 'fra1-sw1__eth1')).toMatchObject({ status: 'success', message: 'deleted with its parent site "fra1"' });
    expect(target.has('device', 'fra1-sw1')).toBe(false);
    expect(target.has('interface', 'fra1-sw1__eth1')).toBe(false);
    expect(target.diffFrom(makeAdapter('source', source)).hasChanges()).toBe(false);
  });

  it('deletes children first by default, and the parent first with deleteParentFirst', async () => {
    const first = makeAdapter('target', baseData);
    const order1 = calls(first);
    await first.syncFrom(makeAdapter('source', source));
    expect(order1.indexOf('delete fra1-sw1')).toBeLessThan(order1.indexOf('delete fra1'));

    const second = makeAdapter('target', baseData);
    second.setFlags('site', 'fra1', { deleteParentFirst: true });
    second.setFlags('device', 'fra1-sw1', { deleteParentFirst: true });
    const order2 = calls(second);
    await second.syncFrom(makeAdapter('source', source));
    expect(order2.indexOf('delete fra1')).toBeLessThan(order2.indexOf('delete fra1-sw1'));
    expect(order2.indexOf('delete fra1-sw1')).toBeLessThan(order2.indexOf('delete fra1-sw1__eth1'));
    expect(second.diffFrom(makeAdapter('source', source)).hasChanges()).toBe(false);
  });
});

// A four-level tree (region > site > device > interface) whose models can carry flags, one record per level.
interface Region { name: string; sites: string[] }
interface Site4 { name: string; region: string; devices: string[] }
interface Device4 { name: string; site: string; interfaces: string[] }
interface Iface4 { device: string; name: string; mtu: number }
const LEVELS = ['region', 'site', 'device', 'interface'] as const;
type Level = (typeof LEVELS)[number];
const UIDS: Record<Level, string> = { region: 'eu', site: 'ams1', device: 'ams1-sw1', interface: 'ams1-sw1__eth1' };

function deepModels(flags: Partial<Record<Level, RecordFlags>> = {}) {
  return {
    region: defineModel<Region>()({ name: 'region', identifiers: ['name'], children: { site: 'sites' }, flags: flags.region ?? {} }),
    site: defineModel<Site4>()({ name: 'site', identifiers: ['name'], attributes: ['region'], children: { device: 'devices' }, flags: flags.site ?? {} }),
    device: defineModel<Device4>()({ name: 'device', identifiers: ['name'], attributes: ['site'], children: { interface: 'interfaces' }, flags: flags.device ?? {} }),
    interface: defineModel<Iface4>()({ name: 'interface', identifiers: ['device', 'name'], attributes: ['mtu'], flags: flags.interface ?? {} }),
  };
}

function deepAdapter(name: string, filled: boolean, flags: Partial<Record<Level, RecordFlags>> = {}) {
  const adapter = new Adapter({ name, models: deepModels(flags), topLevel: ['region'] });
  if (filled) {
    adapter.add('region', { name: 'eu' });
    adapter.addChild('region', 'eu', 'site', { name: 'ams1', region: 'eu' });
    adapter.addChild('site', 'ams1', 'device', { name: 'ams1-sw1', site: 'ams1' });
    adapter.addChild('device', 'ams1-sw1', 'interface', { device: 'ams1-sw1', name: 'eth1', mtu: 1500 });
  }
  return adapter;
}

describe('flags at every depth, below a parent being created or deleted', () => {
  const cases = [1, 2, 3].flatMap((depth) =>
    (['record', 'model'] as const).flatMap((where) =>
      (['create', 'delete'] as const).map((action) => ({ depth, where, action, level: LEVELS[depth] as Level })),
    ),
  );

  it.each(cases)('$action: skipUnmatched on the $level (depth $depth) as a $where flag keeps its subtree out; its handlers never run', async ({ depth, where, action, level }) => {
    const flag: RecordFlags = action === 'create' ? { skipUnmatchedSrc: true } : { skipUnmatchedDst: true };
    const modelFlags = where === 'model' ? { [level]: flag } : {};
    // The region is on one side only: everything below it is created (or deleted) with it.
    const source = deepAdapter('source', action === 'create', modelFlags);
    const target = deepAdapter('target', action === 'delete', modelFlags);
    if (where === 'record') (action === 'create' ? source : target).setFlags(level, UIDS[level], flag);

    const diff = target.diffFrom(source);
    const kept = LEVELS.slice(0, depth);
    expect([...diff.walk()].map(([e]) => `${e.action} ${e.model}`)).toEqual(kept.map((model) => `${action} ${model}`));
    expect(diff.summary()).toMatchObject({ [action]: depth, skip: LEVELS.length - depth });

    const calls = recordCalls(target);
    const result = await target.syncFrom(source, { diff });
    expect(result.ok).toBe(true);
    expect(calls.sort()).toEqual(kept.map((model) => `${action} ${model} ${UIDS[model]}`).sort());
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });

  it('a record flagged never-delete below a deleted parent stays in the target store, outside its tree', async () => {
    const source = deepAdapter('source', false);
    const target = deepAdapter('target', true);
    target.setFlags('device', 'ams1-sw1', { skipUnmatchedDst: true });
    const calls = recordCalls(target);
    await target.syncFrom(source);
    expect(calls).toEqual(['delete site ams1', 'delete region eu']);
    expect(target.has('device', 'ams1-sw1')).toBe(true);
    expect(target.has('interface', 'ams1-sw1__eth1')).toBe(true);
    const next = target.diffFrom(source);
    expect(next.hasChanges()).toBe(false);
    expect(next.unlisted().target).toEqual({ device: ['ams1-sw1'], interface: ['ams1-sw1__eth1'] });
  });

  it('ignore and skip counts cover the subtree on both sides of a matched record', () => {
    const source = deepAdapter('source', true, { site: { ignore: true } });
    const target = deepAdapter('target', true, { site: { ignore: true } });
    target.addChild('device', 'ams1-sw1', 'interface', { device: 'ams1-sw1', name: 'eth2', mtu: 1500 }); // only in the target
    const diff = target.diffFrom(source);
    expect(diff.hasChanges()).toBe(false);
    expect(diff.summary()).toMatchObject({ noChange: 1, skip: 4 });
  });
});
