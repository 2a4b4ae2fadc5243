// BSON comparison order (MongoDB's cross-type ordering) used for sorting and $min/$max.
import type { Binary, BSONRegExp, Long, ObjectId, Timestamp } from 'bson';
import { compareNumeric } from './bson-numbers.js';
import { bsonTag, isNumeric, isPlainObject } from './bson-values.js';

/** Returns the canonical BSON type rank used for cross-type comparisons. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  if (isNumeric(v)) return 3;
  if (typeof v === 'string') return 4;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (Array.isArray(v)) return 6;
  if (isPlainObject(v)) return 5;
  switch (bsonTag(v)) {
    case 'MinKey':
      return 1;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 14;
    case 'Code':
      return 13;
    default:
      return 5;
  }
}

function cmp<T extends number | string | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsonTag(a) === 'Long' && bsonTag(b) === 'Long') return (a as Long).compare(b as Long);
  return compareNumeric(a, b);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

/** Compares two BSON values in MongoDB's BSON order. Returns -1, 0 or 1. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 14:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return cmp(String(a), String(b));
    case 5: {
      const ea = Object.entries(a as object);
      const eb = Object.entries(b as object);
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const [ka, va] = ea[i] as [string, unknown];
        const [kb, vb] = eb[i] as [string, unknown];
        const tr = cmp(typeRank(va), typeRank(vb));
        if (tr !== 0) return tr;
        const kc = cmp(ka, kb);
        if (kc !== 0) return kc;
        const vc = compareValues(va, vb);
        if (vc !== 0) return vc;
      }
      return cmp(ea.length, eb.length);
    }
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return cmp(xa.length, xb.length);
    }
    case 7: {
      const ba = a as Binary;
      const bb = b as Binary;
      const lc = cmp(ba.length(), bb.length());
      if (lc !== 0) return lc;
      const sc = cmp(ba.sub_type, bb.sub_type);
      if (sc !== 0) return sc;
      return compareBytes(ba.buffer, bb.buffer);
    }
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return cmp(Number(a), Number(b));
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12: {
      const pa = a instanceof RegExp ? a.source : (a as BSONRegExp).pattern;
      const pb = b instanceof RegExp ? b.source : (b as BSONRegExp).pattern;
      const fa = a instanceof RegExp ? a.flags : (a as BSONRegExp).options;
      const fb = b instanceof RegExp ? b.flags : (b as BSONRegExp).options;
      return cmp(pa, pb) || cmp(fa, fb);
    }
    default:
      return cmp(String(a), String(b));
  }
}

/** Returns true when two BSON values are equal under MongoDB comparison rules. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}
