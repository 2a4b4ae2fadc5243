// The models the file integration reads and writes: the reference inventory's, in file order (parents first).
import { inventoryModels, inventoryTopLevel, type InventoryModels } from '@ssot/inventory';

/** The models held in inventory files: the reference inventory's models. */
export const fileModels: InventoryModels = inventoryModels;

/** Root models of the file adapter's record tree (the inventory's). */
export const fileTopLevel = inventoryTopLevel;

/** A model name of the inventory. */
export type FileModelName = keyof InventoryModels & string;

/** Models in the order they are read and written: every parent and referenced model before the models that use it. */
export const fileModelOrder: readonly FileModelName[] = ['region', 'site', 'device', 'interface', 'vlan', 'prefix', 'ip_address'];
