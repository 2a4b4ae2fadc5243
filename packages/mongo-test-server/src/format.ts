// Formats BSON values the way MongoDB prints them in error messages (e.g. duplicate key errors).
import type { ObjectId } from 'bson';
import { bsonTag, isPlainObject, toNumber } from './bson-values.js';

/** Formats a BSON value in MongoDB's shell-like error message notation. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (isPlainObject(v)) return formatDoc(v);
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
      return String(toNumber(v));
    case 'Long':
      return String(v);
    case 'ObjectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    default:
      return String(v);
  }
}

/** Formats a document as `{ a: 1, b: "x" }`. */
export function formatDoc(doc: Record<string, unknown>): string {
  const entries = Object.entries(doc);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
}
