// Table definitions of the NetBox test server: fields, required fields, uniqueness, choices and brief shapes (NetBox 4.x).

/** How the test server validates and renders one field. */
export type FieldSpec =
  | { kind: 'string'; default?: string; nullable?: boolean; maxLength?: number }
  | { kind: 'int'; min?: number; max?: number; nullable?: boolean; default?: number | null }
  | { kind: 'bool'; default?: boolean }
  | { kind: 'choice'; choices: Record<string, string>; default?: string }
  | { kind: 'fk'; table: string; nullable?: boolean; onDelete: 'protect' | 'cascade' | 'null' }
  | { kind: 'm2m'; table: string };

/** One NetBox model the server holds. */
export interface TableSpec {
  /** Endpoint path under `/api/` (`dcim/sites/`). */
  endpoint: string;
  /** Verbose name used in messages (`site`). */
  verbose: string;
  /** Writable fields. */
  fields: Record<string, FieldSpec>;
  /** Fields a POST must give. */
  required: string[];
  /** Unique field sets. */
  unique: string[][];
  /** Display string of a row. */
  display(row: Record<string, unknown>): string;
  /** Extra fields of the brief (nested) form. */
  brief(row: Record<string, unknown>): Record<string, unknown>;
}

const choices = (values: string[]): Record<string, string> => Object.fromEntries(values.map((value) => [value, value.charAt(0).toUpperCase() + value.slice(1)]));

/** Interface types the server accepts (a subset of NetBox's). */
export const INTERFACE_TYPES: Record<string, string> = {
  virtual: 'Virtual',
  bridge: 'Bridge',
  lag: 'Link Aggregation Group (LAG)',
  '100base-tx': '100BASE-TX (10/100ME)',
  '1000base-t': '1000BASE-T (1GE)',
  '10gbase-t': '10GBASE-T (10GE)',
  '10gbase-x-sfpp': 'SFP+ (10GE)',
  '25gbase-x-sfp28': 'SFP28 (25GE)',
  '40gbase-x-qsfpp': 'QSFP+ (40GE)',
  '100gbase-x-qsfp28': 'QSFP28 (100GE)',
  '400gbase-x-qsfpdd': 'QSFP-DD (400GE)',
  other: 'Other',
};

const named = (row: Record<string, unknown>): Record<string, unknown> => ({ name: row['name'], slug: row['slug'] });
const nameDisplay = (row: Record<string, unknown>): string => String(row['name'] ?? '');
const string = (extra: Partial<{ default: string; nullable: boolean; maxLength: number }> = {}): FieldSpec => ({ kind: 'string', ...extra });

/** Every table of the test server, keyed like the client's endpoints. */
export const TABLES: Record<string, TableSpec> = {
  tag: {
    endpoint: 'extras/tags/',
    verbose: 'tag',
    fields: { name: string({ maxLength: 100 }), slug: string({ maxLength: 100 }), color: string({ default: '9e9e9e' }), description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: (row) => ({ ...named(row), color: row['color'] }),
  },
  role: {
    endpoint: 'dcim/device-roles/',
    verbose: 'device role',
    fields: { name: string(), slug: string(), color: string({ default: '9e9e9e' }), description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  platform: {
    endpoint: 'dcim/platforms/',
    verbose: 'platform',
    fields: { name: string(), slug: string(), description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  manufacturer: {
    endpoint: 'dcim/manufacturers/',
    verbose: 'manufacturer',
    fields: { name: string(), slug: string(), description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  deviceType: {
    endpoint: 'dcim/device-types/',
    verbose: 'device type',
    fields: { manufacturer: { kind: 'fk', table: 'manufacturer', onDelete: 'protect' }, model: string(), slug: string(), u_height: { kind: 'int', default: 1 } },
    required: ['manufacturer', 'model', 'slug'],
    unique: [['manufacturer', 'model'], ['manufacturer', 'slug']],
    display: (row) => String(row['model'] ?? ''),
    brief: (row) => ({ model: row['model'], slug: row['slug'] }),
  },
  rir: {
    endpoint: 'ipam/rirs/',
    verbose: 'RIR',
    fields: { name: string(), slug: string(), is_private: { kind: 'bool', default: false }, description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  asn: {
    endpoint: 'ipam/asns/',
    verbose: 'ASN',
    fields: { asn: { kind: 'int', min: 1, max: 4294967295 }, rir: { kind: 'fk', table: 'rir', onDelete: 'protect' }, description: string({ default: '' }) },
    required: ['asn', 'rir'],
    unique: [['asn']],
    display: (row) => `AS${String(row['asn'])}`,
    brief: (row) => ({ asn: row['asn'] }),
  },
  region: {
    endpoint: 'dcim/regions/',
    verbose: 'region',
    fields: { name: string({ maxLength: 100 }), slug: string({ maxLength: 100 }), parent: { kind: 'fk', table: 'region', nullable: true, onDelete: 'cascade' }, description: string({ default: '' }) },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  site: {
    endpoint: 'dcim/sites/',
    verbose: 'site',
    fields: {
      name: string({ maxLength: 100 }),
      slug: string({ maxLength: 100 }),
      status: { kind: 'choice', choices: choices(['planned', 'staging', 'active', 'decommissioning', 'retired']), default: 'active' },
      region: { kind: 'fk', table: 'region', nullable: true, onDelete: 'protect' },
      facility: string({ default: '', maxLength: 50 }),
      time_zone: string({ nullable: true }),
      description: string({ default: '' }),
      asns: { kind: 'm2m', table: 'asn' },
    },
    required: ['name', 'slug'],
    unique: [['name'], ['slug']],
    display: nameDisplay,
    brief: named,
  },
  device: {
    endpoint: 'dcim/devices/',
    verbose: 'device',
    fields: {
      name: string({ nullable: true, maxLength: 64 }),
      site: { kind: 'fk', table: 'site', onDelete: 'protect' },
      role: { kind: 'fk', table: 'role', onDelete: 'protect' },
      platform: { kind: 'fk', table: 'platform', nullable: true, onDelete: 'null' },
      device_type: { kind: 'fk', table: 'deviceType', onDelete: 'protect' },
      serial: string({ default: '', maxLength: 50 }),
      asset_tag: string({ nullable: true, maxLength: 50 }),
      status: { kind: 'choice', choices: choices(['offline', 'active', 'planned', 'staged', 'failed', 'inventory', 'decommissioning']), default: 'active' },
      description: string({ default: '' }),
    },
    required: ['site', 'role', 'device_type'],
    unique: [['name'], ['asset_tag']],
    display: (row) => (row['name'] === null ? `Unnamed device (${String(row['id'])})` : String(row['name'])),
    brief: (row) => ({ name: row['name'], description: row['description'] ?? '' }),
  },
  interface: {
    endpoint: 'dcim/interfaces/',
    verbose: 'interface',
    fields: {
      device: { kind: 'fk', table: 'device', onDelete: 'cascade' },
      name: string({ maxLength: 64 }),
      type: { kind: 'choice', choices: INTERFACE_TYPES },
      enabled: { kind: 'bool', default: true },
      mtu: { kind: 'int', min: 1, max: 65536, nullable: true, default: null },
      description: string({ default: '' }),
    },
    required: ['device', 'name', 'type'],
    unique: [['device', 'name']],
    display: nameDisplay,
    brief: (row) => ({ name: row['name'], cable: null, _occupied: false }),
  },
  vlan: {
    endpoint: 'ipam/vlans/',
    verbose: 'VLAN',
    fields: {
      site: { kind: 'fk', table: 'site', nullable: true, onDelete: 'protect' },
      vid: { kind: 'int', min: 1, max: 4094 },
      name: string({ maxLength: 64 }),
      status: { kind: 'choice', choices: choices(['active', 'reserved', 'deprecated']), default: 'active' },
      description: string({ default: '' }),
    },
    required: ['vid', 'name'],
    unique: [['site', 'vid']],
    display: (row) => `${String(row['name'])} (${String(row['vid'])})`,
    brief: (row) => ({ vid: row['vid'], name: row['name'] }),
  },
  prefix: {
    endpoint: 'ipam/prefixes/',
    verbose: 'prefix',
    fields: {
      prefix: string(),
      scope_type: string({ nullable: true }),
      scope_id: { kind: 'int', nullable: true, default: null },
      site: { kind: 'fk', table: 'site', nullable: true, onDelete: 'null' },
      vlan: { kind: 'fk', table: 'vlan', nullable: true, onDelete: 'null' },
      status: { kind: 'choice', choices: choices(['container', 'active', 'reserved', 'deprecated']), default: 'active' },
      description: string({ default: '' }),
    },
    required: ['prefix'],
    unique: [],
    display: (row) => String(row['prefix']),
    brief: (row) => ({ prefix: row['prefix'] }),
  },
  ip_address: {
    endpoint: 'ipam/ip-addresses/',
    verbose: 'IP address',
    fields: {
      address: string(),
      assigned_object_type: string({ nullable: true }),
      assigned_object_id: { kind: 'int', nullable: true, default: null },
      status: { kind: 'choice', choices: choices(['active', 'reserved', 'deprecated', 'dhcp', 'slaac']), default: 'active' },
      dns_name: string({ default: '' }),
      description: string({ default: '' }),
    },
    required: ['address'],
    unique: [],
    display: (row) => String(row['address']),
    brief: (row) => ({ address: row['address'] }),
  },
};

/** Table name of each endpoint path. */
export const TABLE_OF_ENDPOINT: Record<string, string> = Object.fromEntries(Object.entries(TABLES).map(([table, spec]) => [spec.endpoint, table]));
