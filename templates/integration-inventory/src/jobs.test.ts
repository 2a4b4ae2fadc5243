// The __name__-to-inventory job end to end: the test server as __Name__, the MongoDB of the global setup (the test server unless MONGODB_URI is set) as the inventory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecorder, runJob } from '@ssot/core';
import { addInventoryData, createInventoryAdapter, createMongoInventoryAdapter, ensureInventoryIndexes, inventoryDataOf } from '@ssot/inventory';
import { connectMongo } from '@ssot/mongoose';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './__fixtures__/test-server.js';
import { __name_camel__ToInventory, jobs } from './index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

let server: TestServer;
let dir: string;
let database: string;
let databases = 0;

beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), '__name__-test-'));
  databases += 1;
  database = `__name_camel___test_${process.pid}_${databases}`;
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** The inventory as the job finds it: a region and a site (which __Name__ does not feed), and a device __Name__ no longer has. */
async function seedInventory(): Promise<void> {
  const mongo = await connectMongo({ uri: inject('mongodbUri'), dbName: database });
  try {
    await ensureInventoryIndexes(mongo.connection);
    const seed = createInventoryAdapter('seed');
    addInventoryData(seed, {
      region: [{ name: 'emea', parent: null, description: '', sort_order: 0, tags: [] }],
      site: [{ name: 'ams1', region: 'emea', status: 'active', asn: 65001, facility: null, time_zone: 'Europe/Amsterdam', tags: [] }],
      device: [{ name: 'ams1-old1', site: 'ams1', role: 'edge', platform: 'eos', serial: 'SN-0999', asset_tag: null, tags: [] }],
      interface: [{ device: 'ams1-old1', name: 'Ethernet1', type: '1000base-t', enabled: true, mtu: 1500, description: null, tags: [] }],
      vlan: [],
    });
    const inventory = createMongoInventoryAdapter({ connection: mongo.connection });
    await inventory.load();
    const result = await inventory.syncFrom(seed);
    expect(result.ok).toBe(true);
  } finally {
    await mongo.close();
  }
}

/** What the inventory holds now. */
async function readInventory(): Promise<ReturnType<typeof inventoryDataOf>> {
  const mongo = await connectMongo({ uri: inject('mongodbUri'), dbName: database });
  try {
    const inventory = createMongoInventoryAdapter({ connection: mongo.connection });
    await inventory.load();
    return inventoryDataOf(inventory);
  } finally {
    await mongo.close();
  }
}

describe('__name__-to-inventory', () => {
  it('is the package\'s job', () => {
    expect(jobs.map((job) => job.name)).toContain('__name__-to-inventory');
  });

  it('a dry run writes nothing; the run makes the devices and interfaces match; a second run has nothing to change', async () => {
    await seedInventory();
    const before = await readInventory();
    const params = { baseUrl: server.url, token: server.token, mongodbUri: inject('mongodbUri'), database, embeddedDataDir: join(dir, 'mongodb') };
    const recorder = new MemoryRecorder();

    const dry = await runJob(__name_camel__ToInventory, { params, dryRun: true, recorder });
    expect(dry.status, JSON.stringify(dry.error)).toBe('succeeded');
    // Two devices with two interfaces each to create; the old device and its interface to delete; the region and site not even compared.
    expect(dry.summary).toMatchObject({ create: 6, update: 0, delete: 2 });
    expect(await readInventory()).toEqual(before);

    const real = await runJob(__name_camel__ToInventory, { params, recorder });
    expect(real.status, JSON.stringify(real.error)).toBe('succeeded');
    expect(real.syncCounts?.create.success).toBe(6);
    expect(real.syncCounts?.delete.success).toBe(2);
    const after = await readInventory();
    expect(after.device.map((device) => device.name).sort()).toEqual(['ams1-core1', 'ams1-edge1']);
    expect(after.interface).toHaveLength(4);
    expect(after.region).toEqual(before.region);
    expect(after.site).toEqual(before.site);

    const again = await runJob(__name_camel__ToInventory, { params, recorder });
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, noChange: 6 });

    // A change in __Name__ is one update.
    const edge = server.devices.find((device) => device.hostname === 'ams1-edge1');
    if (edge !== undefined) edge.role = 'spine';
    const changed = await runJob(__name_camel__ToInventory, { params, recorder });
    expect(changed.summary).toMatchObject({ create: 0, update: 1, delete: 0 });
    expect((await readInventory()).device.find((device) => device.name === 'ams1-edge1')?.role).toBe('spine');
  });

  it('fails a device whose site the inventory does not have, naming the site', async () => {
    await seedInventory();
    server.devices.push({ hostname: 'fra1-edge1', site: 'fra1', role: 'edge', platform: 'eos', serial_number: 'SN-0003', asset_tag: null, tags: [], interfaces: [] });
    const params = { baseUrl: server.url, token: server.token, mongodbUri: inject('mongodbUri'), database, embeddedDataDir: join(dir, 'mongodb') };
    const recorder = new MemoryRecorder();
    const run = await runJob(__name_camel__ToInventory, { params, recorder });
    expect(run.status).toBe('failed');
    const failed = recorder.logs(run.id).filter((entry) => entry.status === 'failure' || entry.status === 'error');
    expect(failed.map((entry) => `${entry.model} ${entry.uid}: ${entry.message}`).join('\n')).toMatch(/device fra1-edge1: .*fra1/);
  });

  it('never records the token or the MongoDB connection string', async () => {
    const params = { baseUrl: server.url, token: server.token, mongodbUri: 'mongodb://admin:s3cret-pw@127.0.0.1:1/?serverSelectionTimeoutMS=200', database };
    const record = await runJob(__name_camel__ToInventory, { params });
    expect(record.status).toBe('failed');
    expect(record.parameters).toMatchObject({ token: '[REDACTED]', mongodbUri: '[REDACTED]' });
    expect(JSON.stringify(record)).not.toContain('s3cret-pw');
    expect(JSON.stringify(record)).not.toContain(server.token);
  });
});
