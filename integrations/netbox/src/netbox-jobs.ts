// The NetBox jobs, made by a factory that takes the inventory side: NetBox -> inventory and inventory -> NetBox.
import { decodeUniqueId, defineJob, type Adapter, type DataMapping, type JobContext, type JobDefinition, type ObjectLink } from '@ssot/core';
import type { z } from 'zod';
import { createNetboxAdapter, type NetboxAdapter } from './adapter.js';
import { slugify } from './mapping.js';
import type { InventoryModels } from './models.js';
import { adapterOptionsOf, netboxParameters, type NetboxJobParams } from './parameters.js';

/** The inventory (source of truth) side of the NetBox jobs. */
export interface NetboxInventorySide {
  /** What the inventory is, for users (`MongoDB inventory at ...`). */
  description: string;
  /** Extra job parameters the inventory needs (merged into the NetBox parameters). */
  parameters?: Record<string, z.ZodType> | undefined;
  /** Which of the extra parameters are secrets (redacted like the NetBox token). */
  secrets?: readonly string[] | undefined;
  /**
   * Makes and loads the inventory adapter.
   *
   * @param context - the job context (parameters include the extra ones)
   * @param role - `source` (inventory -> NetBox) or `target` (NetBox -> inventory: it will be written)
   */
  load(context: JobContext<NetboxJobParams & Record<string, unknown>>, role: 'source' | 'target'): Promise<Adapter<InventoryModels>>;
}

/** Parameter schema of the NetBox jobs (NetBox parameters plus the inventory's). */
export type NetboxJobSchema = z.ZodType<NetboxJobParams & Record<string, unknown>>;

/** A NetBox job definition. */
export type NetboxJob = JobDefinition<NetboxJobSchema, InventoryModels>;

/** Name of the metrics entry the jobs store in the sync record. */
export const NETBOX_METRICS = 'netbox-http';

const API_DOCS = 'https://demo.netbox.dev/api/docs/';
const MODEL_DOCS = 'https://netboxlabs.com/docs/netbox/en/stable/models/';

/** Which NetBox field feeds which inventory field (NetBox -> inventory direction). */
export const netboxDataMappings: readonly DataMapping[] = [
  { source: 'dcim/regions: name, parent.name, description, tags[].name', target: 'region: name, parent, description, tags (sort_order: custom field or 0)', sourceUrl: `${API_DOCS}#/dcim/dcim_regions_list` },
  { source: 'dcim/sites: name, region.name, status.value, asns[0].asn (lowest), facility, time_zone, tags[].name', target: 'site: name, region, status, asn, facility, time_zone, tags', sourceUrl: `${API_DOCS}#/dcim/dcim_sites_list` },
  { source: 'dcim/devices: name, site.name, role.slug, platform.slug, serial, asset_tag, tags[].name', target: 'device: name, site, role, platform, serial, asset_tag, tags', sourceUrl: `${API_DOCS}#/dcim/dcim_devices_list` },
  { source: 'dcim/interfaces: device.name, name, type.value, enabled, mtu (null = 0), description, tags[].name', target: 'interface: device, name, type, enabled, mtu, description, tags', sourceUrl: `${API_DOCS}#/dcim/dcim_interfaces_list` },
  { source: 'ipam/vlans: site.name, vid, name, status.value, description, tags[].name', target: 'vlan: site, vid, name, status, description, tags', sourceUrl: `${API_DOCS}#/ipam/ipam_vlans_list` },
  { source: 'ipam/prefixes: prefix, scope (dcim.site) or site, vlan, status.value, description, tags[].name', target: 'prefix: prefix, site, vlan, status, description, tags', sourceUrl: `${API_DOCS}#/ipam/ipam_prefixes_list` },
  { source: 'ipam/ip-addresses: address, assigned_object (dcim.interface), status.value, dns_name, tags[].name', target: 'ip_address: address, interface, status, dns_name, tags', sourceUrl: `${API_DOCS}#/ipam/ipam_ip_addresses_list` },
  { source: 'dcim/device-roles, dcim/platforms, dcim/device-types, extras/tags, ipam/asns', target: 'lookups resolved by slug / name / AS number', sourceUrl: `${MODEL_DOCS}dcim/device/` },
];

/** The same mappings, inventory -> NetBox. */
export const inventoryDataMappings: readonly DataMapping[] = netboxDataMappings.map((mapping) => ({ source: mapping.target, target: mapping.source, ...(mapping.sourceUrl === undefined ? {} : { targetUrl: mapping.sourceUrl }) }));

const UI_PATHS: Record<string, (values: (string | null)[]) => string> = {
  region: ([name]) => `/dcim/regions/?name=${encodeURIComponent(name ?? '')}`,
  site: ([name]) => `/dcim/sites/?name=${encodeURIComponent(name ?? '')}`,
  device: ([name]) => `/dcim/devices/?name=${encodeURIComponent(name ?? '')}`,
  interface: ([device, name]) => `/dcim/interfaces/?device=${encodeURIComponent(device ?? '')}&name=${encodeURIComponent(name ?? '')}`,
  vlan: ([site, vid]) => `/ipam/vlans/?site=${encodeURIComponent(slugify(site ?? ''))}&vid=${encodeURIComponent(vid ?? '')}`,
  prefix: ([prefix]) => `/ipam/prefixes/?prefix=${encodeURIComponent(prefix ?? '')}`,
  ip_address: ([address]) => `/ipam/ip-addresses/?address=${encodeURIComponent(address ?? '')}`,
};

/**
 * The NetBox UI page listing a record (`<netboxUrl>/dcim/devices/?name=<name>`).
 *
 * @param netboxUrl - NetBox base URL
 * @param model - inventory model
 * @param uid - the record's unique id
 * @returns the link, or `undefined` for an unknown model
 */
export function netboxLink(netboxUrl: string, model: string, uid: string): ObjectLink | undefined {
  const path = UI_PATHS[model];
  if (path === undefined) return undefined;
  return { url: `${netboxUrl.replace(/\/+$/, '')}${path(decodeUniqueId(uid))}`, label: `NetBox ${model} ${uid}` };
}

/**
 * The two NetBox jobs over an inventory side: `netbox-to-inventory` (data source: NetBox feeds the
 * inventory) and `inventory-to-netbox` (data target: the inventory feeds NetBox).
 *
 * @param inventory - makes and loads the inventory adapter, with its own parameters
 * @returns `[netboxToInventory, inventoryToNetbox]`
 */
export function createNetboxJobs(inventory: NetboxInventorySide): [NetboxJob, NetboxJob] {
  const parameters = netboxParameters.extend(inventory.parameters ?? {}) as unknown as NetboxJobSchema;
  const configInformation = (params: NetboxJobParams & Record<string, unknown>): Record<string, string> => ({
    'NetBox URL': params.netboxUrl,
    'NetBox API': `${params.netboxUrl.replace(/\/+$/, '')}/api/`,
    'Page size': String(params.pageSize),
    Concurrency: String(params.concurrency),
    'Write batch size': String(params.writeBatchSize),
    'Rate limit': params.requestsPerSecond === undefined ? 'none' : `${params.requestsPerSecond} requests/s`,
    'Device type of new devices': params.deviceType,
    Inventory: inventory.description,
  });
  const loadNetbox = async (context: JobContext<NetboxJobParams & Record<string, unknown>>, role: 'source' | 'target'): Promise<NetboxAdapter> => {
    const adapter: NetboxAdapter = createNetboxAdapter(adapterOptionsOf(context), {
      onSyncComplete: () => {
        context.setMetrics(NETBOX_METRICS, adapter.client.metrics());
        adapter.client.close();
      },
    });
    // Whatever happens to the run, the client's sockets are released when it ends.
    context.defer(() => adapter.client.close());
    await adapter.load(context.signal);
    context.setMetrics(NETBOX_METRICS, adapter.client.metrics());
    if (adapter.skipped.length > 0) context.logger.warn({ skipped: adapter.skipped.length }, `netbox: ${adapter.skipped.length} NetBox objects were not loaded (see warnings)`);
    // A source is only read: free its sockets now. A target keeps them until its sync completes.
    if (role === 'source' || context.dryRun) adapter.client.close();
    return adapter;
  };
  const netboxToInventory = defineJob<NetboxJobSchema, InventoryModels>({
    name: 'netbox-to-inventory',
    description: 'Import regions, sites, devices, interfaces, VLANs, prefixes and IP addresses from NetBox into the inventory.',
    direction: 'data-source',
    source: 'NetBox',
    target: inventory.description,
    parameters,
    secrets: ['netboxToken', ...(inventory.secrets ?? [])],
    dataMappings: netboxDataMappings,
    configInformation,
    lookupObject: (model, uid, params) => netboxLink(params.netboxUrl, model, uid),
    loadSource: (context) => loadNetbox(context, 'source'),
    loadTarget: (context) => inventory.load(context, 'target'),
  });
  const inventoryToNetbox = defineJob<NetboxJobSchema, InventoryModels>({
    name: 'inventory-to-netbox',
    description: 'Push regions, sites, devices, interfaces, VLANs, prefixes and IP addresses from the inventory to NetBox through its bulk API.',
    direction: 'data-target',
    source: inventory.description,
    target: 'NetBox',
    parameters,
    secrets: ['netboxToken', ...(inventory.secrets ?? [])],
    flags: { batchSize: 500 },
    dataMappings: inventoryDataMappings,
    configInformation,
    lookupObject: (model, uid, params) => netboxLink(params.netboxUrl, model, uid),
    loadSource: (context) => inventory.load(context, 'source'),
    loadTarget: (context) => loadNetbox(context, 'target'),
  });
  return [netboxToInventory, inventoryToNetbox];
}
