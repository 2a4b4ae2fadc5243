// The reference inventory's MongoDB schemas (mongoose): validation, references by ObjectId and the indexes lookups need.
import { syncStampPlugin, type AnyMongooseModel } from '@ssot/mongoose';
import { Schema, type Connection } from 'mongoose';

const STATUSES = ['active', 'planned', 'staging', 'decommissioning', 'retired', 'offline', 'deprecated', 'reserved', 'container', 'available'];
const tags = { type: [String], default: [] };
const nullableString = { type: String, default: null };

/** Mongoose schemas of the inventory, one per collection. */
export interface InventorySchemas {
  /** Regions (`parent` refers to a region). */
  region: Schema;
  /** Sites (`region` refers to a region). */
  site: Schema;
  /** Devices (`site` refers to a site). */
  device: Schema;
  /** Interfaces (`device` refers to a device; unique per device and name). */
  interface: Schema;
  /** VLANs (`site` refers to a site; unique per site and vid). */
  vlan: Schema;
  /** Prefixes (`site`, `vlan` refer to a site and a VLAN). */
  prefix: Schema;
  /** IP addresses (`interface` refers to an interface). */
  ip_address: Schema;
}

/**
 * Makes the inventory's schemas. Every schema carries the sync stamp path (`_ssot`).
 *
 * @returns the schemas
 */
export function inventorySchemas(): InventorySchemas {
  const ref = (model: string, required = false) => ({ type: Schema.Types.ObjectId, ref: model, required, default: required ? undefined : null });
  const region = new Schema({ name: { type: String, required: true, unique: true }, parent: ref('Region'), description: { type: String, default: '' }, sort_order: { type: Number, default: 0 }, tags }, { collection: 'regions' });
  const site = new Schema(
    {
      name: { type: String, required: true, unique: true },
      region: ref('Region', true),
      status: { type: String, enum: STATUSES, required: true },
      asn: { type: Number, min: 1, max: 4294967295, required: true },
      facility: nullableString,
      time_zone: { type: String, default: '' },
      tags,
    },
    { collection: 'sites' },
  );
  site.index({ region: 1 });
  const device = new Schema(
    {
      name: { type: String, required: true, unique: true },
      site: ref('Site', true),
      role: { type: String, required: true },
      // NetBox and most inventories allow devices without a platform or a serial number: empty strings.
      platform: { type: String, default: '' },
      serial: { type: String, default: '' },
      asset_tag: nullableString,
      tags,
    },
    { collection: 'devices' },
  );
  device.index({ site: 1 });
  const iface = new Schema(
    {
      device: ref('Device', true),
      name: { type: String, required: true },
      type: { type: String, required: true },
      enabled: { type: Boolean, required: true },
      // 0 means "not set" (NetBox's null MTU: the platform default).
      mtu: { type: Number, required: true, validate: { validator: (mtu: number) => mtu === 0 || (mtu >= 68 && mtu <= 65536), message: 'MTU {VALUE} must be 0 (not set) or between 68 and 65536' } },
      description: nullableString,
      tags,
    },
    { collection: 'interfaces' },
  );
  iface.index({ device: 1, name: 1 }, { unique: true });
  const vlan = new Schema(
    {
      site: ref('Site', true),
      vid: { type: Number, min: 1, max: 4094, required: true },
      name: { type: String, required: true },
      status: { type: String, enum: STATUSES, required: true },
      description: nullableString,
      tags,
    },
    { collection: 'vlans' },
  );
  vlan.index({ site: 1, vid: 1 }, { unique: true });
  const prefix = new Schema(
    {
      prefix: { type: String, required: true, unique: true, match: [/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'is not a CIDR prefix such as 10.0.0.0/24'] },
      site: ref('Site'),
      vlan: ref('Vlan'),
      status: { type: String, enum: STATUSES, required: true },
      description: nullableString,
      tags,
    },
    { collection: 'prefixes' },
  );
  const ipAddress = new Schema(
    {
      address: { type: String, required: true, unique: true, match: [/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'is not an address with a mask length such as 10.0.0.1/24'] },
      interface: ref('Interface'),
      status: { type: String, enum: STATUSES, required: true },
      dns_name: nullableString,
      tags,
    },
    { collection: 'ip_addresses' },
  );
  const schemas: InventorySchemas = { region, site, device, interface: iface, vlan, prefix, ip_address: ipAddress };
  for (const schema of Object.values(schemas)) schema.plugin(syncStampPlugin);
  return schemas;
}

/** Mongoose model names of the inventory collections, by ssot model. */
export const inventoryMongooseModelNames = {
  /** Regions. */
  region: 'Region',
  /** Sites. */
  site: 'Site',
  /** Devices. */
  device: 'Device',
  /** Interfaces. */
  interface: 'Interface',
  /** VLANs. */
  vlan: 'Vlan',
  /** Prefixes. */
  prefix: 'Prefix',
  /** IP addresses. */
  ip_address: 'IpAddress',
} as const;

/**
 * The inventory's mongoose models on a connection (made once per connection, reused after).
 *
 * @param connection - the connection
 * @returns the models by ssot model name
 */
export function inventoryMongooseModels(connection: Connection): Record<keyof InventorySchemas, AnyMongooseModel> {
  const schemas = inventorySchemas();
  const model = <K extends keyof InventorySchemas>(key: K): AnyMongooseModel => connection.models[inventoryMongooseModelNames[key]] ?? connection.model(inventoryMongooseModelNames[key], schemas[key]);
  return {
    /** Regions. */
    region: model('region'),
    /** Sites. */
    site: model('site'),
    /** Devices. */
    device: model('device'),
    /** Interfaces. */
    interface: model('interface'),
    /** VLANs. */
    vlan: model('vlan'),
    /** Prefixes. */
    prefix: model('prefix'),
    /** IP addresses. */
    ip_address: model('ip_address'),
  };
}
