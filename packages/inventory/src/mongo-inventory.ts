// The inventory in MongoDB as an ssot adapter: the mapping from models to collections and a ready-made adapter factory.
import type { Logger } from '@ssot/core';
import { defineMongooseMapping, MongooseAdapter, ref, type MongooseAdapterOptions, type MongooseMapping } from '@ssot/mongoose';
import type { Connection } from 'mongoose';
import { inventoryModels, inventoryTopLevel, type InventoryModels } from './models.js';
import { inventoryMongooseModels } from './mongo-schemas.js';

/**
 * How the inventory models are stored: references by ObjectId for region parents, sites,
 * devices, interfaces and VLANs; every other field under its own name.
 *
 * @param connection - the connection whose models to use
 * @returns the checked mapping
 */
export function inventoryMongooseMapping(connection: Connection): MongooseMapping<InventoryModels> {
  const models = inventoryMongooseModels(connection);
  return defineMongooseMapping(inventoryModels, {
    region: { model: models.region, fields: { parent: ref('region') } },
    site: { model: models.site, fields: { region: ref('region') } },
    device: { model: models.device, fields: { site: ref('site') } },
    interface: { model: models.interface, fields: { device: ref('device') } },
    vlan: { model: models.vlan, fields: { site: ref('site') } },
    prefix: { model: models.prefix, fields: { site: ref('site'), vlan: ref('vlan') } },
    ip_address: { model: models.ip_address, fields: { interface: ref('interface') } },
  });
}

/** Options of {@link createMongoInventoryAdapter}. */
export interface MongoInventoryOptions extends Omit<MongooseAdapterOptions<InventoryModels>, 'mapping' | 'topLevel' | 'stamp'> {
  /** The connection. */
  connection: Connection;
  /** Stamp written documents with the job and time (default `true`). */
  stamp?: boolean;
  /** Logger (silent by default). */
  logger?: Logger;
}

/**
 * An (unloaded) adapter over the inventory in MongoDB, with change log and stamp on by default.
 * Call `syncIndexes()` once on a new database (see {@link ensureInventoryIndexes}).
 *
 * @param options - connection, name, run, write mode, transaction
 * @returns the adapter
 * @example
 * ```ts
 * import { createMongoInventoryAdapter, ensureInventoryIndexes } from '@ssot/inventory';
 * import { connectMongo } from '@ssot/mongoose';
 *
 * const mongo = await connectMongo({ dbName: 'ssot' }); // MONGODB_URI, else the embedded test server
 * await ensureInventoryIndexes(mongo.connection); // once, on a new database
 * const inventory = createMongoInventoryAdapter({ connection: mongo.connection, run: { id: 'manual-1', job: 'manual-fix' } });
 * await inventory.load();
 * console.log(inventory.count('device'), inventory.getOrNull('device', 'ams1-core1')?.platform);
 * await inventory.syncFrom(netbox); // validated writes, stamped with the run and change-logged
 * await mongo.close();
 * ```
 */
export function createMongoInventoryAdapter(options: MongoInventoryOptions): MongooseAdapter<InventoryModels> {
  const { connection, stamp, ...rest } = options;
  return new MongooseAdapter({ name: 'inventory', ...rest, connection, mapping: inventoryMongooseMapping(connection), topLevel: inventoryTopLevel, ...(stamp === false ? {} : { stamp: {} }) });
}

/**
 * Creates the inventory's indexes (unique names, per-parent uniqueness, reference lookups).
 *
 * @param connection - the connection
 */
export async function ensureInventoryIndexes(connection: Connection): Promise<void> {
  await Promise.all(Object.values(inventoryMongooseModels(connection)).map((model) => model.init()));
}
