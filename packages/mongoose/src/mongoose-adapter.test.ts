import { Adapter, calculateDiff, defineJob, defineModel, executeSync, InvalidRecordError, MemoryRecorder, ModelDefinitionError, runJob } from '@ssot/core';
import { Schema, type Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { models, placeSchemas, type Location, type Region, type Site } from './__fixtures__/places.js';
import { connectMongo, type MongoHandle } from './connect.js';
import { defineMongooseMapping } from './mapping.js';
import { MongooseAdapter, type MongooseAdapterOptions } from './mongoose-adapter.js';

let handle: MongoHandle;
let fixture: ReturnType<typeof placeSchemas>;
const commands: string[] = [];

beforeAll(async () => {
  handle = await connectMongo({ dbName: `ssot_mongoose_adapter_${process.pid}`, connectOptions: { monitorCommands: true } });
  // Commands on the data collections (the change log's own writes, retention included, are checked apart).
  handle.connection.getClient().on('commandStarted', (event) => {
    if (event.command[event.commandName] !== 'ssot_changelog') commands.push(event.commandName);
  });
  fixture = placeSchemas(handle.connection);
  await Promise.all([fixture.Region.init(), fixture.Site.init(), fixture.Location.init()]);
});

afterAll(async () => {
  await handle.connection.dropDatabase();
  await handle.close();
});

beforeEach(async () => {
  await Promise.all([fixture.Region.deleteMany({}), fixture.Site.deleteMany({}), fixture.Location.deleteMany({}), handle.connection.collection('ssot_changelog').deleteMany({})]);
  commands.length = 0;
});

function adapter(options: Partial<MongooseAdapterOptions<typeof models>> = {}): MongooseAdapter<typeof models> {
  return new MongooseAdapter({ name: 'mongo', mapping: fixture.mapping, topLevel: ['region'], run: { id: 'run-1', job: 'test-job' }, stamp: {}, ...options });
}

/** Seeds the seed's shape: 3 parent regions, 30 regions, 2,000 sites, 5,000 locations. */
async function seed(): Promise<void> {
  const parents = await fixture.Region.insertMany([0, 1, 2].map((i) => ({ name: `parent-${i}`, parent: null })));
  const regions = await fixture.Region.insertMany(Array.from({ length: 30 }, (_, i) => ({ name: `region-${i}`, parent: parents[i % 3]?._id })));
  const sites = await fixture.Site.insertMany(Array.from({ length: 2000 }, (_, i) => ({ name: `site-${i}`, region: regions[i % 30]?._id, status: 'active', asn: 65000 + i })));
  await fixture.Location.insertMany(Array.from({ length: 5000 }, (_, i) => ({ site: sites[i % 2000]?._id, name: `room-${Math.floor(i / 2000)}`, floor: i % 7 })));
}

function sourceWith(data: { regions: Omit<Region, 'sites'>[]; sites: Omit<Site, 'locations'>[]; locations: Location[] }): Adapter<typeof models> {
  const source = new Adapter({ name: 'source', models, topLevel: ['region'] });
  for (const r of data.regions) source.add('region', { ...r });
  for (const s of data.sites) source.addChild('region', s.region, 'site', { ...s });
  for (const l of data.locations) source.addChild('site', l.site, 'location', { ...l });
  return source;
}

describe('defineMongooseMapping', () => {
  it('refuses mappings that cannot work, naming the model and field', () => {
    const { Region, Site, Location } = fixture;
    expect(() => defineMongooseMapping(models, { region: { model: Region }, site: { model: Site } } as never)).toThrow(ModelDefinitionError);
    expect(() => defineMongooseMapping(models, { region: { model: Region, fields: { nope: 'x' } }, site: { model: Site }, location: { model: Location } } as never)).toThrow(/field "nope"/);
    expect(() => defineMongooseMapping(models, { region: { model: Region }, site: { model: Site }, location: { model: Location } })).toThrow(/child of "region" but no field maps to ref\("region"\)/);
  });
});

describe('MongooseAdapter.load', () => {
  it('loads the seed shape in one query per model, references as natural keys', async () => {
    await seed();
    commands.length = 0;
    const mongo = adapter();
    await mongo.load();
    expect(commands.filter((c) => c === 'find')).toHaveLength(3);
    expect(mongo.count('region')).toBe(33);
    expect(mongo.count('site')).toBe(2000);
    expect(mongo.count('location')).toBe(5000);
    expect(mongo.get('region', 'region-4')).toEqual({ name: 'region-4', parent: 'parent-1', sites: expect.any(Array) });
    expect(mongo.get('site', 'site-7')).toMatchObject({ name: 'site-7', region: 'region-7', status: 'active', asn: 65007, neighbors: [] });
    expect(mongo.get('site', 'site-7').locations).toEqual(['site-7__room-0', 'site-7__room-1', 'site-7__room-2']);
    expect(mongo.get('region', 'region-7').sites).toHaveLength(67);
  });

  it('fails with a typed error naming the record and field for a dangling reference', async () => {
    const ghost = await fixture.Region.create({ name: 'ghost', parent: null });
    await fixture.Site.create({ name: 'orphan', region: ghost._id, status: 'active', asn: 1 });
    await fixture.Region.deleteOne({ _id: ghost._id });
    const error = await adapter().load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).message).toMatch(/Invalid site record "orphan", field "region": refers to region [0-9a-f]{24}, which does not exist/);
  });
});

describe('MongooseAdapter as a sync target', () => {
  const data = {
    regions: [{ name: 'emea', parent: null }, { name: 'west', parent: 'emea' }],
    sites: [
      { name: 'ams1', region: 'west', status: 'active', asn: 65001, neighbors: ['fra1'] },
      { name: 'fra1', region: 'west', status: 'planned', asn: 65002, neighbors: [] },
    ],
    locations: [{ site: 'ams1', name: 'hall-a', floor: 1 }, { site: 'fra1', name: 'hall-b', floor: 2 }],
  };

  it('creates, updates and deletes through validated bulk writes, with change log and stamp', async () => {
    const target = adapter();
    await target.load();
    const first = await executeSync(calculateDiff(sourceWith(data), target), sourceWith(data), target);
    expect(first.ok).toBe(true);
    expect(first.counts.create.success).toBe(6);
    const west = await fixture.Region.findOne({ name: 'west' }).lean();
    const emea = await fixture.Region.findOne({ name: 'emea' }).lean();
    expect(String(west?.parent)).toBe(String(emea?._id));
    const ams1 = await fixture.Site.findOne({ name: 'ams1' }).lean();
    const fra1 = await fixture.Site.findOne({ name: 'fra1' }).lean();
    expect(String(ams1?.region)).toBe(String(west?._id));
    expect((ams1?.neighbors as Types.ObjectId[]).map(String)).toEqual([String(fra1?._id)]);
    expect((ams1 as Record<string, unknown> | null)?._ssot).toMatchObject({ job: 'test-job', runId: 'run-1' });
    expect(await handle.connection.collection('ssot_changelog').countDocuments({ action: 'create' })).toBe(6);

    // A second adapter sees what was written; then update one site and delete a location.
    const reloaded = adapter();
    await reloaded.load();
    expect(calculateDiff(sourceWith(data), reloaded).hasChanges()).toBe(false);
    const changed = { ...data, sites: [{ ...data.sites[0]!, status: 'retired' }, data.sites[1]!], locations: [data.locations[0]!] };
    commands.length = 0;
    const second = await executeSync(calculateDiff(sourceWith(changed), reloaded), sourceWith(changed), reloaded);
    expect(second.ok).toBe(true);
    expect(second.counts.update.success).toBe(1);
    expect(second.counts.delete.success).toBe(1);
    expect(commands.filter((c) => c === 'update')).toHaveLength(1);
    expect(commands.filter((c) => c === 'delete')).toHaveLength(1);
    expect((await fixture.Site.findOne({ name: 'ams1' }).lean())?.status).toBe('retired');
    expect(await fixture.Location.countDocuments()).toBe(1);
    const log = await handle.connection.collection('ssot_changelog').findOne({ action: 'update' });
    expect(log).toMatchObject({ model: 'site', uid: 'ams1', runId: 'run-1', job: 'test-job', before: { status: 'active' }, after: { status: 'retired' } });
    expect(log?.before.locations).toBeUndefined();
  });

  it('a document that fails validation or a unique index fails its own element, not the batch', async () => {
    await fixture.Site.collection.insertOne({ name: 'taken', region: null, status: 'active', asn: 1, code: 'x' });
    const target = adapter();
    // The pre-existing document is not part of a mapped region, so the adapter is loaded empty on purpose.
    await fixture.Site.deleteMany({});
    await target.load();
    const bad = {
      regions: [{ name: 'emea', parent: null }],
      sites: [
        { name: 'good', region: 'emea', status: 'active', asn: 65001, neighbors: [] },
        { name: 'bad-status', region: 'emea', status: 'on-fire', asn: 65002, neighbors: [] },
        { name: 'bad-asn', region: 'emea', status: 'active', asn: 0, neighbors: [] },
      ],
      locations: [],
    };
    const result = await executeSync(calculateDiff(sourceWith(bad), target), sourceWith(bad), target, { continueOnFailure: true });
    const byUid = Object.fromEntries(result.results.map((r) => [r.uid, r]));
    expect(byUid.good?.status).toBe('success');
    expect(byUid['bad-status']?.status).toBe('failure');
    expect(byUid['bad-status']?.message).toMatch(/field "status": .*on-fire/);
    expect(byUid['bad-asn']?.message).toMatch(/field "asn"/);
    expect(await fixture.Site.countDocuments()).toBe(1);
  });

  it('reports a duplicate key from the server on the element that caused it', async () => {
    const target = adapter();
    await target.load();
    await fixture.Region.collection.insertOne({ name: 'dup', parent: null });
    const source = sourceWith({ regions: [{ name: 'dup', parent: null }, { name: 'fine', parent: null }], sites: [], locations: [] });
    const result = await executeSync(calculateDiff(source, target), source, target, { continueOnFailure: true });
    const dup = result.results.find((r) => r.uid === 'dup');
    expect(dup?.status).toBe('failure');
    expect(dup?.message).toMatch(/E11000 duplicate key error/);
    expect(result.results.find((r) => r.uid === 'fine')?.status).toBe('success');
  });

  it('writes the same documents one call per record in per-document mode (for comparison)', async () => {
    const target = adapter({ writeMode: 'per-document' });
    await target.load();
    // One call per record: a reference to a record of the same model resolves only when that record came first.
    const ordered = { ...data, sites: [data.sites[1]!, data.sites[0]!] };
    const result = await executeSync(calculateDiff(sourceWith(ordered), target), sourceWith(ordered), target);
    expect(result.results.filter((r) => r.status !== 'success')).toEqual([]);
    expect(await fixture.Location.countDocuments()).toBe(2);
    expect(target.writeCommands).toBeGreaterThanOrEqual(6);
  });

  it('applies the whole sync in one transaction: committed when all succeed, nothing written otherwise', async () => {
    const committed = adapter({ transaction: true });
    await committed.load();
    const ok = await executeSync(calculateDiff(sourceWith(data), committed), sourceWith(data), committed);
    expect(ok.ok).toBe(true);
    expect(await fixture.Site.countDocuments()).toBe(2);
    expect(await handle.connection.collection('ssot_changelog').countDocuments()).toBe(6);

    await Promise.all([fixture.Region.deleteMany({}), fixture.Site.deleteMany({}), fixture.Location.deleteMany({}), handle.connection.collection('ssot_changelog').deleteMany({})]);
    const aborted = adapter({ transaction: true });
    await aborted.load();
    const bad = { ...data, sites: [data.sites[1]!, { ...data.sites[0]!, status: 'on-fire' }] };
    const result = await executeSync(calculateDiff(sourceWith(bad), aborted), sourceWith(bad), aborted, { continueOnFailure: true });
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'TRANSACTION_ABORTED', message: expect.stringMatching(/transaction was aborted/) });
    // Every write that had succeeded was undone with the transaction: rolled back, not success.
    expect(result.counts.create).toMatchObject({ success: 0, failure: 1, skipped: 1, rolledBack: 4 });
    expect(result.results.filter((r) => r.status === 'rolledBack').map((r) => r.uid).sort()).toEqual(['emea', 'fra1', 'fra1__hall-b', 'west']);
    expect(await fixture.Region.countDocuments()).toBe(0);
    expect(await fixture.Site.countDocuments()).toBe(0);
    expect(await handle.connection.collection('ssot_changelog').countDocuments()).toBe(0);
  });

  it('marks the writes rolled back when the commit itself fails', async () => {
    const seeded = adapter();
    await seeded.load();
    expect((await executeSync(calculateDiff(sourceWith(data), seeded), sourceWith(data), seeded)).ok).toBe(true);
    const target = adapter({ transaction: true });
    await target.load();
    const changed = { ...data, sites: [{ ...data.sites[0]!, status: 'retired' }, data.sites[1]!] };
    // Someone else changes the same document after the transaction wrote it: the commit fails with a write conflict.
    const siteHandlers = target.handlers.site!;
    const updateMany = siteHandlers.updateMany!;
    siteHandlers.updateMany = async (inputs) => {
      const outcomes = await updateMany(inputs);
      await fixture.Site.collection.updateOne({ name: 'ams1' }, { $set: { asn: 1 } });
      return outcomes;
    };
    const result = await executeSync(calculateDiff(sourceWith(changed), target), sourceWith(changed), target);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'TRANSACTION_ABORTED', message: expect.stringMatching(/commit failed.*[Ww]rite conflict/) });
    expect(result.counts.update).toMatchObject({ success: 0, rolledBack: 1 });
    expect((await fixture.Site.findOne({ name: 'ams1' }).lean())?.status).toBe('active');
  });

  it('logs the outcomes of an aborted transaction as rolled back in the run history, none as success', async () => {
    const bad = { ...data, sites: [data.sites[1]!, { ...data.sites[0]!, status: 'on-fire' }] };
    const job = defineJob({
      name: 'places-into-mongo',
      direction: 'data-source',
      source: 'places',
      target: 'mongo',
      parameters: z.object({}),
      flags: { continueOnFailure: true },
      loadSource: async () => sourceWith(bad),
      loadTarget: async () => {
        const target = adapter({ transaction: true });
        await target.load();
        return target;
      },
    });
    const recorder = new MemoryRecorder();
    const record = await runJob(job, { params: {}, recorder, memory: false });
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('TRANSACTION_ABORTED');
    const statuses = recorder.logs(record.id).map((entry) => `${entry.uid}:${entry.status}`).sort();
    expect(statuses).toEqual(['ams1:failure', 'ams1__hall-a:skipped', 'emea:rolledBack', 'fra1:rolledBack', 'fra1__hall-b:rolledBack', 'west:rolledBack']);
    expect(await fixture.Region.countDocuments()).toBe(0);
  });
});

describe('MongooseAdapter.checkWrites', () => {
  interface Tenant { slug: string; code: string | null; note: string }
  const tenant = defineModel<Tenant>()({ name: 'tenant', identifiers: ['slug'], attributes: ['code', 'note'] });
  const tenantModels = { tenant };

  function tenants() {
    const schema = new Schema({ slug: { type: String, required: true, unique: true }, code: { type: String, uppercase: true, unique: true, sparse: true, default: null }, note: { type: String, maxlength: 8 } });
    const Tenant = handle.connection.models.Tenant ?? handle.connection.model('Tenant', schema);
    return { Tenant, mapping: defineMongooseMapping(tenantModels, { tenant: { model: Tenant } }) };
  }

  function tenantSource(rows: Tenant[]): Adapter<typeof tenantModels> {
    const source = new Adapter({ name: 'source', models: tenantModels, topLevel: ['tenant'] });
    for (const row of rows) source.add('tenant', { ...row });
    return source;
  }

  it('predicts validation errors and unique clashes on attributes (after the diff), and the sync refuses exactly those', async () => {
    const { Tenant, mapping } = tenants();
    await Tenant.init();
    await Tenant.deleteMany({});
    await Tenant.insertMany([{ slug: 'a', code: 'X1', note: '' }, { slug: 'b', code: 'Y1', note: '' }, { slug: 'c', code: 'Z1', note: '' }]);
    const target = new MongooseAdapter({ name: 'mongo', mapping, topLevel: ['tenant'], changeLog: false });
    await target.load();
    const wanted = tenantSource([
      { slug: 'a', code: 'X1', note: '' },
      { slug: 'b', code: 'x1', note: '' }, // the uppercase setter makes it X1: taken by a
      // c is deleted, but the sync may create d before it deletes c: Z1 may still be taken
      { slug: 'd', code: 'Z1', note: '' },
      { slug: 'e', code: 'W1', note: '' },
      { slug: 'f', code: 'W1', note: '' }, // the same key as e, created before it
      { slug: 'g', code: null, note: '' },
      { slug: 'h', code: null, note: 'too long a note' }, // the sparse index leaves nulls out; the note is too long
    ]);
    const diff = calculateDiff(wanted, target);
    const started = commands.length;
    const problems = await target.checkWrites(diff);
    expect(commands.slice(started)).toEqual([]);
    expect(problems).toEqual([
      { model: 'tenant', uid: 'b', action: 'update', field: 'code', message: `E11000 duplicate key error collection: ${handle.connection.name}.tenants index: code_1 dup key: { code: "X1" } (held by tenant "a")` },
      { model: 'tenant', uid: 'd', action: 'create', field: 'code', message: `E11000 duplicate key error collection: ${handle.connection.name}.tenants index: code_1 dup key: { code: "Z1" } (held by tenant "c", which this diff deletes, but the sync may write this record first)` },
      { model: 'tenant', uid: 'f', action: 'create', field: 'code', message: `E11000 duplicate key error collection: ${handle.connection.name}.tenants index: code_1 dup key: { code: "W1" } (held by tenant "e")` },
      { model: 'tenant', uid: 'h', action: 'create', field: 'note', message: expect.stringMatching(/^field "note": Path `note` .* is longer than the maximum allowed length \(8\)\.$/) },
    ]);

    const result = await executeSync(diff, wanted, target, { continueOnFailure: true });
    expect(result.results.filter((r) => r.status !== 'success').map((r) => `${r.uid} ${r.status} ${r.message?.slice(0, 39) ?? ''}`).sort()).toEqual([
      'b failure E11000 duplicate key error collection: ',
      'd failure E11000 duplicate key error collection: ',
      'f failure E11000 duplicate key error collection: ',
      'h failure field "note": Path `note` (`too long a ',
    ]);
  });
});
