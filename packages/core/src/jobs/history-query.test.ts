import { describe, expect, it } from 'vitest';
import { baseData, makeAdapter } from '../__fixtures__/small.js';
import { flattenDiff, pageDiff, unflattenDiff } from './history-query.js';

// fra1-sw1 eth1 changes its MTU and fra1-sw1 gets eth2: both under site fra1 > device fra1-sw1, which do not change.
const changed = {
  ...baseData,
  interfaces: [...(baseData.interfaces ?? []).map((i) => (i.device === 'fra1-sw1' ? { ...i, mtu: 1500 } : i)), { device: 'fra1-sw1', name: 'eth2', mtu: 1500, tags: [] }],
};
const diff = makeAdapter('target', baseData).diffFrom(makeAdapter('source', changed)).toJSON();

describe('flattenDiff', () => {
  it('gives every child the path of its ancestors, so a filtered page still says where each element sits', () => {
    const page = pageDiff(flattenDiff(diff), { model: 'interface' });
    const fra1 = page.elements.filter((e) => e.action !== 'none');
    expect(fra1.map((e) => ({ uid: e.uid, action: e.action, depth: e.depth, parent: e.parent, path: e.path }))).toEqual([
      {
        uid: 'fra1-sw1__eth1',
        action: 'update',
        depth: 2,
        parent: 'fra1-sw1',
        path: [
          { model: 'site', uid: 'fra1', shortname: 'fra1' },
          { model: 'device', uid: 'fra1-sw1', shortname: 'fra1-sw1' },
        ],
      },
      {
        uid: 'fra1-sw1__eth2',
        action: 'create',
        depth: 2,
        parent: 'fra1-sw1',
        path: [
          { model: 'site', uid: 'fra1', shortname: 'fra1' },
          { model: 'device', uid: 'fra1-sw1', shortname: 'fra1-sw1' },
        ],
      },
    ]);
  });

  it('leaves top-level elements without a parent or path, and round-trips through unflattenDiff unchanged', () => {
    const flat = flattenDiff(diff);
    const top = flat.filter((e) => e.depth === 0);
    expect(top.length).toBeGreaterThan(0);
    for (const element of top) {
      expect(element.parent).toBeUndefined();
      expect(element.path).toBeUndefined();
    }
    const { elements: _elements, ...meta } = diff;
    expect(unflattenDiff(flat, meta)).toEqual(diff);
    // Flat elements stored before paths existed read back the same way.
    expect(unflattenDiff(flat.map(({ path: _path, ...rest }) => rest), meta)).toEqual(diff);
  });
});
