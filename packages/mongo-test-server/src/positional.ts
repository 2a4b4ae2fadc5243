// Resolves the positional `$` operator: the first array element matched by the query's conditions on that array.
import type { Document } from './bson-values.js';
import { isPlainObject, toView } from './bson-values.js';
import { mingoQuery } from './query.js';

/**
 * Returns the index of the first element of `arr` (found at `arrayPath`) that satisfies every
 * condition the filter places on that array, or undefined when the filter has no such condition
 * or no element matches.
 */
export function positionalIndex(filter: Document, arrayPath: string, arr: unknown[]): number | undefined {
  const conds: Document[] = [];
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) for (const sub of v) if (isPlainObject(sub)) visit(sub);
      if (k === arrayPath) {
        if (isPlainObject(v) && isPlainObject(v.$elemMatch)) {
          const em = v.$elemMatch;
          const opsOnly = Object.keys(em).every((x) => x.startsWith('$'));
          conds.push(opsOnly ? { __v: em } : Object.fromEntries(Object.entries(em).map(([ek, ev]) => [`__v.${ek}`, ev])));
        } else conds.push({ __v: v });
      } else if (k.startsWith(`${arrayPath}.`)) {
        conds.push({ [`__v.${k.slice(arrayPath.length + 1)}`]: v });
      }
    }
  };
  visit(filter);
  if (conds.length === 0) return undefined;
  const queries = conds.map((c) => mingoQuery(c));
  const idx = arr.findIndex((el) => {
    const view = { __v: toView(el) };
    return queries.every((q) => q.test(view));
  });
  return idx < 0 ? undefined : idx;
}
