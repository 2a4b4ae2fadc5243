// Canonical string keys for BSON values, used for hash lookups (_id map, unique indexes, distinct).
import type { Binary, BSONRegExp, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { bsonTag, isPlainObject, toNumber } from './bson-values.js';

function numberKey(v: unknown): string {
  const tag = bsonTag(v);
  if (tag === 'Long') {
    const l = v as Long;
    const n = l.toNumber();
    return Number.isSafeInteger(n) ? `n${n}` : `L${l.toString()}`;
  }
  if (tag === 'Decimal128') {
    const n = Number((v as Decimal128).toString());
    return Number.isNaN(n) ? 'nNaN' : `n${n}`;
  }
  const n = toNumber(v);
  return Object.is(n, -0) ? 'n0' : `n${n}`;
}

/**
 * Returns a string that is equal for two BSON values exactly when MongoDB considers them equal
 * for index purposes (numbers of different types with the same value are equal; null and missing are equal).
 */
export function canonicalKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
    case 'bigint':
      return numberKey(v);
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      break;
  }
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof RegExp) return `r${JSON.stringify([v.source, v.flags])}`;
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${canonicalKey(v[k])}`)
      .join(',')}}`;
  }
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return numberKey(v);
    case 'ObjectId':
      return `o${(v as ObjectId).toHexString()}`;
    case 'Binary': {
      const b = v as Binary;
      return `b${b.sub_type}:${Buffer.from(b.buffer.subarray(0, b.length())).toString('base64')}`;
    }
    case 'Timestamp':
      return `t${(v as Timestamp).toString()}`;
    case 'BSONRegExp': {
      const r = v as BSONRegExp;
      return `r${JSON.stringify([r.pattern, r.options])}`;
    }
    case 'MinKey':
      return 'm-';
    case 'MaxKey':
      return 'm+';
    case 'BSONSymbol':
      return `s${JSON.stringify(String(v))}`;
    default:
      return `x${String(v)}`;
  }
}
