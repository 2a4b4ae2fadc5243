import { describe, expect, it } from 'vitest';
import type { Diff } from './diff.js';
import { ScopeError } from './errors.js';
import { formatScope, parseScope } from './scope.js';
import { baseData, makeAdapter, type SideData } from './__fixtures__/small.js';
import { recordCalls } from './__fixtures__/record-calls.js';

// Against baseData: ams1-sw1 changes role and gains eth3, fra1-sw1 moves to ams1, fra1 is gone from
// the source, ber1 is new, and the vlan changes name.
const wanted: SideData = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'ber1', status: 'planned' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'core' },
    { name: 'fra1-sw1', site: 'ams1', role: 'access' },
    { name: 'ber1-sw1', site: 'ber1', role: 'access' },
  ],
  interfaces: [
    { device: 'ams1-sw1', name: 'eth1', mtu: 1500, tags: [] },
    { device: 'ams1-sw1', name: 'eth2', mtu: 1500, tags: ['uplink'] },
    { device: 'ams1-sw1', name: 'eth3', mtu: 1500, tags: [] },
    { device: 'fra1-sw1', name: 'eth1', mtu: 9000, tags: [] },
    { device: 'ber1-sw1', name: 'eth1', mtu: 1500, tags: [] },
  ],
  vlans: [{ site: 'ams1', vid: 10, name: 'management' }],
};

function lines(diff: Diff): string[] {
  return [...diff.walk()]
    .filter(([e]) => e.action !== 'none')
    .map(([e]) => `${e.action} ${e.model} ${e.uid}`)
    .sort();
}

describe('parseScope', () => {
  it('reads model=<names> and <model>=<ids> specs, several of each', () => {
    expect(parseScope(['model=device,interface'])).toEqual({ models: ['device', 'interface'] });
    expect(parseScope(['site=ams1', 'site=fra1,ber1', 'model=device', 'models=interface'])).toEqual({
      models: ['device', 'interface'],
      subtrees: [
        { model: 'site', id: 'ams1' },
        { model: 'site', id: 'fra1' },
        { model: 'site', id: 'ber1' },
      ],
    });
    expect(parseScope([])).toEqual({});
    expect(parseScope([' device = ams1-sw1 '])).toEqual({ subtrees: [{ model: 'device', id: 'ams1-sw1' }] });
  });

  it('refuses bad syntax with a ScopeError naming the spec', () => {
    expect(() => parseScope(['ams1'])).toThrow(ScopeError);
    expect(() => parseScope(['ams1'])).toThrow(/scope "ams1": expected "model=<model>\[,<model>...\]" or "<model>=<id>\[,<id>...\]"/);
    expect(() => parseScope(['site='])).toThrow(/scope "site=": no id after "="/);
    expect(() => parseScope(['=ams1'])).toThrow(/scope "=ams1": no model before "="/);
    expect(() => parseScope(['model=device,,interface'])).toThrow(/empty name/);
  });

  it('refuses unknown models when the models are known, listing them', () => {
    expect(() => parseScope(['model=devices'], ['site', 'device'])).toThrow(expect.objectContaining({ code: 'INVALID_SCOPE', model: 'devices' }));
    expect(() => parseScope(['model=devices'], ['site', 'device'])).toThrow(/unknown model "devices" \(known: site, device\)/);
    expect(() => parseScope(['sites=ams1'], ['site', 'device'])).toThrow(/unknown model "sites"/);
    expect(parseScope(['site=ams1'], ['site'])).toEqual({ subtrees: [{ model: 'site', id: 'ams1' }] });
  });

  it('formats a scope back into specs', () => {
    expect(formatScope(parseScope(['model=device,interface', 'site=ams1']))).toEqual(['model=device,interface', 'site=ams1']);
    expect(formatScope({ predicate: () => true })).toEqual(['(predicate)']);
  });
});

describe('diff scope', () => {
  it('without a scope, the example changes everything below', () => {
    const diff = makeAdapter('target', baseData).diffFrom(makeAdapter('source', wanted));
    expect(lines(diff)).toEqual([
      'create device ber1-sw1',
      'create interface ams1-sw1__eth3',
      'create interface ber1-sw1__eth1',
      'create site ber1',
      'delete site fra1',
      'update device ams1-sw1',
      'update device fra1-sw1',
      'update vlan ams1__10',
    ]);
  });

  it('models: records of other models get no element and count as out of scope; their in-scope children are still diffed', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source, { scope: { models: ['interface'] } });
    expect(lines(diff)).toEqual(['create interface ams1-sw1__eth3', 'create interface ber1-sw1__eth1']);
    expect(diff.summaryByModel().site).toMatchObject({ create: 0, delete: 0, outOfScope: 3 });
    expect(diff.summaryByModel().device).toMatchObject({ update: 0, outOfScope: 3 });
    expect(diff.summaryByModel().vlan).toMatchObject({ update: 0, outOfScope: 1 });
    expect(diff.summary()).toMatchObject({ create: 2, noChange: 3, outOfScope: 7 });
    const calls = recordCalls(target);
    await target.syncFrom(source, { diff });
    expect(calls.sort()).toEqual(['create interface ams1-sw1__eth3', 'create interface ber1-sw1__eth1']);
    expect(target.get('site', 'fra1').status).toBe('active');
  });

  it('subtrees: the root and everything below it on either side, nothing else', () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'ams1' }] } });
    // fra1-sw1 is below ams1 in the source: in scope although the target has it under fra1.
    expect(lines(diff)).toEqual(['create interface ams1-sw1__eth3', 'update device ams1-sw1', 'update device fra1-sw1']);
    expect(diff.summaryByModel().site).toMatchObject({ noChange: 1, outOfScope: 2 });
    expect(diff.summaryByModel().vlan).toMatchObject({ outOfScope: 1 });
  });

  it('subtrees: a record that leaves the root for another parent is in scope by its place on the target', () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'fra1' }] } });
    expect(lines(diff)).toEqual(['delete site fra1', 'update device fra1-sw1']);
  });

  it('predicate: called with the model, the record and its unique id; a record on both sides is in scope when either version is accepted', () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const seen = new Set<string>();
    const diff = target.diffFrom(source, {
      scope: {
        predicate: (model, record, uid) => {
          seen.add(`${model} ${uid}`);
          return model !== 'device' || record.site === 'fra1';
        },
      },
    });
    expect(seen.has('device ams1-sw1')).toBe(true);
    // fra1-sw1 is at fra1 in the target, so it is in scope; ams1-sw1 and ber1-sw1 are not.
    expect(lines(diff).filter((line) => line.includes(' device '))).toEqual(['update device fra1-sw1']);
    expect(lines(diff)).toContain('create interface ber1-sw1__eth1');
  });

  it('combines: a record is in scope when its model is listed AND it is in a subtree AND the predicate accepts it', () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source, {
      scope: { models: ['device', 'interface'], subtrees: [{ model: 'site', id: 'ams1' }], predicate: (model, record) => model !== 'interface' || record.name !== 'eth3' },
    });
    expect(lines(diff)).toEqual(['update device ams1-sw1', 'update device fra1-sw1']);
  });

  it('a subtree root that exists on neither side is a ScopeError naming it; an unknown scope model too', () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    expect(() => target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'amss1' }] } })).toThrow(ScopeError);
    expect(() => target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'amss1' }] } })).toThrow(/site "amss1" .*neither/);
    expect(() => target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'amss1' }] } })).toThrow(expect.objectContaining({ model: 'site', uid: 'amss1' }));
    expect(() => target.diffFrom(source, { scope: { models: ['devices'] } })).toThrow(expect.objectContaining({ code: 'INVALID_SCOPE', model: 'devices' }));
    // A root only one side has is fine: ber1 is new.
    expect(lines(target.diffFrom(source, { scope: { subtrees: [{ model: 'site', id: 'ber1' }] } }))).toEqual(['create device ber1-sw1', 'create interface ber1-sw1__eth1', 'create site ber1']);
  });

  it('out-of-scope records are never touched by the sync, and the scoped diff converges', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const scope = { subtrees: [{ model: 'site', id: 'ams1' }] };
    const calls = recordCalls(target);
    const result = await target.syncFrom(source, { scope });
    expect(result.ok).toBe(true);
    expect(calls.sort()).toEqual(['create interface ams1-sw1__eth3', 'update device ams1-sw1', 'update device fra1-sw1']);
    expect(target.get('device', 'fra1-sw1').site).toBe('ams1');
    expect(target.get('site', 'ams1').devices).toEqual(['ams1-sw1', 'fra1-sw1']);
    expect(target.has('site', 'fra1')).toBe(true);
    expect(target.diffFrom(source, { scope }).hasChanges()).toBe(false);
  });
});
