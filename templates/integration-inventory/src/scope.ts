// What __Name__'s job may change in the inventory: its devices and their interfaces, never the regions, sites, VLANs, prefixes or IP addresses.
import { Adapter, calculateDiff, type Diff, type DiffOptions } from '@ssot/core';
import { topLevel, type __Name__Models } from './models.js';

/**
 * The inventory seen from __Name__'s models: the same records (the store is shared, nothing is
 * copied), with devices at the top. A diff against it covers devices and their interfaces only.
 *
 * @param inventory - the loaded inventory adapter
 * @returns the view
 */
export function ownedView(inventory: Adapter<__Name__Models>): Adapter<__Name__Models> {
  return new Adapter({ name: inventory.name, models: inventory.models, topLevel, store: inventory.store });
}

/**
 * The diff that makes the inventory's devices and interfaces equal to __Name__'s. The inventory's
 * other models (regions, sites, VLANs, prefixes, IP addresses) are left out: __Name__ does not feed
 * them, so they are neither deleted nor counted. A device still refers to its site by name, and its
 * creation fails (naming the site) when the inventory has no such site.
 *
 * @example
 * ```ts
 * const diff = diffOwned(source, await loadMongoInventory(context), context.diffOptions);
 * console.log(diff.summary());
 * ```
 *
 * @param source - the loaded __Name__ adapter
 * @param inventory - the loaded inventory adapter
 * @param options - the diff options (in a job: `context.diffOptions`, the job's flags, signal and progress)
 * @returns the diff, to apply to `inventory`
 */
export function diffOwned(source: Adapter<__Name__Models>, inventory: Adapter<__Name__Models>, options: DiffOptions = {}): Diff {
  return calculateDiff(source, ownedView(inventory), options);
}
