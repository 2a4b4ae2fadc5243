// Pure mapping between NetBox 4.x objects and inventory records, both ways (no I/O, no state).
import { SsotError } from '@ssot/core';
import type {
  Device,
  Interface,
  IpAddress,
  NbDevice,
  NbInterface,
  NbIpAddress,
  NbPrefix,
  NbRegion,
  NbSite,
  NbTag,
  NbVlan,
  NbWritePayload,
  Prefix,
  Region,
  Site,
  Vlan,
} from './models.js';

/** A region record without its children list. */
export type RegionRow = Omit<Region, 'sites'>;
/** A site record without its children list. */
export type SiteRow = Omit<Site, 'devices'>;
/** A device record without its children list. */
export type DeviceRow = Omit<Device, 'interfaces'>;

/** Options of the mapping that come from the adapter's options. */
export interface MappingOptions {
  /** Custom field of regions holding `sort_order`, if any. */
  regionSortOrderField?: string | undefined;
  /** How a prefix's site is written: `scope` (NetBox 4.2+) or `site` (4.0/4.1). */
  prefixSiteField?: 'scope' | 'site' | undefined;
}

/** Kinds of NetBox objects a write payload refers to by id. */
export type RefKind = 'region' | 'site' | 'device' | 'interface' | 'vlan' | 'role' | 'platform' | 'deviceType' | 'asn';

/** Resolves an inventory reference (a name, slug, unique id or AS number) to a NetBox id; `undefined` when unknown. */
export type ResolveRef = (kind: RefKind, key: string | number) => number | undefined;

/** A record field refers to something NetBox does not have (yet). */
export class UnresolvedReferenceError extends SsotError {
  /** The inventory field at fault. */
  declare readonly field: string;
  /** What it refers to. */
  readonly kind: RefKind;
  /** The value that could not be resolved. */
  readonly value: string | number;

  /**
   * @param field - the inventory field
   * @param kind - what it refers to
   * @param value - the unresolved value
   */
  constructor(field: string, kind: RefKind, value: string | number) {
    super('NETBOX_REFERENCE', `field "${field}": ${kind} "${String(value)}" does not exist in NetBox`, { field });
    this.kind = kind;
    this.value = value;
  }
}

/**
 * A NetBox slug for a name: lower case, runs of other characters replaced by `-`, at most 100 characters.
 *
 * @param name - the name
 * @returns the slug
 */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return slug === '' ? 'x' : slug;
}

/**
 * Tag names of a NetBox object, sorted.
 *
 * @param tags - nested tags
 * @returns the names
 */
export function tagNames(tags: readonly NbTag[] | undefined): string[] {
  return (tags ?? []).map((tag) => tag.name).sort();
}

const emptyToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value === '' ? null : value);

/**
 * A NetBox region as an inventory region.
 *
 * @param nb - the region
 * @param options - which custom field holds `sort_order`
 * @returns the record
 */
export function regionFromNetbox(nb: NbRegion, options: MappingOptions = {}): RegionRow {
  const custom = options.regionSortOrderField === undefined ? undefined : nb.custom_fields?.[options.regionSortOrderField];
  return {
    name: nb.name,
    parent: nb.parent?.name ?? null,
    description: nb.description ?? '',
    sort_order: typeof custom === 'number' ? custom : 0,
    tags: tagNames(nb.tags),
  };
}

/**
 * A NetBox site as an inventory site; `undefined` when it has no region (the inventory files sites under regions).
 * The AS number is the lowest of the site's `asns` (0 when it has none).
 *
 * @param nb - the site
 * @returns the record
 */
export function siteFromNetbox(nb: NbSite): SiteRow | undefined {
  const region = nb.region?.name;
  if (region === undefined) return undefined;
  const asns = (nb.asns ?? []).map((asn) => asn.asn).sort((a, b) => a - b);
  return {
    name: nb.name,
    region,
    status: nb.status?.value ?? 'active',
    asn: asns[0] ?? 0,
    facility: emptyToNull(nb.facility),
    time_zone: nb.time_zone ?? '',
    tags: tagNames(nb.tags),
  };
}

/**
 * A NetBox device as an inventory device; `undefined` for unnamed devices. Role and platform are slugs.
 *
 * @param nb - the device
 * @returns the record
 */
export function deviceFromNetbox(nb: NbDevice): DeviceRow | undefined {
  const site = nb.site?.name;
  if (nb.name === null || nb.name === '' || site === undefined) return undefined;
  const role = nb.role ?? nb.device_role;
  return {
    name: nb.name,
    site,
    role: role?.slug ?? role?.name ?? '',
    platform: nb.platform?.slug ?? nb.platform?.name ?? '',
    serial: nb.serial ?? '',
    asset_tag: emptyToNull(nb.asset_tag),
    tags: tagNames(nb.tags),
  };
}

/**
 * A NetBox interface as an inventory interface; `undefined` when its device has no name. A null MTU reads as 0.
 *
 * @param nb - the interface
 * @returns the record
 */
export function interfaceFromNetbox(nb: NbInterface): Interface | undefined {
  const device = nb.device?.name;
  if (device === undefined || device === null || device === '') return undefined;
  return {
    device,
    name: nb.name,
    type: nb.type?.value ?? 'other',
    enabled: nb.enabled,
    mtu: nb.mtu ?? 0,
    description: emptyToNull(nb.description),
    tags: tagNames(nb.tags),
  };
}

/**
 * A NetBox VLAN as an inventory VLAN; `undefined` for VLANs without a site (global or group VLANs).
 *
 * @param nb - the VLAN
 * @returns the record
 */
export function vlanFromNetbox(nb: NbVlan): Vlan | undefined {
  const site = nb.site?.name;
  if (site === undefined) return undefined;
  return { site, vid: nb.vid, name: nb.name, status: nb.status?.value ?? 'active', description: emptyToNull(nb.description), tags: tagNames(nb.tags) };
}

/**
 * The site name of a prefix: its scope when the scope is a site (NetBox 4.2+), else its `site` (4.0/4.1).
 *
 * @param nb - the prefix
 * @returns the site name, or null
 */
export function prefixSiteName(nb: NbPrefix): string | null {
  if (nb.scope_type === 'dcim.site' && nb.scope?.name !== undefined) return nb.scope.name;
  return nb.site?.name ?? null;
}

/**
 * A NetBox prefix as an inventory prefix.
 *
 * @param nb - the prefix
 * @param vlanUid - the inventory unique id of a NetBox VLAN id, or null when not loaded
 * @returns the record
 */
export function prefixFromNetbox(nb: NbPrefix, vlanUid: (id: number) => string | null): Prefix {
  return {
    prefix: nb.prefix,
    site: prefixSiteName(nb),
    vlan: nb.vlan === null || nb.vlan === undefined ? null : vlanUid(nb.vlan.id),
    status: nb.status?.value ?? 'active',
    description: emptyToNull(nb.description),
    tags: tagNames(nb.tags),
  };
}

/**
 * A NetBox IP address as an inventory IP address; only assignments to `dcim.interface` are kept.
 *
 * @param nb - the address
 * @param interfaceUid - the inventory unique id of an interface given its device and name
 * @returns the record
 */
export function ipAddressFromNetbox(nb: NbIpAddress, interfaceUid: (device: string, name: string) => string): IpAddress {
  const assigned = nb.assigned_object;
  const device = assigned?.device?.name;
  const iface = nb.assigned_object_type === 'dcim.interface' && assigned !== null && device !== undefined && device !== null ? interfaceUid(device, assigned.name) : null;
  return { address: nb.address, interface: iface, status: nb.status?.value ?? 'active', dns_name: emptyToNull(nb.dns_name), tags: tagNames(nb.tags) };
}

function ref(resolve: ResolveRef, field: string, kind: RefKind, key: string | number): number {
  const id = resolve(kind, key);
  if (id === undefined) throw new UnresolvedReferenceError(field, kind, key);
  return id;
}

const tagsPayload = (tags: readonly string[]): Array<{ name: string }> => tags.map((name) => ({ name }));
const has = <T extends object>(fields: Partial<T>, key: keyof T): boolean => key in fields && fields[key] !== undefined;

/**
 * The NetBox write payload of region fields (all of a new region, or the changed ones).
 *
 * @param fields - region fields
 * @param resolve - reference resolver
 * @param options - custom field of `sort_order`
 * @returns the payload
 * @throws UnresolvedReferenceError when the parent region is unknown
 */
export function regionToNetbox(fields: Partial<RegionRow>, resolve: ResolveRef, options: MappingOptions = {}): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'name')) {
    out['name'] = fields.name;
    out['slug'] = slugify(fields.name as string);
  }
  if (has(fields, 'parent')) out['parent'] = fields.parent === null ? null : ref(resolve, 'parent', 'region', fields.parent as string);
  if (has(fields, 'description')) out['description'] = fields.description ?? '';
  if (has(fields, 'sort_order') && options.regionSortOrderField !== undefined) out['custom_fields'] = { [options.regionSortOrderField]: fields.sort_order };
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}

/**
 * The NetBox write payload of site fields. The AS number becomes `asns: [<id>]` (`[]` for 0).
 *
 * @param fields - site fields
 * @param resolve - reference resolver
 * @returns the payload
 * @throws UnresolvedReferenceError when the region or ASN is unknown
 */
export function siteToNetbox(fields: Partial<SiteRow>, resolve: ResolveRef): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'name')) {
    out['name'] = fields.name;
    out['slug'] = slugify(fields.name as string);
  }
  if (has(fields, 'region')) out['region'] = ref(resolve, 'region', 'region', fields.region as string);
  if (has(fields, 'status')) out['status'] = fields.status;
  if (has(fields, 'asn')) out['asns'] = fields.asn ? [ref(resolve, 'asn', 'asn', fields.asn)] : [];
  if ('facility' in fields) out['facility'] = fields.facility ?? '';
  if ('time_zone' in fields) out['time_zone'] = fields.time_zone === '' || fields.time_zone === undefined ? null : fields.time_zone;
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}

/**
 * The NetBox write payload of device fields; a new device also gets the device type and status `active`.
 *
 * @param fields - device fields
 * @param resolve - reference resolver
 * @param deviceType - slug of the device type of a device being created (absent for updates)
 * @returns the payload
 * @throws UnresolvedReferenceError when the site, role, platform or device type is unknown
 */
export function deviceToNetbox(fields: Partial<DeviceRow>, resolve: ResolveRef, deviceType?: string): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'name')) out['name'] = fields.name;
  if (has(fields, 'site')) out['site'] = ref(resolve, 'site', 'site', fields.site as string);
  if (has(fields, 'role')) out['role'] = ref(resolve, 'role', 'role', fields.role as string);
  if ('platform' in fields) out['platform'] = fields.platform ? ref(resolve, 'platform', 'platform', fields.platform) : null;
  if ('serial' in fields) out['serial'] = fields.serial ?? '';
  if ('asset_tag' in fields) out['asset_tag'] = fields.asset_tag === '' ? null : (fields.asset_tag ?? null);
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  if (deviceType !== undefined) {
    out['device_type'] = ref(resolve, 'device_type', 'deviceType', deviceType);
    out['status'] = 'active';
  }
  return out;
}

/**
 * The NetBox write payload of interface fields. MTU 0 is written as null.
 *
 * @param fields - interface fields
 * @param resolve - reference resolver
 * @returns the payload
 * @throws UnresolvedReferenceError when the device is unknown
 */
export function interfaceToNetbox(fields: Partial<Interface>, resolve: ResolveRef): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'device')) out['device'] = ref(resolve, 'device', 'device', fields.device as string);
  if (has(fields, 'name')) out['name'] = fields.name;
  if (has(fields, 'type')) out['type'] = fields.type;
  if (has(fields, 'enabled')) out['enabled'] = fields.enabled;
  if ('mtu' in fields) out['mtu'] = fields.mtu ? fields.mtu : null;
  if ('description' in fields) out['description'] = fields.description ?? '';
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}

/**
 * The NetBox write payload of VLAN fields.
 *
 * @param fields - VLAN fields
 * @param resolve - reference resolver
 * @returns the payload
 * @throws UnresolvedReferenceError when the site is unknown
 */
export function vlanToNetbox(fields: Partial<Vlan>, resolve: ResolveRef): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'site')) out['site'] = ref(resolve, 'site', 'site', fields.site as string);
  if (has(fields, 'vid')) out['vid'] = fields.vid;
  if (has(fields, 'name')) out['name'] = fields.name;
  if (has(fields, 'status')) out['status'] = fields.status;
  if ('description' in fields) out['description'] = fields.description ?? '';
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}

/**
 * The NetBox write payload of prefix fields. The site is written as a scope (NetBox 4.2+) or as `site`.
 *
 * @param fields - prefix fields
 * @param resolve - reference resolver (VLANs by inventory unique id)
 * @param options - how the site is written
 * @returns the payload
 * @throws UnresolvedReferenceError when the site or VLAN is unknown
 */
export function prefixToNetbox(fields: Partial<Prefix>, resolve: ResolveRef, options: MappingOptions = {}): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'prefix')) out['prefix'] = fields.prefix;
  if ('site' in fields) {
    const id = fields.site ? ref(resolve, 'site', 'site', fields.site) : null;
    if (options.prefixSiteField === 'site') out['site'] = id;
    else {
      out['scope_type'] = id === null ? null : 'dcim.site';
      out['scope_id'] = id;
    }
  }
  if ('vlan' in fields) out['vlan'] = fields.vlan ? ref(resolve, 'vlan', 'vlan', fields.vlan) : null;
  if (has(fields, 'status')) out['status'] = fields.status;
  if ('description' in fields) out['description'] = fields.description ?? '';
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}

/**
 * The NetBox write payload of IP address fields; an interface becomes `assigned_object_type: "dcim.interface"` + id.
 *
 * @param fields - IP address fields
 * @param resolve - reference resolver (interfaces by inventory unique id)
 * @returns the payload
 * @throws UnresolvedReferenceError when the interface is unknown
 */
export function ipAddressToNetbox(fields: Partial<IpAddress>, resolve: ResolveRef): NbWritePayload {
  const out: NbWritePayload = {};
  if (has(fields, 'address')) out['address'] = fields.address;
  if ('interface' in fields) {
    const id = fields.interface ? ref(resolve, 'interface', 'interface', fields.interface) : null;
    out['assigned_object_type'] = id === null ? null : 'dcim.interface';
    out['assigned_object_id'] = id;
  }
  if (has(fields, 'status')) out['status'] = fields.status;
  if ('dns_name' in fields) out['dns_name'] = fields.dns_name ?? '';
  if (has(fields, 'tags')) out['tags'] = tagsPayload(fields.tags ?? []);
  return out;
}
