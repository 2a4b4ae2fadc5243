import { calculateDiff, executeSync } from '@ssot/core';
import { connectMongo, type MongoHandle } from '@ssot/mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInventory } from './__fixtures__/sample.js';
import { addInventoryData, createInventoryAdapter, inventoryDataOf } from './inventory-data.js';
import { createMongoInventoryAdapter, ensureInventoryIndexes } from './mongo-inventory.js';

let handle: MongoHandle;
const finds: string[] = [];

beforeAll(async () => {
  handle = await connectMongo({ dbName: `ssot_inventory_${process.pid}`, connectOptions: { monitorCommands: true } });
  handle.connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'find') finds.push(String(event.command.find));
  });
  await ensureInventoryIndexes(handle.connection);
});

afterAll(async () => {
  await handle.connection.dropDatabase();
  await handle.close();
});

function source(data = sampleInventory()) {
  const adapter = createInventoryAdapter('file');
  addInventoryData(adapter, data);
  return adapter;
}

describe('inventory in MongoDB', () => {
  it('plain data round-trips through an adapter', () => {
    const data = sampleInventory();
    const back = inventoryDataOf(source(data));
    expect(back.interface).toEqual(data.interface);
    expect(back.region).toEqual(data.region);
  });

  it('syncs every model in, reloads with one query per collection and finds nothing left to change', async () => {
    const target = createMongoInventoryAdapter({ connection: handle.connection, run: { id: 'r1', job: 'test' } });
    await target.load();
    const result = await executeSync(calculateDiff(source(), target), source(), target);
    expect(result.results.filter((r) => r.status !== 'success')).toEqual([]);
    expect(result.counts.create.success).toBe(2 + 4 + 8 + 24 + 4 + 4 + 8);

    finds.length = 0;
    const reloaded = createMongoInventoryAdapter({ connection: handle.connection });
    await reloaded.load();
    expect(finds.sort()).toEqual(['devices', 'interfaces', 'ip_addresses', 'prefixes', 'regions', 'sites', 'vlans']);
    expect(calculateDiff(source(), reloaded).hasChanges()).toBe(false);
    expect(reloaded.get('ip_address', '10.1.0.2/24')).toMatchObject({ interface: 'site1-sw1__Ethernet1', dns_name: 'site1-sw1.example.net' });
    expect(reloaded.get('prefix', '10.2.0.0/24')).toMatchObject({ site: 'site2', vlan: 'site2__10' });
  });

  it('rejects invalid records with the schema message, one element at a time', async () => {
    const data = sampleInventory(5);
    const broken = data.interface.find((i) => i.device === 'site4-sw0' && i.name === 'Ethernet2');
    if (broken) broken.mtu = 10;
    const target = createMongoInventoryAdapter({ connection: handle.connection });
    await target.load();
    const result = await executeSync(calculateDiff(source(data), target), source(data), target, { continueOnFailure: true });
    const failed = result.results.filter((r) => r.status === 'failure');
    expect(failed.map((r) => r.uid)).toEqual(['site4-sw0__Ethernet2']);
    expect(failed[0]?.message).toBe('field "mtu": MTU 10 must be 0 (not set) or between 68 and 65536');
  });
});
