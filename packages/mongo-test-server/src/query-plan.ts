// The query planner: picks the documents a filter can match from the _id map or an index, instead of scanning the collection.
//
// Only candidates come from an index: the full filter is still applied to each of them, so a plan
// may return too many documents but never too few. Candidates are returned in natural order.
import BTreeModule from 'sorted-btree';
import type * as btree from 'sorted-btree';
import type { ObjectId } from 'bson';
import type { Document } from './bson-values.js';
import { bsonTag, isPlainObject, toNumber } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import type { CollectionState, IndexState } from './collection-state.js';
import type { IndexDefinition } from './index-spec.js';
import type { Matcher } from './query.js';
import { collectPathValues, isIndexPart } from './paths.js';
import type { StoredDoc } from './stored-doc.js';

/** The B+ tree class of `sorted-btree` (a CommonJS module: Node gives its exports object, bundlers the class). */
const BTree: typeof btree.default =
  typeof BTreeModule === 'function' ? (BTreeModule as unknown as typeof btree.default) : (BTreeModule as unknown as { default: typeof btree.default }).default;

/** An ordered index: one entry per (indexed value, document). */
export type IndexTree = btree.default<IndexEntry, undefined>;

/**
 * An entry of an ordered index. Values are ordered within a type class (numbers, strings, dates,
 * ObjectIds, booleans) the way mingo compares them; classes never compare with each other.
 */
export interface IndexEntry {
  /** Type class (1 number, 2 string, 3 date, 4 ObjectId, 5 boolean, 6 NaN; bounds use class ± 0.5). */
  readonly c: number;
  /** The value (a number, or a string for strings and ObjectIds). */
  readonly v: number | string;
  /** Canonical `_id` key of the document ({@link HIGH_ID} in bounds). */
  readonly id: string;
}

/** Greater than every canonical `_id` key (those start with ASCII characters). */
const HIGH_ID = '\uffff';

/** Compares index entries: class, then value, then `_id` key. */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  if (a.c !== b.c) return a.c - b.c;
  if (a.v !== b.v) return a.v < b.v ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** Creates an empty ordered index. */
export function newIndexTree(): IndexTree {
  return new BTree<IndexEntry, undefined>(undefined, compareEntries);
}

/** NaN's class: mingo matches NaN with every inclusive numeric range, so numeric ranges include it. */
const NAN = [6, 0] as const;

/** Returns the type class and comparable value of a value that ordered indexes hold, or undefined. */
export function orderValue(v: unknown): readonly [number, number | string] | undefined {
  switch (typeof v) {
    case 'string':
      return [2, v];
    case 'number':
      return Number.isNaN(v) ? NAN : [1, v];
    case 'boolean':
      return [5, v ? 1 : 0];
    case 'object':
      break;
    default:
      return undefined;
  }
  if (v === null) return undefined;
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? undefined : [3, t];
  }
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128': {
      const n = toNumber(v);
      return Number.isNaN(n) ? NAN : [1, n];
    }
    case 'ObjectId':
      return [4, (v as ObjectId).toHexString()];
    default:
      return undefined;
  }
}

/**
 * Whether an index's first field can serve as an ordered index: an ascending/descending index,
 * not partial, on a top-level field (mingo's matching of dotted paths through nested arrays goes
 * beyond MongoDB's multikey rules, so dotted paths are left to full scans).
 */
export function isOrderedIndexable(def: IndexDefinition): boolean {
  const first = def.fields[0];
  if (first === undefined || def.partial !== undefined || typeof first[1] === 'string') return false;
  return !first[0].includes('.') && !first[0].startsWith('$') && !isIndexPart(first[0]);
}

/**
 * The ordered-index entries of one document for a field.
 * @param field - The (first) indexed field.
 * @param doc - The document.
 * @param idKey - Canonical `_id` key of the document.
 * @returns The entries and how many values the field holds (more than one: multikey).
 */
export function treeEntries(field: string, doc: Document, idKey: string): { entries: IndexEntry[]; count: number } {
  if (!field.includes('.')) {
    // a top-level field (the only kind the planner uses): its value, or an array's elements
    const v = doc[field];
    if (!Array.isArray(v)) {
      const ov = v === undefined ? undefined : orderValue(v);
      return { entries: ov === undefined ? [] : [{ c: ov[0], v: ov[1], id: idKey }], count: v === undefined ? 0 : 1 };
    }
  }
  const values = collectPathValues(doc, field, true);
  const entries: IndexEntry[] = [];
  for (const value of values) {
    const ov = orderValue(value);
    if (ov !== undefined) entries.push({ c: ov[0], v: ov[1], id: idKey });
  }
  return { entries, count: values.length };
}

/** The canonical `_id` key to look up for an equality on `_id`, when a direct lookup is exact. */
function idEqualityKey(v: unknown): string | undefined {
  if (v === undefined || v === null || Array.isArray(v) || isPlainObject(v) || v instanceof RegExp) return undefined;
  if (typeof v === 'number' && Number.isNaN(v)) return undefined;
  const tag = bsonTag(v);
  if (tag === 'BSONRegExp' || tag === 'MinKey' || tag === 'MaxKey') return undefined;
  if (tag === 'Decimal128' || tag === 'Double') {
    if (Number.isNaN(toNumber(v))) return undefined;
  }
  return canonicalKey(v);
}

/** One candidate-producing condition on a field. */
type Predicate =
  | { readonly kind: 'in'; readonly values: readonly unknown[] }
  | { readonly kind: 'range'; readonly low?: { readonly v: unknown; readonly inclusive: boolean }; readonly high?: { readonly v: unknown; readonly inclusive: boolean } };

function isOperatorObject(v: unknown): v is Document {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Collects the field conditions of a filter's top level and of its (nested) `$and`s. */
function collectPredicates(filter: Document, out: Array<[string, Predicate]>): void {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and') {
      if (Array.isArray(cond)) for (const sub of cond) if (isPlainObject(sub)) collectPredicates(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (!isOperatorObject(cond)) {
      if (cond !== undefined && !isPlainObject(cond) && !Array.isArray(cond)) out.push([key, { kind: 'in', values: [cond] }]);
      continue;
    }
    if (cond.$eq !== undefined) {
      out.push([key, { kind: 'in', values: [cond.$eq] }]);
      continue;
    }
    if (Array.isArray(cond.$in)) {
      out.push([key, { kind: 'in', values: cond.$in }]);
      continue;
    }
    let low: { v: unknown; inclusive: boolean } | undefined;
    let high: { v: unknown; inclusive: boolean } | undefined;
    if (cond.$gt !== undefined) low = { v: cond.$gt, inclusive: false };
    else if (cond.$gte !== undefined) low = { v: cond.$gte, inclusive: true };
    if (cond.$lt !== undefined) high = { v: cond.$lt, inclusive: false };
    else if (cond.$lte !== undefined) high = { v: cond.$lte, inclusive: true };
    if (low !== undefined || high !== undefined) out.push([key, { kind: 'range', low, high }]);
  }
}

/** Index `_id` keys of the documents an `in` predicate can match on an ordered index, or undefined when it cannot be answered. */
function treeIn(tree: IndexTree, values: readonly unknown[], out: Set<string>): boolean {
  const bounds: Array<readonly [number, number | string]> = [];
  for (const v of values) {
    const ov = orderValue(v);
    if (ov === undefined || ov === NAN) return false;
    bounds.push(ov);
  }
  for (const [c, v] of bounds) {
    tree.forRange({ c, v, id: '' }, { c, v, id: HIGH_ID }, false, (k) => {
      out.add(k.id);
    });
  }
  return true;
}

function treeRange(tree: IndexTree, pred: Extract<Predicate, { kind: 'range' }>, multikey: boolean, out: Set<string>): boolean {
  const low = pred.low === undefined ? undefined : orderValue(pred.low.v);
  const high = pred.high === undefined ? undefined : orderValue(pred.high.v);
  if ((pred.low !== undefined && (low === undefined || low === NAN)) || (pred.high !== undefined && (high === undefined || high === NAN))) return false;
  // on a multikey index, each bound may be met by a different element: use one bound only
  const useLow = pred.low !== undefined;
  let useHigh = pred.high !== undefined;
  if (useLow && useHigh && (multikey || low?.[0] !== high?.[0])) useHigh = false;
  const c = (useLow ? low : high)?.[0];
  if (c === undefined) return false;
  // bounds are always inclusive: Longs and Decimal128s beyond double precision share an index value
  // with their neighbours, and the filter applied to the candidates is exact
  const lo: IndexEntry = useLow && low !== undefined ? { c, v: low[1], id: '' } : { c: c - 0.5, v: 0, id: '' };
  const hi: IndexEntry = useHigh && high !== undefined ? { c, v: high[1], id: HIGH_ID } : { c: c + 0.5, v: 0, id: '' };
  const add = (k: IndexEntry): void => {
    out.add(k.id);
  };
  if (compareEntries(lo, hi) < 0) tree.forRange(lo, hi, false, add);
  if (c === 1) tree.forRange({ c: NAN[0], v: 0, id: '' }, { c: NAN[0], v: 0, id: HIGH_ID }, false, add);
  return true;
}

/** How good a predicate is as a plan (lower is better). */
function rank(field: string, pred: Predicate, ix: IndexState | undefined): number {
  const eq = pred.kind === 'in' ? 0 : 3;
  if (field === '_id') return eq;
  return eq + (ix?.def.unique === true ? 1 : 2);
}

/** A value whose equality with an equal-keyed value is certain under any comparison rules (same simple type). */
function exactEqValue(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const tag = bsonTag(v);
  if (tag === 'ObjectId') return true;
  if (tag === 'Int32') return true;
  return tag === 'Double' && Number.isFinite(toNumber(v));
}

/** The value type family of an exact equality (numbers of the simple kinds form one family). */
function family(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const tag = bsonTag(v);
    return tag === 'Int32' || tag === 'Double' ? 'number' : String(tag);
  }
  return v instanceof Date ? 'date' : typeof v;
}

/** Options of {@link planCandidateKeys}. */
export interface PlanOptions {
  /** Never use an index (scan everything): for tests comparing plans with full scans. */
  readonly forceScan?: boolean;
}

let scanOnly = false;

/** Makes every query scan the whole collection (true) or use the planner (false); for tests. */
export function setForceFullScan(on: boolean): void {
  scanOnly = on;
}

/**
 * Returns the `_id` keys of the documents a filter can match, from the `_id` map or an index, or
 * undefined when the whole collection must be scanned.
 * @param state - The collection.
 * @param filter - The raw filter (already validated by compiling it).
 * @param options - Planner options.
 */
export function planCandidateKeys(state: CollectionState, filter: unknown, options: PlanOptions = {}): Set<string> | undefined {
  return planQuery(state, filter, options)?.keys;
}

/** A plan: the candidates' `_id` keys, and whether every candidate is known to match (the filter need not be applied). */
export interface QueryPlan {
  /** Canonical `_id` keys of the candidates. */
  readonly keys: Set<string>;
  /** Every candidate matches the filter. */
  readonly exact: boolean;
}

/**
 * Plans a filter (see {@link planCandidateKeys}). A plan is exact when the filter is a single
 * equality or `$in` whose values are strings, ObjectIds, booleans, dates or plain numbers, answered
 * by the `_id` map (for documents whose `_id` has the same type) or, for values other than numbers,
 * by an index on a top-level field.
 * @param state - The collection.
 * @param filter - The raw filter (already validated by compiling it).
 * @param options - Planner options.
 */
export function planQuery(state: CollectionState, filter: unknown, options: PlanOptions = {}): QueryPlan | undefined {
  if (scanOnly || options.forceScan === true || !isPlainObject(filter)) return undefined;
  const fields = Object.keys(filter).filter((k) => k !== '$comment');
  const single = fields.length === 1 && fields[0] !== undefined && !fields[0].startsWith('$') ? fields[0] : undefined;
  const singleCond = single === undefined ? undefined : filter[single];
  const simpleEq = single !== undefined && (!isOperatorObject(singleCond) || Object.keys(singleCond).length === 1);
  const preds: Array<[string, Predicate]> = [];
  collectPredicates(filter, preds);
  if (preds.length === 0) return undefined;
  const options_: Array<{ field: string; pred: Predicate; ix: IndexState | undefined; rank: number }> = [];
  for (const [field, pred] of preds) {
    if (field === '_id') {
      options_.push({ field, pred, ix: undefined, rank: rank(field, pred, undefined) });
      continue;
    }
    for (const ix of state.indexes) {
      if (ix.orderable && ix.def.fields[0]?.[0] === field) options_.push({ field, pred, ix, rank: rank(field, pred, ix) });
    }
  }
  options_.sort((a, b) => a.rank - b.rank);
  for (const { field, pred, ix } of options_) {
    const out = new Set<string>();
    const exactValues = simpleEq && field === single && pred.kind === 'in' && pred.values.every(exactEqValue);
    if (field === '_id' && pred.kind === 'in') {
      let ok = true;
      let exact = exactValues;
      for (const v of pred.values) {
        const key = idEqualityKey(v);
        if (key === undefined) {
          ok = false;
          break;
        }
        const doc = state.docs.get(key);
        if (doc === undefined) continue;
        out.add(key);
        if (exact && family(doc.raw._id) !== family(v)) exact = false;
      }
      if (ok) return { keys: out, exact };
      continue;
    }
    const tree = field === '_id' ? state.idTree() : ix === undefined ? undefined : state.indexTree(ix);
    if (tree === undefined) continue;
    const ok = pred.kind === 'in' ? treeIn(tree, pred.values, out) : treeRange(tree, pred, ix?.multikey ?? false, out);
    if (ok) return { keys: out, exact: exactValues && pred.kind === 'in' && pred.values.every((v) => family(v) !== 'number') };
  }
  return undefined;
}

/**
 * Returns the documents to test against a filter, in natural order: the planner's candidates,
 * or every document when no index applies.
 * @param state - The collection.
 * @param filter - The raw filter (already validated by compiling it).
 * @param options - Planner options.
 */
export function candidateEntries(state: CollectionState, filter: unknown, options: PlanOptions = {}): Iterable<[string, StoredDoc]> {
  return entriesOf(state, planQuery(state, filter, options)?.keys);
}

/**
 * Yields the documents matching a filter, in natural order: candidates from the planner tested
 * against the filter (unless the plan is exact), or a full scan when no index applies.
 * @param state - The collection.
 * @param filter - The raw filter.
 * @param matcher - The compiled filter.
 * @param options - Planner options.
 */
export function* matchingEntries(state: CollectionState, filter: unknown, matcher: Matcher, options: PlanOptions = {}): Generator<[string, StoredDoc]> {
  if (matcher.matchesAll) {
    yield* state.docs;
    return;
  }
  const plan = planQuery(state, filter, options);
  if (plan?.exact === true) {
    yield* entriesOf(state, plan.keys);
    return;
  }
  for (const entry of entriesOf(state, plan?.keys)) if (matcher.test(entry[1])) yield entry;
}

function entriesOf(state: CollectionState, keys: Set<string> | undefined): Iterable<[string, StoredDoc]> {
  if (keys === undefined) return state.docs;
  if (keys.size * 8 >= state.docs.size) {
    const out: Array<[string, StoredDoc]> = [];
    for (const entry of state.docs) if (keys.has(entry[0])) out.push(entry);
    return out;
  }
  const out: Array<[string, StoredDoc, number]> = [];
  for (const key of keys) {
    const doc = state.docs.get(key);
    if (doc !== undefined) out.push([key, doc, state.position(key)]);
  }
  out.sort((a, b) => a[2] - b[2]);
  return out.map(([key, doc]) => [key, doc]);
}
