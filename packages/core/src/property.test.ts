import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from './adapter.js';
import { makeAdapter, type Models, type SideData } from './__fixtures__/small.js';

// Random sides drawn from one small universe, so that they overlap, differ and nest at random.
const siteNames = ['s1', 's2', 's3'];
const deviceNames = ['d1', 'd2', 'd3', 'd4'];
const sideArbitrary: fc.Arbitrary<SideData> = fc
  .record({
    sites: fc.uniqueArray(fc.record({ name: fc.constantFrom(...siteNames), status: fc.constantFrom('active', 'planned') }), { selector: (s) => s.name }),
    devices: fc.uniqueArray(fc.record({ name: fc.constantFrom(...deviceNames), site: fc.constantFrom(...siteNames), role: fc.constantFrom('core', 'edge') }), { selector: (d) => d.name }),
    interfaces: fc.uniqueArray(
      fc.record({ device: fc.constantFrom(...deviceNames), name: fc.constantFrom('e1', 'e2', 'e3'), mtu: fc.constantFrom(1500, 9000), tags: fc.subarray(['a', 'b']) }),
      { selector: (i) => `${i.device}/${i.name}` },
    ),
    vlans: fc.uniqueArray(fc.record({ site: fc.constantFrom(...siteNames), vid: fc.integer({ min: 1, max: 4 }), name: fc.constantFrom('x', 'y') }), { selector: (v) => `${v.site}/${v.vid}` }),
  })
  .map((side) => {
    // Keep the tree consistent: a device needs its site, an interface its device.
    const sites = new Set(side.sites.map((s) => s.name));
    const devices = side.devices.filter((d) => sites.has(d.site));
    const deviceSet = new Set(devices.map((d) => d.name));
    return { sites: side.sites, devices, interfaces: side.interfaces.filter((i) => deviceSet.has(i.device)), vlans: side.vlans };
  });

function recordsByModel(adapter: Adapter<Models>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [model, records] of Object.entries(adapter.toJSON().models)) {
    out[model] = records.map((record) => JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Array.isArray(v) && k.endsWith('s') && k !== 'tags' ? [...v].sort() : v]))).sort();
  }
  return out;
}

describe('property: after syncFrom, the target equals the source', () => {
  it.each([
    ['single handlers in memory, sequential', { concurrency: 1 }, false],
    ['batch handlers, concurrency 4, batch size 2', { concurrency: 4, batchSize: 2 }, true],
  ])('%s', async (_label, options, batched) => {
    await fc.assert(
      fc.asyncProperty(sideArbitrary, sideArbitrary, async (sourceData, targetData) => {
        const source = makeAdapter('source', sourceData);
        const target = makeAdapter('target', targetData);
        if (batched) {
          const ok = async () => {
            await Promise.resolve();
          };
          target.handlers = {
            site: { createMany: ok, updateMany: ok, deleteMany: ok },
            device: { create: ok, update: ok, delete: ok },
            interface: { createMany: ok, updateMany: ok, deleteMany: ok },
            vlan: { createMany: ok, update: ok, deleteMany: ok },
          };
        }
        const result = await target.syncFrom(source, options);
        expect(result.ok).toBe(true);
        expect(target.diffFrom(source).hasChanges()).toBe(false);
        expect(recordsByModel(target)).toEqual(recordsByModel(source));
      }),
      { numRuns: 150 },
    );
  });
});
