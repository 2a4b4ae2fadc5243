// Index specifications: validation, default names and index key extraction.
import type { Document } from './bson-values.js';
import { isNumeric, isPlainObject, isTruthy, toNumber } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from './errors.js';
import type { Matcher } from './query.js';
import { compileFilter } from './query.js';
import { collectPathValues } from './paths.js';
import type { StoredDoc } from './stored-doc.js';

/** A validated index definition. */
export interface IndexDefinition {
  /** The index name. */
  readonly name: string;
  /** The ordered indexed fields with their direction/type. */
  readonly fields: ReadonlyArray<readonly [string, unknown]>;
  /** Whether the index enforces uniqueness. */
  readonly unique: boolean;
  /** Whether documents missing all indexed fields are skipped. */
  readonly sparse: boolean;
  /** Compiled partial filter, when the index is partial. */
  readonly partial?: Matcher;
  /** The spec as reported by listIndexes. */
  readonly spec: Document;
}

const ALLOWED_OPTIONS = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'v',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'hidden',
  'ns',
]);

/** Generates MongoDB's default index name, e.g. `a_1_b_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${isNumeric(v) ? toNumber(v) : String(v)}`)
    .join('_');
}

/** Validates a createIndexes spec and returns its definition. */
export function parseIndexSpec(raw: unknown): IndexDefinition {
  if (!isPlainObject(raw)) throw badValue('index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCodes.FailedToParse, "The 'key' field must be a non-empty object");
  }
  for (const opt of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(opt)) throw notImplemented(`the index option '${opt}'`);
  }
  const fields: Array<[string, unknown]> = [];
  for (const [field, dir] of Object.entries(key)) {
    if (isNumeric(dir)) {
      if (toNumber(dir) === 0) throw new CommandError(ErrorCodes.BadValue, `Values in the index key pattern can't be 0: ${field}`);
    } else if (typeof dir !== 'string' || !['text', 'hashed', '2dsphere', '2d'].includes(dir)) {
      throw new CommandError(ErrorCodes.BadValue, `Unknown index plugin '${String(dir)}'`);
    }
    fields.push([field, dir]);
  }
  const name = typeof raw.name === 'string' ? raw.name : defaultIndexName(key);
  const unique = isTruthy(raw.unique);
  const sparse = isTruthy(raw.sparse);
  if (name === '_id_' && !(fields.length === 1 && fields[0]?.[0] === '_id')) {
    throw new CommandError(ErrorCodes.BadValue, 'The index name _id_ is reserved for the _id index');
  }
  let partial: Matcher | undefined;
  if (raw.partialFilterExpression !== undefined) {
    if (!isPlainObject(raw.partialFilterExpression)) throw badValue('partialFilterExpression must be an object');
    if (sparse) throw badValue('cannot mix "partialFilterExpression" and "sparse" options');
    partial = compileFilter(raw.partialFilterExpression);
  }
  const spec: Document = { v: 2, key, name };
  if (unique) spec.unique = true;
  if (sparse) spec.sparse = true;
  for (const opt of ['partialFilterExpression', 'expireAfterSeconds', 'hidden', 'weights', 'default_language', 'language_override']) {
    if (raw[opt] !== undefined) spec[opt] = raw[opt];
  }
  return { name, fields, unique, sparse, partial, spec };
}

/** One index key produced for a document. */
export interface IndexKey {
  /** Canonical key string for hash lookups. */
  readonly key: string;
  /** The indexed values, in index field order. */
  readonly values: unknown[];
}

/**
 * Computes the index keys of a document (several for multikey indexes), or `undefined`
 * when the document is excluded from the index (sparse/partial).
 */
export function indexKeysFor(def: IndexDefinition, doc: StoredDoc): IndexKey[] | undefined {
  if (def.partial !== undefined && !def.partial.test(doc)) return undefined;
  const perField: unknown[][] = [];
  let anyPresent = false;
  for (const [field] of def.fields) {
    const values = collectPathValues(doc.raw, field, true);
    if (values.length > 0) anyPresent = true;
    perField.push(values.length > 0 ? values : [null]);
  }
  if (def.sparse && !anyPresent) return undefined;
  let combos: unknown[][] = [[]];
  for (const values of perField) {
    const next: unknown[][] = [];
    for (const combo of combos) for (const v of values) next.push([...combo, v === undefined ? null : v]);
    combos = next;
  }
  const seen = new Set<string>();
  const out: IndexKey[] = [];
  for (const values of combos) {
    const key = values.map(canonicalKey).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, values });
  }
  return out;
}
