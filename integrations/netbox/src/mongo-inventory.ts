// The MongoDB inventory as the NetBox jobs' inventory side (the embedded test server unless a MongoDB URI is given).
import type { JobContext } from '@ssot/core';
import { loadMongoInventory, mongoInventoryParameters, type MongoInventoryParams } from '@ssot/inventory';
import type { NetboxInventorySide } from './netbox-jobs.js';
import type { NetboxJobParams } from './parameters.js';

/**
 * The inventory side backed by MongoDB through `@ssot/inventory`: parameters `mongodbUri` (secret;
 * default `MONGODB_URI`, else the embedded test server), `database` and `embeddedDataDir`. Writes
 * go through validated bulk writes with a change log, stamped with the run.
 *
 * @returns the inventory side for {@link createNetboxJobs}
 */
export function mongoInventory(): NetboxInventorySide {
  return {
    description: 'MongoDB inventory',
    parameters: mongoInventoryParameters,
    secrets: ['mongodbUri'],
    // The job's schema (NetBox parameters merged with the ones above) validated these before the run started.
    load: (context) => loadMongoInventory(context as unknown as JobContext<NetboxJobParams & MongoInventoryParams>),
  };
}
