import { describe, expect, it } from 'vitest';
import type { CreateInput, DeleteInput, ModelHandlers, UpdateInput } from './handlers.js';
import { defineModel } from './model.js';
import { Adapter } from './adapter.js';
import { baseData, makeAdapter, type Models, type SideData } from './__fixtures__/small.js';

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
    // ams1-sw1 with its interface (source side), fra1 with device and interface (target side).
    expect(diff.summary()).toMatchObject({ create: 3, delete: 0, skip: 5 });
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
