// Attribute comparison: the default deep equality and the ready-made comparators models can pick per field.

/** Decides whether two attribute values are equal. */
export type Comparator = (source: unknown, target: unknown) => boolean;

/**
 * The default equality: `null` and missing are equal, arrays compare in order, plain objects
 * compare by their keys (a key whose value is `null` or missing on both sides is ignored), Dates by
 * time, and everything else with `Object.is` semantics except that `0` equals `-0`.
 *
 * @param a - source value
 * @param b - target value
 * @returns whether the values are equal
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b; // NaN equals NaN
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) if (!deepEqual(left[key], right[key])) return false;
  for (const key of Object.keys(right)) if (!(key in left) && right[key] != null) return false;
  return true;
}

function normalized(normalize: (value: unknown) => unknown, inner: Comparator = deepEqual): Comparator {
  return (a, b) => inner(normalize(a), normalize(b));
}

function sortedCopy(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  // Sort by a canonical text form so mixed-type and object lists still sort deterministically.
  return value
    .map((item) => [canonicalText(item), item] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, item]) => item);
}

function canonicalText(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v != null)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalText(v)}`).join(',')}}`;
}

function lower(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map(lower);
  return value;
}

function numeric(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) ? value : parsed;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function emptyToNull(value: unknown): unknown {
  if (value === '' || (Array.isArray(value) && value.length === 0)) return null;
  return value;
}

/**
 * Ready-made comparators for the `compare` option of a model definition.
 *
 * @example
 * ```ts
 * import { comparators, defineModel, normalizers } from '@ssot/core';
 *
 * interface Device { name: string; platform: string; serial: string; asset_tag: string | null; tags: string[] }
 * const device = defineModel<Device>()({
 *   name: 'device',
 *   identifiers: ['name'],
 *   attributes: ['platform', 'serial', 'asset_tag', 'tags'],
 *   compare: {
 *     platform: comparators.caseInsensitive, // 'EOS' equals 'eos'
 *     serial: comparators.pipe(normalizers.trim, normalizers.lowerCase), // ' jpe123 ' equals 'JPE123'
 *     asset_tag: comparators.emptyIsNull, // '' equals null
 *     tags: comparators.unorderedSet, // ['core', 'edge'] equals ['edge', 'core', 'core']
 *   },
 * });
 * ```
 */
export const comparators = {
  /** The default: deep equality, `null` equals missing. */
  exact: deepEqual,
  /** Strings compared without regard to case (also inside lists). */
  caseInsensitive: normalized(lower),
  /** Lists compared as multisets: order does not matter, duplicates do. */
  unordered: normalized(sortedCopy),
  /** Lists compared as sets: order and duplicates do not matter. */
  unorderedSet: normalized((value) => (Array.isArray(value) ? sortedCopy([...new Set(value)]) : value)),
  /** Numbers and numeric strings compared by value (`"1500"` equals `1500`). */
  numeric: normalized(numeric),
  /** `""`, `[]`, `null` and missing are all equal; everything else compares deeply. */
  emptyIsNull: normalized(emptyToNull),
  /** Strings compared after trimming white space at both ends. */
  trimmed: normalized((value) => (typeof value === 'string' ? value.trim() : value)),
  /**
   * Builds a comparator that normalizes both values first, then compares deeply.
   *
   * @param normalize - maps a value to its canonical form
   * @param inner - the comparator applied to the normalized values
   * @returns the comparator
   */
  normalizedBy: normalized,
  /**
   * Chains normalizers: `comparators.all(lower, sort)` style composition of ready-made comparators is
   * not possible, so this combines several normalizing functions into one comparator.
   *
   * @param normalizers - applied left to right to each value
   * @returns the comparator
   */
  pipe(...normalizers: ((value: unknown) => unknown)[]): Comparator {
    return normalized((value) => normalizers.reduce((acc, fn) => fn(acc), value));
  },
} as const;

/** Normalizing functions that {@link comparators.pipe} combines. */
export const normalizers = {
  /** Lower-cases strings (also inside lists). */
  lowerCase: lower,
  /** Sorts lists by a canonical form. */
  sortList: sortedCopy,
  /** Turns numeric strings and bigints into numbers. */
  toNumber: numeric,
  /** Turns `""` and `[]` into `null`. */
  emptyToNull,
  /** Trims strings. */
  trim: (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value),
} as const;
