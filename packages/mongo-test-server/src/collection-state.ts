// The contents of one collection: documents keyed by _id (in natural order), unique index hash maps and ordered indexes for the query planner.
import type { Document } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { CommandError, ErrorCodes } from './errors.js';
import { formatDoc } from './format.js';
import type { IndexDefinition, IndexKey } from './index-spec.js';
import { indexKeysFor } from './index-spec.js';
import type { IndexTree } from './query-plan.js';
import { isOrderedIndexable, newIndexTree, treeEntries } from './query-plan.js';
import type { StoredDoc } from './stored-doc.js';
import { makeStored } from './stored-doc.js';

/** An index with its (for unique indexes) hash map from index key to document `_id` key, and its ordered index. */
export interface IndexState {
  /** The index definition. */
  readonly def: IndexDefinition;
  /** Canonical index key → canonical `_id` key (unique indexes only). */
  readonly entries: Map<string, string> | undefined;
  /** Whether the planner can use an ordered index of this index's first field. */
  readonly orderable: boolean;
  /**
   * Ordered index of the first field's values: built on the planner's first use (see
   * {@link CollectionState.indexTree}), then kept up to date; `undefined` until then. A start-up
   * or a job that never queries by the index does not pay for it.
   */
  tree: IndexTree | undefined;
  /** Whether some document held several values for the first field (since the tree was built). */
  multikey: boolean;
}

/** Builds the duplicate key error MongoDB reports for an index. */
export function duplicateKeyError(ns: string, indexName: string, fields: ReadonlyArray<readonly [string, unknown]>, values: unknown[]): CommandError {
  const keyPattern: Document = {};
  const keyValue: Document = {};
  fields.forEach(([f, dir], i) => {
    keyPattern[f] = dir;
    keyValue[f] = values[i] === undefined ? null : values[i];
  });
  return new CommandError(
    ErrorCodes.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatDoc(keyValue)}`,
    { keyPattern, keyValue },
  );
}

/**
 * Mutable contents of a collection. States are shared copy-on-write with transaction
 * snapshots: while `frozen > 0` the state must be cloned before mutation.
 */
export class CollectionState {
  private docMap: Map<string, StoredDoc>;
  /** `_id` key → position in natural order (increasing along {@link CollectionState.docs}). */
  private order: Map<string, number>;
  private nextPosition: number;
  /** Ordered `_id` index, built on first use by a range query and maintained from then on. */
  private ids: IndexTree | undefined;
  /** Secondary indexes (the `_id` index is {@link CollectionState.docs} itself). */
  readonly indexes: IndexState[];
  /** Number of snapshots referencing this state. */
  frozen = 0;

  /** Creates an empty state. */
  constructor() {
    this.docMap = new Map();
    this.order = new Map();
    this.nextPosition = 0;
    this.indexes = [];
  }

  /** Documents keyed by the canonical key of their `_id`, in natural (insertion) order. */
  get docs(): ReadonlyMap<string, StoredDoc> {
    return this.docMap;
  }

  /** Position of a document in natural order (only comparable between documents of this state). */
  position(idKey: string): number {
    return this.order.get(idKey) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * The ordered index of an index's first field, built on first use; `undefined` when the planner
   * cannot use the index.
   */
  indexTree(ix: IndexState): IndexTree | undefined {
    if (!ix.orderable) return undefined;
    if (ix.tree === undefined) {
      const tree = newIndexTree();
      const field = ix.def.fields[0]?.[0] ?? '';
      let multikey = false;
      for (const [idKey, doc] of this.docMap) {
        const { entries, count } = treeEntries(field, doc.raw, idKey);
        if (count > 1) multikey = true;
        for (const e of entries) tree.set(e, undefined);
      }
      ix.tree = tree;
      ix.multikey = multikey;
    }
    return ix.tree;
  }

  /** The ordered `_id` index (built on first use). */
  idTree(): IndexTree {
    if (this.ids === undefined) {
      const tree = newIndexTree();
      for (const [idKey, doc] of this.docMap) for (const e of treeEntries('_id', doc.raw, idKey).entries) tree.set(e, undefined);
      this.ids = tree;
    }
    return this.ids;
  }

  /** Returns an independent copy of this state (ordered indexes are copied on write). */
  clone(): CollectionState {
    const copy = new CollectionState();
    copy.docMap = new Map(this.docMap);
    copy.order = new Map(this.order);
    copy.nextPosition = this.nextPosition;
    copy.ids = this.ids?.clone();
    for (const ix of this.indexes) {
      copy.indexes.push({ def: ix.def, entries: ix.entries === undefined ? undefined : new Map(ix.entries), orderable: ix.orderable, tree: ix.tree?.clone(), multikey: ix.multikey });
    }
    return copy;
  }

  /** Stores a record under `idKey`, keeping its position when it replaces one, and maintains the ordered indexes. */
  private setDoc(idKey: string, stored: StoredDoc): void {
    const old = this.docMap.get(idKey);
    if (old === undefined) this.order.set(idKey, this.nextPosition++);
    else this.untree(idKey, old);
    this.docMap.set(idKey, stored);
    for (const ix of this.indexes) {
      if (ix.tree === undefined) continue;
      const { entries, count } = treeEntries(ix.def.fields[0]?.[0] ?? '', stored.raw, idKey);
      if (count > 1) ix.multikey = true;
      for (const e of entries) ix.tree.set(e, undefined);
    }
    if (this.ids !== undefined) for (const e of treeEntries('_id', stored.raw, idKey).entries) this.ids.set(e, undefined);
  }

  private untree(idKey: string, old: StoredDoc): void {
    for (const ix of this.indexes) {
      if (ix.tree === undefined) continue;
      for (const e of treeEntries(ix.def.fields[0]?.[0] ?? '', old.raw, idKey).entries) ix.tree.delete(e);
    }
    if (this.ids !== undefined) for (const e of treeEntries('_id', old.raw, idKey).entries) this.ids.delete(e);
  }

  private deleteDoc(idKey: string, old: StoredDoc): void {
    this.untree(idKey, old);
    this.docMap.delete(idKey);
    this.order.delete(idKey);
  }

  /** Adds a document read back from storage (no uniqueness checks: indexes are added afterwards). */
  load(raw: Document): void {
    this.setDoc(canonicalKey(raw._id), makeStored(raw));
  }

  private uniqueKeys(doc: StoredDoc): Array<IndexKey[] | undefined> {
    return this.indexes.map((ix) => (ix.entries === undefined ? undefined : indexKeysFor(ix.def, doc)));
  }

  private checkUnique(ns: string, idKey: string, keys: Array<IndexKey[] | undefined>): void {
    this.indexes.forEach((ix, i) => {
      const ks = keys[i];
      if (ix.entries === undefined || ks === undefined) return;
      for (const k of ks) {
        const owner = ix.entries.get(k.key);
        if (owner !== undefined && owner !== idKey) throw duplicateKeyError(ns, ix.def.name, ix.def.fields, k.values);
      }
    });
  }

  private addKeys(idKey: string, keys: Array<IndexKey[] | undefined>): void {
    this.indexes.forEach((ix, i) => {
      const ks = keys[i];
      if (ix.entries === undefined || ks === undefined) return;
      for (const k of ks) ix.entries.set(k.key, idKey);
    });
  }

  private removeKeys(idKey: string, doc: StoredDoc): void {
    for (const ix of this.indexes) {
      if (ix.entries === undefined) continue;
      for (const k of indexKeysFor(ix.def, doc) ?? []) {
        if (ix.entries.get(k.key) === idKey) ix.entries.delete(k.key);
      }
    }
  }

  /** Inserts a document (which must have an `_id`). Throws a duplicate key error on conflicts. */
  insert(ns: string, raw: Document): StoredDoc {
    const idKey = canonicalKey(raw._id);
    if (this.docs.has(idKey)) throw duplicateKeyError(ns, '_id_', [['_id', 1]], [raw._id]);
    const stored = makeStored(raw);
    const keys = this.uniqueKeys(stored);
    this.checkUnique(ns, idKey, keys);
    this.addKeys(idKey, keys);
    this.setDoc(idKey, stored);
    return stored;
  }

  /** Replaces the document stored under `idKey` (its `_id` must be unchanged). */
  replace(ns: string, idKey: string, raw: Document): StoredDoc {
    const old = this.docs.get(idKey);
    const stored = makeStored(raw);
    const keys = this.uniqueKeys(stored);
    this.checkUnique(ns, idKey, keys);
    if (old !== undefined) this.removeKeys(idKey, old);
    this.addKeys(idKey, keys);
    this.setDoc(idKey, stored);
    return stored;
  }

  /** Removes the document stored under `idKey`. */
  remove(idKey: string): void {
    const old = this.docs.get(idKey);
    if (old === undefined) return;
    this.removeKeys(idKey, old);
    this.deleteDoc(idKey, old);
  }

  /** Restores a specific stored record under `idKey` (used when applying transactions). */
  put(ns: string, idKey: string, stored: StoredDoc | undefined): void {
    if (stored === undefined) {
      this.remove(idKey);
      return;
    }
    const old = this.docs.get(idKey);
    const keys = this.uniqueKeys(stored);
    this.checkUnique(ns, idKey, keys);
    if (old !== undefined) this.removeKeys(idKey, old);
    this.addKeys(idKey, keys);
    this.setDoc(idKey, stored);
  }

  /** Adds an index, building its hash map. Throws a duplicate key error if existing data violates it. */
  addIndex(ns: string, def: IndexDefinition): void {
    const entries = def.unique ? new Map<string, string>() : undefined;
    if (entries !== undefined) {
      for (const [idKey, doc] of this.docs) {
        for (const k of indexKeysFor(def, doc) ?? []) {
          const owner = entries.get(k.key);
          if (owner !== undefined && owner !== idKey) throw duplicateKeyError(ns, def.name, def.fields, k.values);
          entries.set(k.key, idKey);
        }
      }
    }
    // The ordered index is built when the planner first uses it (indexTree).
    this.indexes.push({ def, entries, orderable: isOrderedIndexable(def), tree: undefined, multikey: false });
  }

  /** Removes the index with the given name. Returns false when no such index exists. */
  dropIndex(name: string): boolean {
    const i = this.indexes.findIndex((ix) => ix.def.name === name);
    if (i < 0) return false;
    this.indexes.splice(i, 1);
    return true;
  }
}
