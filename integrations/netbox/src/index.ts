// Public entry of @ssot/integration-netbox: NetBox as an ssot source and target for the reference inventory.
export { createNetboxAdapter, NetboxAdapter } from './adapter.js';
export type { NetboxAdapterHooks, SkippedObject } from './adapter.js';
export { createNetboxClient, NETBOX_ENDPOINTS, NetboxClient } from './client.js';
export type { NetboxEndpoint, NetboxListOptions, NetboxWriteOutcome } from './client.js';
export { NetboxError } from './errors.js';
export { createNetboxHandlers } from './handlers.js';
export { fileInventory, InventoryFileAdapter } from './inventory-file.js';
export { mongoInventory } from './mongo-inventory.js';
export { jobs } from './jobs.js';
export { NetboxLookups } from './lookups.js';
export type { LookupTables, NetboxLookupsOptions } from './lookups.js';
export {
  deviceFromNetbox,
  deviceToNetbox,
  interfaceFromNetbox,
  interfaceToNetbox,
  ipAddressFromNetbox,
  ipAddressToNetbox,
  prefixFromNetbox,
  prefixSiteName,
  prefixToNetbox,
  regionFromNetbox,
  regionToNetbox,
  siteFromNetbox,
  siteToNetbox,
  slugify,
  tagNames,
  UnresolvedReferenceError,
  vlanFromNetbox,
  vlanToNetbox,
} from './mapping.js';
export type { DeviceRow, MappingOptions, RefKind, RegionRow, ResolveRef, SiteRow } from './mapping.js';
export { device, iface, inventoryModels, inventoryTopLevel, ipAddress, prefix, region, site, vlan } from './models.js';
export type {
  Device,
  Interface,
  InventoryData,
  InventoryModels,
  IpAddress,
  NbAsn,
  NbAsnBrief,
  NbAssignedInterface,
  NbBrief,
  NbChoice,
  NbDevice,
  NbDeviceType,
  NbFieldErrors,
  NbInterface,
  NbIpAddress,
  NbNamed,
  NbObject,
  NbPage,
  NbPrefix,
  NbRegion,
  NbSite,
  NbTag,
  NbTagged,
  NbVlan,
  NbVlanBrief,
  NbWritePayload,
  Prefix,
  Region,
  Site,
  Vlan,
} from './models.js';
export { createNetboxJobs, inventoryDataMappings, NETBOX_METRICS, netboxDataMappings, netboxLink } from './netbox-jobs.js';
export type { NetboxInventorySide, NetboxJob, NetboxJobSchema } from './netbox-jobs.js';
export { DEFAULT_DEVICE_TYPE, DEFAULT_NETBOX_CONCURRENCY, DEFAULT_PAGE_SIZE, DEFAULT_RIR, DEFAULT_WRITE_BATCH_SIZE } from './options.js';
export type { NetboxAdapterOptions, NetboxClientOptions, NetboxLoadProgress } from './options.js';
export { adapterOptionsOf, netboxParameters } from './parameters.js';
export type { NetboxJobParams } from './parameters.js';
