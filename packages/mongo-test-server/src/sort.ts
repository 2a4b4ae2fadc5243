// Sorting documents by a sort specification in BSON order (arrays sort by their min/max element).
import type { Document } from './bson-values.js';
import { isNumeric, isPlainObject, toNumber } from './bson-values.js';
import { compareValues } from './compare.js';
import { badValue, notImplemented } from './errors.js';
import { collectPathValues } from './paths.js';

/** A parsed sort specification. */
export type SortSpec = ReadonlyArray<readonly [string, 1 | -1]>;

/** Parses a sort document (`{ a: 1, b: -1 }`). */
export function parseSort(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) throw badValue('sort must be an object');
  const out: Array<readonly [string, 1 | -1]> = [];
  for (const [k, v] of Object.entries(sort)) {
    if (isPlainObject(v)) throw notImplemented(`sorting by ${JSON.stringify(v)} (e.g. $meta)`);
    if (!isNumeric(v) || (toNumber(v) !== 1 && toNumber(v) !== -1)) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    out.push([k, toNumber(v) === 1 ? 1 : -1]);
  }
  return out.length === 0 ? undefined : out;
}

const EMPTY_ARRAY_KEY = Symbol('emptyArray');

function sortKey(doc: Document, path: string, dir: 1 | -1): unknown {
  const values = collectPathValues(doc, path, true);
  if (values.length === 0) return null;
  let best: unknown = values[0];
  for (const v of values.slice(1)) {
    const c = compareValues(v, best);
    if ((dir === 1 && c < 0) || (dir === -1 && c > 0)) best = v;
  }
  return best === undefined ? EMPTY_ARRAY_KEY : best;
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) {
    if (a === b) return 0;
    return a === EMPTY_ARRAY_KEY ? -1 : 1;
  }
  return compareValues(a, b);
}

/** Sorts items (stable) by a sort spec evaluated on `getDoc(item)`. */
export function sortBy<T>(items: T[], spec: SortSpec, getDoc: (item: T) => Document): T[] {
  const natural = spec[0];
  if (natural !== undefined && natural[0] === '$natural') return natural[1] === 1 ? items : [...items].reverse();
  const decorated = items.map((item, i) => ({ item, i, keys: spec.map(([path, dir]) => sortKey(getDoc(item), path, dir)) }));
  decorated.sort((x, y) => {
    for (let k = 0; k < spec.length; k++) {
      const c = compareKeys(x.keys[k], y.keys[k]);
      if (c !== 0) return c * (spec[k] as readonly [string, 1 | -1])[1];
    }
    return x.i - y.i;
  });
  return decorated.map((d) => d.item);
}
