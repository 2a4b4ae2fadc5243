// The jobs this package provides to the ssot CLI (`"ssot": { "jobs": "./dist/jobs.js" }`): NetBox <-> the MongoDB inventory.
import { mongoInventory } from './mongo-inventory.js';
import { createNetboxJobs } from './netbox-jobs.js';

/**
 * `netbox-to-inventory` and `inventory-to-netbox` over the MongoDB inventory. Pass another
 * inventory side to {@link createNetboxJobs} for another store (the package also has
 * `fileInventory()`, an inventory JSON file).
 */
export const jobs = createNetboxJobs(mongoInventory());
