// The committed catalog: databases, their collections and each collection's current state.
import { UUID } from 'bson';
import type { Document } from './bson-values.js';
import { CollectionState } from './collection-state.js';
import { CommandError, ErrorCodes } from './errors.js';

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
    const meta: CollectionMeta = { name, uuid: new UUID(), options, state: state ?? new CollectionState() };
    colls.set(name, meta);
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
    if (colls === undefined || !colls.delete(name)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    return true;
  }

  /** Drops a whole database. */
  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  /** Removes every database. */
  clear(): void {
    this.dbs.clear();
  }

  /** Iterates all collections as `[namespace, meta]`. */
  *entries(): IterableIterator<[string, CollectionMeta]> {
    for (const [db, colls] of this.dbs) for (const [name, meta] of colls) yield [`${db}.${name}`, meta];
  }
}
