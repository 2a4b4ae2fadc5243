import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateDiff, defineJob, Diff, DiffElement, executeSync, MemoryRecorder, runJob, type Adapter, type WriteProblem } from '@ssot/core';
import { connectMongo, type MongoHandle } from '@ssot/mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleInventory } from './__fixtures__/sample.js';
import { addInventoryData, createInventoryAdapter } from './inventory-data.js';
import type { InventoryModels } from './models.js';
import { createMongoInventoryAdapter, ensureInventoryIndexes } from './mongo-inventory.js';
import { loadMongoInventory, mongoInventoryParameters } from './mongo-inventory-job.js';

const database = `ssot_inventory_check_${process.pid}`;
let handle: MongoHandle;

const embeddedDataDir = join(tmpdir(), `ssot-check-writes-${process.pid}`);

beforeAll(async () => {
  // The job below opens the inventory through the embedded server in this directory: the same server.
  handle = await connectMongo({ dbName: database, embeddedDataDir });
  await ensureInventoryIndexes(handle.connection);
});

afterAll(async () => {
  await handle.connection.dropDatabase();
  await handle.close();
  await rm(embeddedDataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  const collections = await handle.connection.db!.collections();
  await Promise.all(collections.map((collection) => collection.deleteMany({})));
  // The sample inventory, written by a sync.
  const target = createMongoInventoryAdapter({ connection: handle.connection, changeLog: false });
  await target.load();
  const seeded = await executeSync(calculateDiff(source(), target), source(), target);
  expect(seeded.ok).toBe(true);
});

function source(edit: (data: ReturnType<typeof sampleInventory>) => void = () => undefined): Adapter<InventoryModels> {
  const data = sampleInventory();
  edit(data);
  const adapter = createInventoryAdapter('file');
  addInventoryData(adapter, data);
  return adapter;
}

/** A new IP address with an address the schema's `match` validator refuses, and a new valid one. */
const withBadAddress = (data: ReturnType<typeof sampleInventory>): void => {
  data.ip_address?.push({ address: 'not-an-address', interface: 'site0-sw0__Ethernet2', status: 'active', dns_name: null, tags: [] });
  data.ip_address?.push({ address: '10.0.0.9/24', interface: 'site0-sw0__Ethernet3', status: 'active', dns_name: null, tags: [] });
};

/**
 * The calculated diff plus an update that renames interface Ethernet2 of site0-sw0 to Ethernet1 (as a
 * hand-edited plan or a job's own `calculateDiff` can): it would clash with Ethernet1 on the
 * (device, name) unique index.
 */
function withRename(diff: Diff, target: Adapter<InventoryModels>): Diff {
  const current = target.get('interface', 'site0-sw0__Ethernet2');
  const rename = new DiffElement({
    model: 'interface',
    uid: 'site0-sw0__Ethernet2',
    shortname: 'Ethernet2',
    keys: { device: 'site0-sw0', name: 'Ethernet2' },
    action: 'update',
    source: { type: current.type, enabled: current.enabled, mtu: current.mtu, description: current.description, tags: current.tags, name: 'Ethernet1' },
    target: { type: current.type, enabled: current.enabled, mtu: current.mtu, description: current.description, tags: current.tags },
    changed: ['name'],
  });
  return new Diff(diff.source, diff.target, [...diff.elements, rename], diff.summaryByModel());
}

const expectedProblems: WriteProblem[] = [
  {
    model: 'interface',
    uid: 'site0-sw0__Ethernet2',
    action: 'update',
    field: 'device, name',
    message: expect.stringMatching(/^E11000 duplicate key error collection: \S+\.interfaces index: device_1_name_1 dup key: \{ device: device "site0-sw0", name: "Ethernet1" \} \(held by interface "site0-sw0__Ethernet1"\)$/) as unknown as string,
  },
  { model: 'ip_address', uid: 'not-an-address', action: 'create', field: 'address', message: 'field "address": is not an address with a mask length such as 10.0.0.1/24' },
];

const byUid = (a: WriteProblem, b: WriteProblem): number => a.model.localeCompare(b.model) || a.uid.localeCompare(b.uid);

describe('MongooseAdapter.checkWrites on the inventory', () => {
  it('reports the writes MongoDB would refuse, without writing, and the sync then refuses exactly those', async () => {
    const target = createMongoInventoryAdapter({ connection: handle.connection, changeLog: false });
    await target.load();
    const diff = withRename(calculateDiff(source(withBadAddress), target), target);
    const before = await handle.connection.collection('ip_addresses').countDocuments();
    const problems = await target.checkWrites(diff);
    expect([...problems].sort(byUid)).toEqual(expectedProblems);
    expect(await handle.connection.collection('ip_addresses').countDocuments()).toBe(before);

    // The prediction matches what a sync does: exactly these writes fail, with the same messages.
    const result = await executeSync(diff, source(withBadAddress), target, { continueOnFailure: true });
    const failed = result.results.filter((r) => r.status !== 'success').sort((a, b) => a.model.localeCompare(b.model) || a.uid.localeCompare(b.uid));
    expect(failed.map((r) => `${r.model} ${r.uid} ${r.status}`)).toEqual(['interface site0-sw0__Ethernet2 failure', 'ip_address not-an-address failure']);
    expect(failed[0]?.message).toMatch(/^E11000 duplicate key error collection: \S+\.interfaces index: device_1_name_1 dup key/);
    expect(failed[1]?.message).toBe(expectedProblems[1]?.message);
    expect(result.counts.create.success).toBe(1);
  });

  it('finds nothing wrong with a clean diff', async () => {
    const target = createMongoInventoryAdapter({ connection: handle.connection, changeLog: false });
    await target.load();
    const clean = source((data) => {
      data.ip_address?.push({ address: '10.0.0.9/24', interface: 'site0-sw0__Ethernet3', status: 'active', dns_name: null, tags: [] });
      data.site.push({ name: 'site9', region: 'emea', status: 'planned', asn: 65009, facility: null, time_zone: 'UTC', tags: [] });
      data.device.push({ name: 'site9-sw0', site: 'site9', role: 'access', platform: 'eos', serial: '', asset_tag: null, tags: [] });
      data.interface.push({ device: 'site9-sw0', name: 'Ethernet1', type: 'virtual', enabled: true, mtu: 9000, description: null, tags: [] });
      const changed = data.interface.find((i) => i.device === 'site1-sw1' && i.name === 'Ethernet2');
      if (changed) changed.mtu = 9214;
      data.vlan = data.vlan.filter((v) => v.site !== 'site3');
      data.prefix = data.prefix?.filter((p) => p.site !== 'site3');
    });
    const diff = calculateDiff(clean, target);
    expect(diff.summary()).toMatchObject({ create: 4, update: 1, delete: 2 });
    expect(await target.checkWrites(diff)).toEqual([]);
  });

  it('a dry run of a job into the inventory lists the writes that would fail and writes nothing', async () => {
    const job = defineJob({
      name: 'file-to-inventory',
      direction: 'data-source',
      source: 'file',
      target: 'MongoDB inventory',
      parameters: z.object({ ...mongoInventoryParameters }),
      loadSource: async () => source(withBadAddress),
      loadTarget: (context) => loadMongoInventory(context),
      // A job's own diff step (or an edited plan) can ask for a write the schema refuses.
      calculateDiff: (_context, from, to) => withRename(calculateDiff(from, to), to as Adapter<InventoryModels>),
    });
    const recorder = new MemoryRecorder();
    const before = await handle.connection.collection('ip_addresses').countDocuments();
    const record = await runJob(job, { params: { database, embeddedDataDir }, recorder, dryRun: true, memory: false });
    expect(record.status).toBe('succeeded');
    expect(record.steps.map((step) => `${step.name}:${step.status}`)).toContain('checkWrites:succeeded');
    expect([...(record.writeCheck?.problems ?? [])].sort(byUid)).toEqual(expectedProblems);
    expect(record.warnings?.map((warning) => warning.code)).toContain('WRITES_WOULD_FAIL');
    expect(await handle.connection.collection('ip_addresses').countDocuments()).toBe(before);
    expect(await handle.connection.collection('interfaces').countDocuments({ name: 'Ethernet1' })).toBe(8);
  });
});
