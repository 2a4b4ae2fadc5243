// The models NetBox is compared on (the inventory's, re-exported) and the NetBox 4.x REST payload shapes.
export { device, iface, inventoryModels, inventoryTopLevel, ipAddress, prefix, region, site, vlan } from '@ssot/inventory';
export type { Device, Interface, InventoryData, InventoryModels, IpAddress, Prefix, Region, Site, Vlan } from '@ssot/inventory';

/** A nested ("brief") object NetBox puts in place of a relation: `site: {id, url, display, name, slug}`. */
export interface NbBrief {
  /** Object id. */
  id: number;
  /** API URL of the object. */
  url: string;
  /** Display string. */
  display: string;
  /** Name, for named objects. */
  name?: string | undefined;
  /** Slug, for objects that have one. */
  slug?: string | undefined;
}

/** A choice field as NetBox returns it: `status: {value: "active", label: "Active"}`. */
export interface NbChoice {
  /** The value written back (`active`). */
  value: string;
  /** The human label (`Active`). */
  label: string;
}

/** A tag, as nested in objects and as listed at `/api/extras/tags/`. */
export interface NbTag extends NbBrief {
  /** Tag name. */
  name: string;
  /** Tag slug. */
  slug: string;
  /** Colour (hex, no `#`). */
  color?: string | undefined;
}

/** Fields every NetBox object has. */
export interface NbObject {
  /** Integer primary key. */
  id: number;
  /** API URL. */
  url: string;
  /** Display string. */
  display: string;
}

/** Fields of objects that carry tags and custom fields. */
export interface NbTagged extends NbObject {
  /** Tags (nested). */
  tags?: NbTag[] | undefined;
  /** Custom field values. */
  custom_fields?: Record<string, unknown> | undefined;
}

/** `/api/dcim/regions/`. */
export interface NbRegion extends NbTagged {
  /** Name. */
  name: string;
  /** Slug. */
  slug: string;
  /** Parent region (nested), or null. */
  parent: NbBrief | null;
  /** Description. */
  description: string;
}

/** An ASN as nested in a site's `asns`. */
export interface NbAsnBrief extends NbObject {
  /** The AS number. */
  asn: number;
}

/** `/api/dcim/sites/`. */
export interface NbSite extends NbTagged {
  /** Name. */
  name: string;
  /** Slug. */
  slug: string;
  /** Status. */
  status: NbChoice;
  /** Region (nested), or null. */
  region: NbBrief | null;
  /** Facility code (`""` when none). */
  facility: string;
  /** IANA time zone, or null. */
  time_zone: string | null;
  /** ASNs (NetBox 4: a list). */
  asns?: NbAsnBrief[] | undefined;
  /** Description. */
  description?: string | undefined;
}

/** `/api/dcim/devices/`. */
export interface NbDevice extends NbTagged {
  /** Name (null for unnamed devices). */
  name: string | null;
  /** Site (nested). */
  site: NbBrief;
  /** Role (NetBox 4). */
  role?: NbBrief | undefined;
  /** Role (NetBox 3.x field name). */
  device_role?: NbBrief | undefined;
  /** Platform, or null. */
  platform: NbBrief | null;
  /** Device type (nested). */
  device_type: NbBrief;
  /** Serial number (`""` when none). */
  serial: string;
  /** Asset tag, or null. */
  asset_tag: string | null;
  /** Status. */
  status: NbChoice;
}

/** `/api/dcim/interfaces/`. */
export interface NbInterface extends NbTagged {
  /** Device (nested). */
  device: NbBrief;
  /** Name. */
  name: string;
  /** Interface type. */
  type: NbChoice;
  /** Enabled. */
  enabled: boolean;
  /** MTU, or null. */
  mtu: number | null;
  /** Description. */
  description: string;
}

/** `/api/ipam/vlans/`. */
export interface NbVlan extends NbTagged {
  /** Site (nested), or null for global VLANs. */
  site: NbBrief | null;
  /** VLAN id. */
  vid: number;
  /** Name. */
  name: string;
  /** Status. */
  status: NbChoice;
  /** Description. */
  description: string;
}

/** A VLAN as nested in a prefix. */
export interface NbVlanBrief extends NbObject {
  /** VLAN id. */
  vid: number;
  /** Name. */
  name: string;
}

/** `/api/ipam/prefixes/`. */
export interface NbPrefix extends NbTagged {
  /** CIDR. */
  prefix: string;
  /** Site (NetBox 4.0/4.1), or null. */
  site?: NbBrief | null | undefined;
  /** Scope type (NetBox 4.2+), e.g. `dcim.site`. */
  scope_type?: string | null | undefined;
  /** Scope object id (NetBox 4.2+). */
  scope_id?: number | null | undefined;
  /** Scope object (nested, NetBox 4.2+). */
  scope?: NbBrief | null | undefined;
  /** VLAN (nested), or null. */
  vlan: NbVlanBrief | null;
  /** Status. */
  status: NbChoice;
  /** Description. */
  description: string;
}

/** The interface an IP address is assigned to, as nested in the address. */
export interface NbAssignedInterface extends NbObject {
  /** Interface name. */
  name: string;
  /** Its device (nested). */
  device: NbBrief;
}

/** `/api/ipam/ip-addresses/`. */
export interface NbIpAddress extends NbTagged {
  /** Address with mask length. */
  address: string;
  /** `dcim.interface`, `virtualization.vminterface`, or null. */
  assigned_object_type: string | null;
  /** Id of the assigned object, or null. */
  assigned_object_id: number | null;
  /** The assigned object (nested), or null. */
  assigned_object: NbAssignedInterface | null;
  /** Status. */
  status: NbChoice;
  /** DNS name (`""` when none). */
  dns_name: string;
}

/** `/api/dcim/device-roles/`, `/api/dcim/platforms/`, `/api/dcim/manufacturers/`, `/api/ipam/rirs/`. */
export interface NbNamed extends NbObject {
  /** Name. */
  name: string;
  /** Slug. */
  slug: string;
}

/** `/api/dcim/device-types/`. */
export interface NbDeviceType extends NbObject {
  /** Model name. */
  model: string;
  /** Slug. */
  slug: string;
  /** Manufacturer (nested). */
  manufacturer: NbBrief;
}

/** `/api/ipam/asns/`. */
export interface NbAsn extends NbObject {
  /** The AS number. */
  asn: number;
  /** Its RIR (nested). */
  rir: NbBrief | null;
}

/** A page of a NetBox list endpoint. */
export interface NbPage<T> {
  /** Total number of objects matching the query. */
  count: number;
  /** Absolute URL of the next page, or null. */
  next: string | null;
  /** Absolute URL of the previous page, or null. */
  previous: string | null;
  /** Objects of this page. */
  results: T[];
}

/** A 400 body for one object: field name -> messages (`{"name": ["This field is required."]}`). */
export type NbFieldErrors = Record<string, string[] | string>;

/** A write payload: relations as ids (`site: 12`), choices as values (`status: "active"`), tags as `[{name}]`. */
export type NbWritePayload = Record<string, unknown>;
