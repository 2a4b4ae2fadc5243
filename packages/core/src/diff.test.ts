import { describe, expect, it } from 'vitest';
import { Diff } from './diff.js';
import { InvalidDiffError, SyncAbortedError } from './errors.js';
import { baseData, changedData, makeAdapter } from './__fixtures__/small.js';

const changed = changedData;

describe('diff', () => {
  it('builds the element tree with actions, keys, both sides and changed fields', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(diff.summary()).toEqual({ create: 4, update: 2, delete: 4, noChange: 2, skip: 0 });
    expect(diff.summaryByModel().interface).toEqual({ create: 2, update: 1, delete: 2, noChange: 0, skip: 0 });

    const ams1 = diff.elements.find((e) => e.uid === 'ams1');
    expect(ams1?.action).toBe('none');
    const device = ams1?.children[0];
    expect(device).toMatchObject({ model: 'device', uid: 'ams1-sw1', action: 'update', changed: ['role'], source: { site: 'ams1', role: 'core' }, target: { site: 'ams1', role: 'access' } });
    const eth1 = device?.children.find((e) => e.shortname === 'eth1');
    expect(eth1).toMatchObject({ uid: 'ams1-sw1__eth1', keys: { device: 'ams1-sw1', name: 'eth1' }, action: 'update', changed: ['mtu'] });
    expect(eth1?.changes()).toEqual({ mtu: { source: 9000, target: 1500 } });
    expect(device?.children.map((e) => `${e.action} ${e.shortname}`)).toEqual(['update eth1', 'create eth3', 'delete eth2']);

    const ber1 = diff.elements.find((e) => e.uid === 'ber1');
    expect(ber1?.action).toBe('create');
    expect(ber1?.children[0]?.action).toBe('create');
    expect(ber1?.children[0]?.children[0]?.action).toBe('create');
    const fra1 = diff.elements.find((e) => e.uid === 'fra1');
    expect(fra1?.action).toBe('delete');
    expect(fra1?.children[0]?.children[0]).toMatchObject({ action: 'delete', target: { mtu: 9000, tags: [] } });
    expect(diff.elements.some((e) => e.model === 'vlan')).toBe(false);
  });

  it('diffTo is diffFrom seen from the other side', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    expect(source.diffTo(target).toJSON()).toEqual(target.diffFrom(source).toJSON());
  });

  it('keeps unchanged elements only with logUnchanged', () => {
    const source = makeAdapter('source', baseData);
    const target = makeAdapter('target', baseData);
    expect(target.diffFrom(source).elements).toEqual([]);
    const full = target.diffFrom(source, { logUnchanged: true });
    expect([...full.walk()]).toHaveLength(8);
    expect(full.summary().noChange).toBe(8);
  });

  it('handles a child present on one side only and duplicate shortnames under different parents', () => {
    const source = makeAdapter('source', baseData);
    const target = makeAdapter('target', { ...baseData, interfaces: baseData.interfaces?.filter((i) => i.device !== 'fra1-sw1') });
    const diff = target.diffFrom(source);
    const created = [...diff.walk()].filter(([e]) => e.action === 'create').map(([e, parent]) => [e.uid, parent?.uid]);
    // "eth1" exists under two devices: only the one missing on the target is created.
    expect(created).toEqual([['fra1-sw1__eth1', 'fra1-sw1']]);
  });

  it('updates a record that moved between parents instead of deleting and creating it', () => {
    const source = makeAdapter('source', { ...baseData, devices: [{ name: 'ams1-sw1', site: 'fra1', role: 'access' }, { name: 'fra1-sw1', site: 'fra1', role: 'access' }] });
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(diff.summary()).toMatchObject({ create: 0, delete: 0, update: 1 });
    const moved = [...diff.walk()].find(([e]) => e.uid === 'ams1-sw1');
    expect(moved?.[0].movedFrom).toEqual({ model: 'site', uid: 'ams1' });
    expect(moved?.[1]?.uid).toBe('fra1');
  });

  it('moves records under a new parent that is being created, and out of one being deleted', async () => {
    // ams1-sw1 moves from ams1 (deleted) to ber1 (created); its interfaces come with it.
    const source = makeAdapter('source', {
      sites: [{ name: 'ber1', status: 'active' }, { name: 'fra1', status: 'active' }],
      devices: [{ name: 'ams1-sw1', site: 'ber1', role: 'access' }, { name: 'fra1-sw1', site: 'fra1', role: 'access' }],
      interfaces: baseData.interfaces,
    });
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    expect(diff.summary()).toMatchObject({ create: 1, delete: 2, update: 1 });
    const result = await target.syncFrom(source, { diff });
    expect(result.ok).toBe(true);
    expect(target.get('site', 'ber1').devices).toEqual(['ams1-sw1']);
    expect(target.get('device', 'ams1-sw1').interfaces).toHaveLength(2);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });

  it('orders siblings with a per-model hook', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const rank = { delete: 0, update: 1, create: 2, none: 3 };
    const diff = target.diffFrom(source, { order: { interface: (a, b) => rank[a.action] - rank[b.action] } });
    const device = diff.elements.find((e) => e.uid === 'ams1')?.children[0];
    expect(device?.children.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
  });

  it('leaves ignored models out and counts them as skipped', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source, { ignoreModels: ['interface'] });
    expect([...diff.walk()].some(([e]) => e.model === 'interface')).toBe(false);
    expect(diff.summaryByModel().interface?.skip).toBe(5);
  });

  it('prints a readable text form', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const text = target.diffFrom(source).toText();
    expect(text).toContain('~     interface ams1-sw1__eth1: mtu 1500 -> 9000');
    expect(text).toContain('+ site ber1 {"status":"planned"}');
    expect(text).toContain('- site fra1');
    expect(text.split('\n').at(-1)).toBe('source -> target: 4 to create, 2 to update, 4 to delete, 2 unchanged, 0 skipped');
    expect(target.diffFrom(source).toText({ maxLines: 2 })).toMatch(/\.\.\. \d+ more element\(s\)/);
  });

  it('round-trips through JSON and can still be synced', async () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    const copy = Diff.fromJSON(JSON.parse(JSON.stringify(diff)));
    expect(copy.toJSON()).toEqual(diff.toJSON());
    expect(copy.summary()).toEqual(diff.summary());
    const result = await target.syncFrom(source, { diff: copy });
    expect(result.ok).toBe(true);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });

  it('rejects input that is not a diff', () => {
    expect(() => Diff.fromJSON(null)).toThrow(InvalidDiffError);
    expect(() => Diff.fromJSON({ version: 2, elements: [] })).toThrow(/unsupported version/);
    expect(() => Diff.fromJSON({ version: 1, elements: [{ model: 'site', uid: 'x', action: 'explode' }] })).toThrow(/at elements\[0\]\.action \(site "x"\): Invalid option/);
  });

  it('emits progress events and stops when aborted', () => {
    const source = makeAdapter('source', changed);
    const target = makeAdapter('target', baseData);
    const events: string[] = [];
    target.diffFrom(source, { onProgress: (e) => events.push(`${e.phase}:${e.model}:${e.current}/${e.total}`) });
    expect(events).toContain('diff:interface:6/6');
    expect(events).toContain('diff:site:4/4');
    const controller = new AbortController();
    controller.abort();
    expect(() => target.diffFrom(source, { signal: controller.signal })).toThrow(SyncAbortedError);
  });
});
