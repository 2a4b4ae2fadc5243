// Public entry of @ssot/inventory: the reference network inventory's models and plain-data helpers.
export { addInventoryData, createInventoryAdapter, inventoryDataOf } from './inventory-data.js';
export type { InventoryData } from './inventory-data.js';
export { device, iface, inventoryModels, inventoryTopLevel, ipAddress, prefix, region, site, vlan } from './models.js';
export type { Device, Interface, InventoryModels, IpAddress, Prefix, Region, Site, Vlan } from './models.js';
export { createMongoInventoryAdapter, ensureInventoryIndexes, inventoryMongooseMapping } from './mongo-inventory.js';
export type { MongoInventoryOptions } from './mongo-inventory.js';
export { inventoryMongooseModelNames, inventoryMongooseModels, inventorySchemas } from './mongo-schemas.js';
export type { InventorySchemas } from './mongo-schemas.js';
export { loadMongoInventory, mongoInventoryParameters } from './mongo-inventory-job.js';
export type { MongoInventoryParams } from './mongo-inventory-job.js';
