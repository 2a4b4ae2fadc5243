// The committed catalog: databases, their collections and each collection's current state.
import { UUID } from 'bson';
import type { Document } from './bson-values.js';
import { CollectionState } from './collection-state.js';
import { CommandError, ErrorCodes } from './errors.js';
import type { StoredDoc } from './stored-doc.js';

/** Metadata and committed contents of a collection. */
export interface CollectionMeta {
  /** Collection name. */
  readonly name: string;
  /** Collection UUID (reported by listCollections). */
  readonly uuid: UUID;
  /** Creation options. */
  readonly options: Document;
  /** Current committed state. */
  state: CollectionState;
  /** Stable id of the collection in durable storage (kept across renames, never reused). */
  readonly storageId: number;
}

/** What changed in the committed catalog since the last {@link Catalog.takeChanges} (what durable storage must write). */
export interface ChangeSet {
  /** Collections whose catalog record (name, options, indexes) must be (re)written: storage id → database and metadata. */
  readonly collections: Map<number, { readonly db: string; readonly meta: CollectionMeta }>;
  /** Storage ids of dropped collections (their record and documents go). */
  readonly dropped: Set<number>;
  /** Changed documents: storage id → `_id` key → the current record (undefined: removed). */
  readonly docs: Map<number, Map<string, StoredDoc | undefined>>;
}

function emptyChanges(): ChangeSet {
  return { collections: new Map(), dropped: new Set(), docs: new Map() };
}

/** Whether a change set holds nothing to write. */
export function isEmptyChangeSet(c: ChangeSet): boolean {
  return c.collections.size === 0 && c.dropped.size === 0 && c.docs.size === 0;
}

/** Validates a collection name. */
export function checkCollectionName(db: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${db}.${String(name)}'`);
  }
  if (name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
  return name;
}

/** All committed data of the server. */
export class Catalog {
  /** Databases by name, each a map of collections by name. */
  readonly dbs = new Map<string, Map<string, CollectionMeta>>();
  private nextStorageId = 1;
  private changes: ChangeSet | undefined;

  /** Starts recording changes for durable storage (see {@link Catalog.takeChanges}). */
  trackChanges(): void {
    this.changes ??= emptyChanges();
  }

  /** Returns the changes recorded since the last call and starts a new set (undefined when not tracking). */
  takeChanges(): ChangeSet | undefined {
    const taken = this.changes;
    if (taken !== undefined) this.changes = emptyChanges();
    return taken;
  }

  /** Records that a collection's catalog record (options, indexes) changed. */
  touch(db: string, name: string): void {
    const meta = this.get(db, name);
    if (meta !== undefined) this.changes?.collections.set(meta.storageId, { db, meta });
  }

  /** Records the current committed record of one document (undefined: removed). */
  recordDoc(db: string, name: string, idKey: string, stored: StoredDoc | undefined): void {
    if (this.changes === undefined) return;
    const meta = this.get(db, name);
    if (meta === undefined) return;
    let docs = this.changes.docs.get(meta.storageId);
    if (docs === undefined) {
      docs = new Map();
      this.changes.docs.set(meta.storageId, docs);
    }
    docs.set(idKey, stored);
  }

  private recordDrop(meta: CollectionMeta): void {
    if (this.changes === undefined) return;
    this.changes.collections.delete(meta.storageId);
    this.changes.docs.delete(meta.storageId);
    this.changes.dropped.add(meta.storageId);
  }

  /**
   * Adds a collection read back from durable storage (no change is recorded).
   * @param db - Database name.
   * @param meta - The collection's metadata and state.
   */
  load(db: string, meta: CollectionMeta): void {
    let colls = this.dbs.get(db);
    if (colls === undefined) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    colls.set(meta.name, meta);
    this.nextStorageId = Math.max(this.nextStorageId, meta.storageId + 1);
  }

  /** Returns a collection's metadata, if the collection exists. */
  get(db: string, name: string): CollectionMeta | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** Creates a collection (throws `NamespaceExists` if it exists). */
  create(db: string, name: string, options: Document = {}, state?: CollectionState): CollectionMeta {
    checkCollectionName(db, name);
    let colls = this.dbs.get(db);
    if (colls === undefined) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    if (colls.has(name)) throw new CommandError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    const meta: CollectionMeta = { name, uuid: new UUID(), options, state: state ?? new CollectionState(), storageId: this.nextStorageId++ };
    colls.set(name, meta);
    this.changes?.collections.set(meta.storageId, { db, meta });
    return meta;
  }

  /** Returns the collection, creating it implicitly if missing. */
  ensure(db: string, name: string): CollectionMeta {
    return this.get(db, name) ?? this.create(db, name);
  }

  /** Returns the committed state for mutation, cloning it first if a snapshot shares it. */
  writable(db: string, name: string): CollectionState {
    const meta = this.ensure(db, name);
    if (meta.state.frozen > 0) meta.state = meta.state.clone();
    return meta.state;
  }

  /** Drops a collection. Returns false when it did not exist. */
  drop(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    const meta = colls?.get(name);
    if (colls === undefined || meta === undefined) return false;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    this.recordDrop(meta);
    return true;
  }

  /**
   * Renames a collection, keeping its contents, UUID and storage id (the target must not exist).
   * @param from - Source database and collection.
   * @param to - Target database and collection.
   */
  rename(from: readonly [string, string], to: readonly [string, string]): void {
    const source = this.get(from[0], from[1]);
    if (source === undefined) return;
    checkCollectionName(to[0], to[1]);
    const colls = this.dbs.get(from[0]);
    colls?.delete(from[1]);
    if (colls?.size === 0) this.dbs.delete(from[0]);
    const moved: CollectionMeta = { ...source, name: to[1] };
    this.load(to[0], moved);
    this.changes?.collections.set(moved.storageId, { db: to[0], meta: moved });
  }

  /** Drops a whole database. */
  dropDatabase(db: string): void {
    for (const meta of this.dbs.get(db)?.values() ?? []) this.recordDrop(meta);
    this.dbs.delete(db);
  }

  /** Removes every database. */
  clear(): void {
    for (const [, meta] of this.entries()) this.recordDrop(meta);
    this.dbs.clear();
  }

  /** Finds a collection by its storage id. */
  byStorageId(id: number): [string, CollectionMeta] | undefined {
    for (const [db, colls] of this.dbs) for (const meta of colls.values()) if (meta.storageId === id) return [db, meta];
    return undefined;
  }

  /** Iterates all collections as `[namespace, meta]`. */
  *entries(): IterableIterator<[string, CollectionMeta]> {
    for (const [db, colls] of this.dbs) for (const [name, meta] of colls) yield [`${db}.${name}`, meta];
  }
}
