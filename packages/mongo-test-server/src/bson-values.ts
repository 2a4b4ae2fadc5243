// BSON value helpers: type detection, numeric conversion, and the "view" representation used with mingo.
import { BSONRegExp, Decimal128, Double, Int32, Long } from 'bson';

/** A BSON document as stored by the server (BSON wrapper types preserved). */
export type Document = Record<string, unknown>;

/** Returns true for plain objects (BSON embedded documents). */
export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Returns the `_bsontype` tag of a BSON wrapper value, if any. */
export function bsonTag(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const tag = (v as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** Returns true when the value is a BSON number of any kind (JS number, Int32, Double, Long, Decimal128, bigint). */
export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const tag = bsonTag(v);
  return tag === 'Int32' || tag === 'Double' || tag === 'Long' || tag === 'Decimal128';
}

/** Converts a BSON numeric value to a JS number (Long and Decimal128 may lose precision). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
      return (v as Int32 | Double).valueOf();
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return Number((v as Decimal128).toString());
    default:
      return Number.NaN;
  }
}

/** Reads an optional numeric command option. */
export function optionalNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = toNumber(v);
  return Number.isNaN(n) ? undefined : n;
}

/** Returns true for BSON truthy option values (`true`, non-zero numbers). */
export function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (isNumeric(v)) return toNumber(v) !== 0;
  return true;
}

const viewToRaw = new WeakMap<object, unknown>();

/** Returns the raw value a view object or array was created from by {@link toView} (undefined for other values). */
export function rawOf(view: unknown): unknown {
  return view !== null && typeof view === 'object' ? viewToRaw.get(view) : undefined;
}

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);

/**
 * Converts a stored (raw) value to its "view": numbers become JS numbers and BSON regular
 * expressions become RegExp, so that mingo can compare values. Other BSON types are kept as-is.
 * Every created object/array remembers the raw value it came from (see {@link fromView}).
 */
export function toView(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map(toView);
    viewToRaw.set(out, v);
    return out;
  }
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) out[k] = toView(v[k]);
    viewToRaw.set(out, v);
    return out;
  }
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return toNumber(v);
    case 'BSONRegExp': {
      const re = v as BSONRegExp;
      const flags = [...re.options].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
      return new RegExp(re.pattern, flags);
    }
    default:
      return v;
  }
}

/** Converts a stored document to its view document. */
export function toViewDoc(doc: Document): Document {
  return toView(doc) as Document;
}

/**
 * Converts a view value (possibly produced by mingo) back to a raw value, reusing the original
 * raw BSON values (e.g. `Double(1.0)`, `Long`) wherever the view still holds the same value.
 * @param v - The view value.
 * @param hint - The raw value expected at the same position, if known.
 */
export function fromView(v: unknown, hint?: unknown): unknown {
  if (typeof v === 'number') {
    if (hint !== undefined && isNumeric(hint) && typeof hint !== 'number' && toNumber(hint) === v) return hint;
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof RegExp) {
    if (bsonTag(hint) === 'BSONRegExp' && (hint as BSONRegExp).pattern === v.source) return hint;
    return new BSONRegExp(v.source, v.flags);
  }
  const registered = viewToRaw.get(v);
  const rawHint = registered ?? hint;
  if (Array.isArray(v)) {
    const hintArr = Array.isArray(rawHint) ? rawHint : undefined;
    return v.map((x, i) => fromView(x, hintArr?.[i]));
  }
  if (isPlainObject(v)) {
    const hintObj = isPlainObject(rawHint) ? rawHint : undefined;
    const out: Document = {};
    for (const k of Object.keys(v)) {
      const val = v[k];
      if (val === undefined) continue;
      out[k] = fromView(val, hintObj?.[k]);
    }
    return out;
  }
  return v;
}

/** Converts a view document back to a raw document (see {@link fromView}). */
export function fromViewDoc(v: Document, hint?: Document): Document {
  return fromView(v, hint) as Document;
}

/** Deep-clones a raw value (BSON wrapper objects are immutable and shared). */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k]);
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  return v;
}

/** Creates a BSON Int32/Long/Double from a JS number following MongoDB's arithmetic result rules. */
export function numberLike(value: number, kind: 'int' | 'long' | 'double' | 'decimal'): unknown {
  switch (kind) {
    case 'int':
      return new Int32(value);
    case 'long':
      return Long.fromNumber(value);
    case 'decimal':
      return Decimal128.fromString(String(value));
    default:
      return new Double(value);
  }
}

/** Returns the numeric kind of a raw numeric value. */
export function numericKind(v: unknown): 'int' | 'long' | 'double' | 'decimal' {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  switch (bsonTag(v)) {
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    default:
      return 'double';
  }
}
