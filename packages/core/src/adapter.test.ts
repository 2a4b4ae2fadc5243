import { describe, expect, it } from 'vitest';
import { Adapter } from './adapter.js';
import { AdapterDefinitionError, InvalidRecordError, ObjectAlreadyExistsError, ObjectNotFoundError, WrongModelError } from './errors.js';
import { baseData, makeAdapter, models } from './__fixtures__/small.js';

describe('Adapter', () => {
  it('adds records and finds them by unique id or identifier values', () => {
    const adapter = makeAdapter('a', baseData);
    expect(adapter.count()).toBe(8);
    expect(adapter.count('interface')).toBe(3);
    expect(adapter.get('interface', 'ams1-sw1__eth2').tags).toEqual(['uplink']);
    expect(adapter.get('interface', { device: 'ams1-sw1', name: 'eth2' }).mtu).toBe(1500);
    expect(adapter.getOrNull('site', 'nowhere')).toBeNull();
    expect(adapter.has('vlan', { site: 'ams1', vid: 10 })).toBe(true);
    expect(adapter.getAll('site').map((s) => s.name)).toEqual(['ams1', 'fra1']);
    expect(adapter.getByIds('interface', ['fra1-sw1__eth1', 'ams1-sw1__eth1']).map((i) => i.device)).toEqual(['fra1-sw1', 'ams1-sw1']);
    expect(adapter.uniqueId('vlan', { site: 'ams1', vid: 10 })).toBe('ams1__10');
  });

  it('throws typed errors for missing records and unknown models', () => {
    const adapter = makeAdapter('a', baseData);
    expect(() => adapter.get('site', 'nowhere')).toThrow(ObjectNotFoundError);
    expect(() => adapter.get('site', 'nowhere')).toThrow('No site "nowhere" in adapter "a".');
    expect(() => adapter.getByIds('site', ['ams1', 'x'])).toThrow(ObjectNotFoundError);
    // @ts-expect-error not a registered model
    expect(() => adapter.get('rack', 'r1')).toThrow(WrongModelError);
  });

  it('refuses a different record under an existing id, naming both, and accepts an equal one', () => {
    const adapter = makeAdapter('a', baseData);
    const again = adapter.add('site', { name: 'ams1', status: 'active' });
    expect(again).toBe(adapter.get('site', 'ams1'));
    try {
      adapter.add('site', { name: 'ams1', status: 'planned' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ObjectAlreadyExistsError);
      const message = (error as Error).message;
      expect(message).toContain('site "ams1"');
      expect(message).toContain('"status":"active"');
      expect(message).toContain('"status":"planned"');
    }
  });

  it('rejects bad records with the model and field', () => {
    const adapter = makeAdapter('a', {});
    // @ts-expect-error the identifier is missing
    expect(() => adapter.add('site', { status: 'x' })).toThrow(InvalidRecordError);
    // @ts-expect-error a children field must be a list
    expect(() => adapter.add('site', { name: 's', status: 'x', devices: 'd1' })).toThrow(/Invalid site record "s", field "devices"/);
  });

  it('updates records in place and keeps identifiers', () => {
    const adapter = makeAdapter('a', baseData);
    const updated = adapter.update('interface', { device: 'ams1-sw1', name: 'eth1', mtu: 9000 });
    expect(updated.mtu).toBe(9000);
    expect(adapter.get('interface', 'ams1-sw1__eth1').mtu).toBe(9000);
    expect(() => adapter.update('interface', { device: 'x', name: 'y', mtu: 1 })).toThrow(ObjectNotFoundError);
  });

  it('removes a record, with its subtree when asked', () => {
    const adapter = makeAdapter('a', baseData);
    adapter.remove('device', 'fra1-sw1');
    expect(adapter.has('device', 'fra1-sw1')).toBe(false);
    expect(adapter.has('interface', 'fra1-sw1__eth1')).toBe(true);
    adapter.remove('site', 'ams1', { removeChildren: true });
    expect(adapter.count('site')).toBe(1);
    expect(adapter.count('device')).toBe(0);
    expect(adapter.count('interface')).toBe(1);
  });

  it('gets or instantiates, updates or instantiates, and adds instances', () => {
    const adapter = makeAdapter('a', {});
    const [s1, created1] = adapter.getOrInstantiate('site', { name: 'ams1' }, { status: 'active' });
    const [s2, created2] = adapter.getOrInstantiate('site', { name: 'ams1' }, { status: 'other' });
    expect([created1, created2]).toEqual([true, false]);
    expect(s2).toBe(s1);
    expect(s1.status).toBe('active');
    expect(s1.devices).toEqual([]);
    const [s3, created3] = adapter.updateOrInstantiate('site', { name: 'ams1' }, { status: 'retired' });
    expect(created3).toBe(false);
    expect(s3.status).toBe('retired');
    const [, created4] = adapter.updateOrInstantiate('site', { name: 'fra1' }, { status: 'active' });
    expect(created4).toBe(true);
    const [v, added] = adapter.getOrAddInstance('vlan', { site: 'ams1', vid: 1, name: 'a' });
    expect(added).toBe(true);
    expect(adapter.getOrAddInstance('vlan', { site: 'ams1', vid: 1, name: 'b' })).toEqual([v, false]);
    expect(adapter.updateOrAddInstance('vlan', { site: 'ams1', vid: 1, name: 'c' })[0].name).toBe('c');
    expect(adapter.updateOrAddInstance('vlan', { site: 'ams1', vid: 2, name: 'd' })[1]).toBe(true);
  });

  it('addChild stores the child and lists it once, also under parents with many children', () => {
    const adapter = makeAdapter('a', { sites: [{ name: 's', status: 'x' }], devices: [{ name: 'd', site: 's', role: 'r' }] });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) adapter.addChild('device', 'd', 'interface', { device: 'd', name: `e${i}`, mtu: 1500, tags: [] });
    }
    expect(adapter.get('device', 'd').interfaces).toHaveLength(100);
    expect(adapter.count('interface')).toBe(100);
    expect(() => adapter.addChild('site', 's', 'interface', { device: 'd', name: 'x', mtu: 1, tags: [] })).toThrow(WrongModelError);
    expect(adapter.removeChild('device', 'd', 'interface', 'd__e5')).toBe(true);
    expect(adapter.removeChild('device', 'd', 'interface', 'd__e5')).toBe(false);
    adapter.addChild('device', 'd', 'interface', { device: 'd', name: 'e5', mtu: 1500, tags: [] });
    expect(adapter.get('device', 'd').interfaces).toHaveLength(100);
  });

  it('round-trips through plain JSON', () => {
    const adapter = makeAdapter('a', baseData);
    const json = JSON.parse(JSON.stringify(adapter.toJSON()));
    const copy = new Adapter({ name: 'copy', models, topLevel: ['site', 'vlan'] });
    copy.loadJSON(json);
    expect(copy.toJSON().models).toEqual(adapter.toJSON().models);
    expect(copy.diffFrom(adapter).hasChanges()).toBe(false);
    expect(() => copy.loadJSON({ name: 'x', models: { rack: [] } })).toThrow(WrongModelError);
  });

  it('prints a tree of records', () => {
    const adapter = makeAdapter('a', baseData);
    expect(adapter.tree()).toBe(
      [
        'site',
        '  site: ams1',
        '    device: ams1-sw1',
        '      interface: ams1-sw1__eth1',
        '      interface: ams1-sw1__eth2',
        '  site: fra1',
        '    device: fra1-sw1',
        '      interface: fra1-sw1__eth1',
        'vlan',
        '  vlan: ams1__10',
      ].join('\n'),
    );
    expect(adapter.tree({ attributes: true })).toContain('interface: ams1-sw1__eth2 {"mtu":1500,"tags":["uplink"]}');
  });

  it('checks its own definition', () => {
    // @ts-expect-error unknown top-level model
    expect(() => new Adapter({ models, topLevel: ['rack'] })).toThrow(AdapterDefinitionError);
    expect(() => new Adapter({ models: { site: models.site }, topLevel: ['site'] })).toThrow(/children of model "device", which is not registered/);
    expect(() => new Adapter({ models: { other: models.site }, topLevel: ['other'] })).toThrow(/registered as "other" is named "site"/);
    expect(() => new Adapter({ models, topLevel: [] })).toThrow(/at least one/);
  });

  it('runs the load option', async () => {
    const adapter = new Adapter({
      models,
      topLevel: ['site', 'vlan'],
      load: (self) => {
        self.add('site', { name: 'x', status: 'y' });
      },
    });
    await adapter.load();
    expect(adapter.count()).toBe(1);
  });
});
