// The type of every field of every model as stored in files, and the zod schema of each model's records.
import { z } from 'zod';
import type { FileModelName } from './models.js';
import type { UnknownFieldPolicy } from './options.js';

/** How a field's value is typed in files. */
export interface FieldType {
  /** `string`, `integer`, `boolean` or `list` (a list of strings). */
  kind: 'string' | 'integer' | 'boolean' | 'list';
  /** Whether `null` is allowed (a missing nullable field reads as `null`). */
  nullable: boolean;
  /** Whether the field may be left out: nullable fields read as `null`, lists as `[]`. */
  optional: boolean;
  /** Whether the field is an identifier (must be a non-empty string or an integer). */
  identifier: boolean;
}

const id = (kind: 'string' | 'integer' = 'string'): FieldType => ({ kind, nullable: false, optional: false, identifier: true });
const str: FieldType = { kind: 'string', nullable: false, optional: false, identifier: false };
const nstr: FieldType = { kind: 'string', nullable: true, optional: true, identifier: false };
const int: FieldType = { kind: 'integer', nullable: false, optional: false, identifier: false };
const bool: FieldType = { kind: 'boolean', nullable: false, optional: false, identifier: false };
const list: FieldType = { kind: 'list', nullable: false, optional: true, identifier: false };

/** Field types per model, identifiers first then attributes, in the order fields are written. Children lists are not stored in files. */
export const fileFields: Readonly<Record<FileModelName, Readonly<Record<string, FieldType>>>> = {
  /** Region fields. */
  region: { name: id(), parent: nstr, description: str, sort_order: int, tags: list },
  /** Site fields. */
  site: { name: id(), region: str, status: str, asn: int, facility: nstr, time_zone: str, tags: list },
  /** Device fields. */
  device: { name: id(), site: str, role: str, platform: str, serial: str, asset_tag: nstr, tags: list },
  /** Interface fields. */
  interface: { device: id(), name: id(), type: str, enabled: bool, mtu: int, description: nstr, tags: list },
  /** VLAN fields. */
  vlan: { site: id(), vid: id('integer'), name: str, status: str, description: nstr, tags: list },
  /** Prefix fields. */
  prefix: { prefix: id(), site: nstr, vlan: nstr, status: str, description: nstr, tags: list },
  /** IP address fields. */
  ip_address: { address: id(), interface: nstr, status: str, dns_name: nstr, tags: list },
};

/**
 * How a field's expected value is described in error messages.
 *
 * @param type - the field's type
 * @returns e.g. `an integer`, `a string or null`
 */
export function describeType(type: FieldType): string {
  const base = type.kind === 'integer' ? 'an integer' : type.kind === 'boolean' ? 'true or false' : type.kind === 'list' ? 'a list of strings' : type.identifier ? 'a non-empty string' : 'a string';
  return type.nullable ? `${base} or null` : base;
}

function fieldSchema(type: FieldType): z.ZodType {
  let schema: z.ZodType =
    type.kind === 'integer' ? z.number().int() : type.kind === 'boolean' ? z.boolean() : type.kind === 'list' ? z.array(z.string()) : type.identifier ? z.string().min(1) : z.string();
  if (type.nullable) schema = schema.nullable();
  if (type.optional) schema = type.kind === 'list' ? schema.default([]) : schema.default(null);
  return schema;
}

/**
 * The zod schema of one model's records in files: field types, required fields, allowed nulls
 * and (unless `unknownFields` is `ignore`) no other fields. Optional fields get their defaults.
 *
 * @param model - the model
 * @param unknownFields - `error` rejects fields the model does not have, `ignore` drops them
 * @returns the schema
 */
export function recordSchema(model: FileModelName, unknownFields: UnknownFieldPolicy = 'error'): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(fileFields[model]).map(([field, type]) => [field, fieldSchema(type)]));
  return unknownFields === 'ignore' ? z.object(shape) : z.strictObject(shape);
}
