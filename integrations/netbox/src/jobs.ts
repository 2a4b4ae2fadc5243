// The jobs this package provides to the ssot CLI (`"ssot": { "jobs": "./dist/jobs.js" }`): NetBox <-> an inventory JSON file.
import { fileInventory } from './inventory-file.js';
import { createNetboxJobs } from './netbox-jobs.js';

/**
 * `netbox-to-inventory` and `inventory-to-netbox` over an inventory JSON file (parameter
 * `inventoryFile`). Pass another inventory side to {@link createNetboxJobs} for MongoDB.
 */
export const jobs = createNetboxJobs(fileInventory());
