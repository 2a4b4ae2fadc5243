// A stand-in inventory for the NetBox jobs: an InventoryData JSON file, written back atomically after a sync.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Adapter, SsotError, writeFileAtomic, type SyncResult } from '@ssot/core';
import { addInventoryData, inventoryDataOf, type InventoryData } from '@ssot/inventory';
import { z } from 'zod';
import { inventoryModels, inventoryTopLevel, type InventoryModels } from './models.js';
import type { NetboxInventorySide } from './netbox-jobs.js';

/** An inventory adapter kept in a JSON file ({@link InventoryData} shape). */
export class InventoryFileAdapter extends Adapter<InventoryModels> {
  /** Absolute path of the file. */
  readonly file: string;
  /** Whether {@link InventoryFileAdapter.syncComplete} writes the file back. */
  readonly writable: boolean;

  /**
   * @param file - the JSON file (need not exist: the inventory then starts empty)
   * @param writable - write the file back after a sync
   */
  constructor(file: string, writable: boolean) {
    super({ name: 'inventory', models: inventoryModels, topLevel: inventoryTopLevel });
    this.file = resolve(file);
    this.writable = writable;
  }

  /** Reads the file, if it exists, and adds every record (parents found in memory). */
  override async load(): Promise<void> {
    if (!existsSync(this.file)) return;
    let data: Partial<InventoryData>;
    try {
      data = JSON.parse(await readFile(this.file, 'utf8')) as Partial<InventoryData>;
    } catch (error) {
      throw new SsotError('INVALID_FILE', `${this.file} is not a valid inventory JSON file: ${error instanceof Error ? error.message : String(error)}`);
    }
    addInventoryData(this, { region: [], site: [], device: [], interface: [], vlan: [], ...data });
  }

  /** Writes the records back (temporary file + rename: the file is never half-written). */
  override async syncComplete(_source: Adapter, _result: SyncResult): Promise<void> {
    if (!this.writable) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(inventoryDataOf(this), null, 2)}\n`);
  }
}

/**
 * The inventory side of the NetBox jobs backed by a JSON file named by the `inventoryFile`
 * parameter: read as the source (it must exist: a missing file fails the load rather than read as an
 * empty inventory); as the target, created when missing and written back after a real (not dry) run.
 *
 * @returns the inventory side for {@link createNetboxJobs}
 */
export function fileInventory(): NetboxInventorySide {
  return {
    description: 'inventory JSON file',
    parameters: {
      inventoryFile: z
        .string()
        .min(1)
        .default('.ssot/netbox/inventory.json')
        .describe('inventory JSON file (InventoryData shape); created by netbox-to-inventory when missing; must exist for inventory-to-netbox (a missing file fails the run, it is never read as empty)'),
    },
    async load(context, role) {
      const file = context.params['inventoryFile'];
      if (typeof file !== 'string') throw new SsotError('INVALID_PARAMETER', 'Parameter "inventoryFile" must be a file path.', { field: 'inventoryFile' });
      if (role === 'source' && !existsSync(resolve(file))) {
        // Read as the source of truth, a missing file would be an empty inventory: every NetBox object would be deleted.
        throw new SsotError(
          'INVALID_PARAMETER',
          `Parameter "inventoryFile": ${resolve(file)} does not exist. As the source it is not read as an empty inventory (that would delete every object in NetBox); pass the path of an existing inventory file, or run netbox-to-inventory first.`,
          { field: 'inventoryFile' },
        );
      }
      const adapter = new InventoryFileAdapter(file, role === 'target' && !context.dryRun);
      await adapter.load();
      return adapter;
    },
  };
}
