// The contents of one collection (documents keyed by _id plus unique index hash maps).
import type { Document } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { CommandError, ErrorCodes } from './errors.js';
import { formatDoc } from './format.js';
import type { IndexDefinition, IndexKey } from './index-spec.js';
import { indexKeysFor } from './index-spec.js';
import type { StoredDoc } from './stored-doc.js';
import { makeStored } from './stored-doc.js';

/** An index with its (for unique indexes) hash map from index key to document `_id` key. */
export interface IndexState {
  /** The index definition. */
  readonly def: IndexDefinition;
  /** Canonical index key → canonical `_id` key (unique indexes only). */
  readonly entries: Map<string, string> | undefined;
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
  /** Documents keyed by the canonical key of their `_id`, in natural (insertion) order. */
  readonly docs: Map<string, StoredDoc>;
  /** Secondary indexes (the `_id` index is {@link CollectionState.docs} itself). */
  readonly indexes: IndexState[];
  /** Number of snapshots referencing this state. */
  frozen = 0;

  /**
   * Creates a state.
   * @param docs - Initial documents.
   * @param indexes - Initial indexes.
   */
  constructor(docs?: Map<string, StoredDoc>, indexes?: IndexState[]) {
    this.docs = docs ?? new Map();
    this.indexes = indexes ?? [];
  }

  /** Returns an independent copy of this state. */
  clone(): CollectionState {
    return new CollectionState(
      new Map(this.docs),
      this.indexes.map((ix) => ({ def: ix.def, entries: ix.entries === undefined ? undefined : new Map(ix.entries) })),
    );
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
    this.docs.set(idKey, stored);
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
    this.docs.set(idKey, stored);
    return stored;
  }

  /** Removes the document stored under `idKey`. */
  remove(idKey: string): void {
    const old = this.docs.get(idKey);
    if (old === undefined) return;
    this.removeKeys(idKey, old);
    this.docs.delete(idKey);
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
    this.docs.set(idKey, stored);
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
    this.indexes.push({ def, entries });
  }

  /** Removes the index with the given name. Returns false when no such index exists. */
  dropIndex(name: string): boolean {
    const i = this.indexes.findIndex((ix) => ix.def.name === name);
    if (i < 0) return false;
    this.indexes.splice(i, 1);
    return true;
  }
}
