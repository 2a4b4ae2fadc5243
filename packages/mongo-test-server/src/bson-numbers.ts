// Exact BSON number arithmetic and comparison: Int32, Long (Int64), Double and Decimal128 with MongoDB's
// result types (Int32 → Long on overflow → Double; Double wins over integers; Decimal128 wins over all).
import { Decimal128, Double, Int32, Long } from 'bson';
import { bsonTag, numericKind, toNumber } from './bson-values.js';

/** A finite number as an exact fraction `n / d` (d > 0), or a non-finite value. */
type Exact = { readonly n: bigint; readonly d: bigint } | 'nan' | 'inf' | '-inf';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A decimal `coef × 10^exp` (coef carries the sign), or a non-finite value. */
type Dec = { readonly coef: bigint; readonly exp: number; readonly negZero?: boolean } | 'nan' | 'inf' | '-inf';

function parseDecimal(s: string): Dec {
  if (/^-?nan$/i.test(s)) return 'nan';
  if (/^\+?inf(inity)?$/i.test(s)) return 'inf';
  if (/^-inf(inity)?$/i.test(s)) return '-inf';
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null) return 'nan';
  const [, sign = '', int = '', frac = '', e = '0'] = m;
  const digits = `${int}${frac}` || '0';
  const coef = BigInt(digits) * (sign === '-' ? -1n : 1n);
  return { coef, exp: Number(e) - frac.length, negZero: sign === '-' && BigInt(digits) === 0n };
}

function doubleToExact(x: number): Exact {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x)) return { n: BigInt(x), d: 1n };
  // x = mantissa × 2^exp exactly
  let exp = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exp++;
  }
  return { n: BigInt(m), d: 2n ** BigInt(exp) };
}

function decToExact(d: Dec): Exact {
  if (typeof d === 'string') return d;
  return d.exp >= 0 ? { n: d.coef * 10n ** BigInt(d.exp), d: 1n } : { n: d.coef, d: 10n ** BigInt(-d.exp) };
}

function exactOf(v: unknown): Exact {
  if (typeof v === 'bigint') return { n: v, d: 1n };
  switch (bsonTag(v)) {
    case 'Long':
      return { n: (v as Long).toBigInt(), d: 1n };
    case 'Decimal128':
      return decToExact(parseDecimal((v as Decimal128).toString()));
    default:
      return doubleToExact(toNumber(v));
  }
}

/** Compares two numeric BSON values exactly (NaN sorts lowest and equals NaN, as in MongoDB). */
export function compareNumeric(a: unknown, b: unknown): number {
  const ta = typeof a === 'number' ? undefined : bsonTag(a);
  const tb = typeof b === 'number' ? undefined : bsonTag(b);
  if (ta !== 'Long' && ta !== 'Decimal128' && typeof a !== 'bigint' && tb !== 'Long' && tb !== 'Decimal128' && typeof b !== 'bigint') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
    if (Number.isNaN(y)) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = exactOf(a);
  const y = exactOf(b);
  const rank = (e: Exact): number => (e === 'nan' ? 0 : e === '-inf' ? 1 : e === 'inf' ? 3 : 2);
  if (typeof x === 'string' || typeof y === 'string') {
    const r = rank(x) - rank(y);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
  }
  const l = x.n * y.d;
  const r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** A numeric operand's decimal form (doubles are converted with 15 significant digits, as mongod does). */
function toDec(v: unknown): Dec {
  if (typeof v === 'bigint') return { coef: v, exp: 0 };
  switch (bsonTag(v)) {
    case 'Decimal128':
      return parseDecimal((v as Decimal128).toString());
    case 'Long':
      return { coef: (v as Long).toBigInt(), exp: 0 };
    case 'Int32':
      return { coef: BigInt((v as Int32).value), exp: 0 };
    default: {
      const x = toNumber(v);
      if (Number.isNaN(x)) return 'nan';
      if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
      if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return { coef: BigInt(x), exp: 0 };
      return parseDecimal(x.toPrecision(15));
    }
  }
}

function decimalOp(a: Dec, b: Dec, op: NumericOp): Decimal128 {
  if (typeof a === 'string' || typeof b === 'string') {
    const f = (d: Dec): number => (d === 'nan' ? NaN : d === 'inf' ? Infinity : d === '-inf' ? -Infinity : d.coef === 0n ? 0 : Number(d.coef));
    const r = op === 'add' ? f(a) + f(b) : op === 'subtract' ? f(a) - f(b) : f(a) * f(b);
    return Decimal128.fromString(Number.isNaN(r) ? 'NaN' : r === Infinity ? 'Infinity' : r === -Infinity ? '-Infinity' : '0');
  }
  let coef: bigint;
  let exp: number;
  if (op === 'multiply') {
    coef = a.coef * b.coef;
    exp = a.exp + b.exp;
  } else {
    exp = Math.min(a.exp, b.exp);
    const x = a.coef * 10n ** BigInt(a.exp - exp);
    const y = b.coef * 10n ** BigInt(b.exp - exp);
    coef = op === 'add' ? x + y : x - y;
  }
  const neg = coef < 0n;
  const s = `${neg ? '-' : ''}${(neg ? -coef : coef).toString()}E${exp}`;
  return Decimal128.fromStringWithRounding(s);
}

/** An arithmetic operation on BSON numbers. */
export type NumericOp = 'add' | 'subtract' | 'multiply';

/**
 * Applies `op` to two BSON numbers with MongoDB's result type: Decimal128 if either is Decimal128
 * (exact, rounded to 34 digits), Double if either is Double, otherwise Long if either is Long
 * (Double on Int64 overflow), otherwise Int32 (Long on overflow).
 * @param a - Left operand (JS number, bigint, Int32, Double, Long or Decimal128).
 * @param b - Right operand.
 * @param op - The operation.
 */
export function numericOp(a: unknown, b: unknown, op: NumericOp): unknown {
  const ka = typeof a === 'bigint' ? 'long' : numericKind(a);
  const kb = typeof b === 'bigint' ? 'long' : numericKind(b);
  if (ka === 'decimal' || kb === 'decimal') return decimalOp(toDec(a), toDec(b), op);
  const f = (x: number, y: number): number => (op === 'add' ? x + y : op === 'subtract' ? x - y : x * y);
  if (ka === 'double' || kb === 'double') return new Double(f(toNumber(a), toNumber(b)));
  const x = typeof a === 'bigint' ? a : bsonTag(a) === 'Long' ? (a as Long).toBigInt() : BigInt(toNumber(a));
  const y = typeof b === 'bigint' ? b : bsonTag(b) === 'Long' ? (b as Long).toBigInt() : BigInt(toNumber(b));
  const r = op === 'add' ? x + y : op === 'subtract' ? x - y : x * y;
  if (ka === 'long' || kb === 'long' || r < -0x80000000n || r > 0x7fffffffn) {
    return r < INT64_MIN || r > INT64_MAX ? new Double(Number(r)) : Long.fromBigInt(r);
  }
  return new Int32(Number(r));
}

/** Returns true for values that need exact handling (Long, Decimal128, bigint) rather than JS doubles. */
export function isExactNumber(v: unknown): boolean {
  if (typeof v === 'bigint') return true;
  const t = bsonTag(v);
  return t === 'Long' || t === 'Decimal128';
}
