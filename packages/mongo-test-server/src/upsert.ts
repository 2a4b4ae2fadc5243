// Builds the document inserted by an upsert (query equality fields + update) when nothing matched.
import { ObjectId } from 'bson';
import type { Document } from './bson-values.js';
import { cloneValue, isPlainObject } from './bson-values.js';
import { applyOperators, applyPipeline, idFirst, updateKind } from './update.js';

function setDotted(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Document = {};
      cur[p] = created;
      cur = created;
    }
  }
  cur[parts[parts.length - 1] as string] = cloneValue(value);
}

/** Extracts the equality conditions of a filter as a seed document (e.g. `{ a: 1, 'b.c': { $eq: 2 } }` → `{ a: 1, b: { c: 2 } }`). */
export function seedFromFilter(filter: Document): Document {
  const out: Document = {};
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        if (keys.length > 0 && keys.every((x) => x.startsWith('$'))) {
          if ('$eq' in v) setDotted(out, k, v.$eq);
          continue;
        }
      }
      if (v instanceof RegExp) continue;
      setDotted(out, k, v);
    }
  };
  visit(filter);
  return out;
}

/** Builds the document to insert for an upsert that matched nothing. */
export function buildUpsertDocument(filter: Document, update: unknown, arrayFilters: unknown[] | undefined): Document {
  const kind = updateKind(update);
  const seed = seedFromFilter(filter);
  let doc: Document;
  if (kind === 'replacement') {
    doc = cloneValue(update as Document);
    if (doc._id === undefined && seed._id !== undefined) doc._id = seed._id;
  } else if (kind === 'pipeline') {
    doc = applyPipeline(seed, update as unknown[]);
  } else {
    doc = seed;
    applyOperators(doc, update as Document, { arrayFilters, isInsert: true, filter });
  }
  if (doc._id === undefined) doc._id = new ObjectId();
  return idFirst(doc);
}
