// Models of the __Name__ integration: the MongoDB inventory's own models (not copies), so both sides of a job match record for record.
import { inventoryModels, type InventoryModels } from '@ssot/inventory';

/** Every model, keyed by name: the inventory's definitions, shared by the __Name__ adapter and the inventory. */
export const models: InventoryModels = inventoryModels;

/** The __Name__ model map (the inventory's). */
export type __Name__Models = InventoryModels;

/** The models __Name__ feeds, parents first: devices and their interfaces. Its job changes these and nothing else. */
export const modelNames = ['device', 'interface'] as const;

/** Name of a model __Name__ feeds. */
export type __Name__ModelName = (typeof modelNames)[number];

/** The root of what __Name__ feeds: devices (interfaces are their children, `device > interface`). */
export const topLevel = ['device'] as const;

