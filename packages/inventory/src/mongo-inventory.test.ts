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

  it('records whose names contain "__" sync in and converge (references by name, unique ids escaped)', async () => {
    const data = JSON.parse(JSON.stringify(sampleInventory(2)).replaceAll('site1', 'site__1')) as ReturnType<typeof sampleInventory>;
    const names = source(data);
    // References to records with two identifiers hold the referenced record's unique id, which escapes "__".
    for (const ip of data.ip_address ?? []) {
      const device = data.device.find((d) => ip.interface?.startsWith(`${d.name}__`));
      if (device !== undefined && ip.interface !== null) ip.interface = names.uniqueId('interface', { device: device.name, name: ip.interface.slice(device.name.length + 2) });
    }
    for (const prefix of data.prefix ?? []) {
      const vlan = data.vlan.find((v) => prefix.vlan === `${v.site}__${v.vid}`);
      if (vlan !== undefined) prefix.vlan = names.uniqueId('vlan', { site: vlan.site, vid: vlan.vid });
    }
    await handle.connection.dropDatabase();
    await ensureInventoryIndexes(handle.connection);
    const target = createMongoInventoryAdapter({ connection: handle.connection });
    await target.load();
    const result = await executeSync(calculateDiff(source(data), target), source(data), target);
    expect(result.results.filter((r) => r.status !== 'success')).toEqual([]);
    const reloaded = createMongoInventoryAdapter({ connection: handle.connection });
    await reloaded.load();
    expect(reloaded.get('device', 'site%5F%5F1-sw1')).toMatchObject({ name: 'site__1-sw1', site: 'site__1' });
    expect(calculateDiff(source(data), reloaded).summary()).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it.each(['bulk', 'per-document'] as const)('an update or delete of a document deleted in MongoDB since the load is a failure (gone), not a success (%s)', async (writeMode) => {
    await handle.connection.dropDatabase();
    await ensureInventoryIndexes(handle.connection);
    const seeded = createMongoInventoryAdapter({ connection: handle.connection });
    await seeded.load();
    await executeSync(calculateDiff(source(), seeded), source(), seeded);

    const data = sampleInventory();
    const renamed = data.interface.filter((i) => i.device === 'site1-sw1');
    for (const iface of renamed) iface.mtu = 9100; // updates
    data.ip_address = (data.ip_address ?? []).filter((ip) => !ip.interface?.startsWith('site1-sw1__')); // deletes
    const target = createMongoInventoryAdapter({ connection: handle.connection, writeMode });
    await target.load();
    const diff = calculateDiff(source(data), target);
    expect(diff.summary().update).toBe(renamed.length);
    // Someone deletes the documents in MongoDB after the load.
    await handle.connection.collection('interfaces').deleteMany({ name: { $in: ['Ethernet1', 'Ethernet2'] }, device: target.documentId('device', 'site1-sw1') as never });
    const gone = await handle.connection.collection('ip_addresses').findOneAndDelete({ dns_name: 'site1-sw1.example.net' });
    expect(gone).not.toBeNull();

    const result = await executeSync(diff, source(data), target, { continueOnFailure: true });
    const failed = result.results.filter((r) => r.status === 'failure');
    expect(failed.map((r) => `${r.action} ${r.model} ${r.uid}`).sort()).toEqual(['delete ip_address 10.1.0.2/24', 'update interface site1-sw1__Ethernet1', 'update interface site1-sw1__Ethernet2']);
    for (const r of failed) expect(r.message).toMatch(/^gone: the document was deleted from (interfaces|ip_addresses) since it was loaded, so nothing was (updated|deleted)$/);
    expect(result.counts.update.success).toBe(renamed.length - 2);
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
