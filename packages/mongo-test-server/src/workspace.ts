// Workspaces: where commands read and write (the committed catalog, or a transaction's snapshot).
import type { Document } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import type { Catalog } from './catalog.js';
import type { CollectionState } from './collection-state.js';
import type { StoredDoc } from './stored-doc.js';

/** Mutation interface for one collection within a workspace. */
export interface CollectionWriter {
  /** The state to read from while writing (includes this workspace's own writes). */
  readonly state: CollectionState;
  /** Inserts a document with an `_id`. */
  insert(raw: Document): StoredDoc;
  /** Replaces the document stored under an `_id` key. */
  replace(idKey: string, raw: Document): StoredDoc;
  /** Removes the document stored under an `_id` key. */
  remove(idKey: string): void;
}

/** A consistent view of the data plus a way to write to it. */
export interface Workspace {
  /** True for transaction workspaces. */
  readonly inTransaction: boolean;
  /** Returns the readable state of a collection, or undefined when it does not exist. */
  read(db: string, coll: string): CollectionState | undefined;
  /** Returns a writer for a collection (creating the collection implicitly). */
  writer(db: string, coll: string): CollectionWriter;
  /** Lists collection names visible in a database. */
  collectionNames(db: string): string[];
}

/** The workspace that reads and writes committed data directly. */
export class CommittedWorkspace implements Workspace {
  /** Always false. */
  readonly inTransaction = false;

  /**
   * Creates the workspace.
   * @param catalog - The committed catalog.
   */
  constructor(private readonly catalog: Catalog) {}

  /** {@inheritDoc Workspace.read} */
  read(db: string, coll: string): CollectionState | undefined {
    return this.catalog.get(db, coll)?.state;
  }

  /** {@inheritDoc Workspace.collectionNames} */
  collectionNames(db: string): string[] {
    return [...(this.catalog.dbs.get(db)?.keys() ?? [])];
  }

  /** {@inheritDoc Workspace.writer} */
  writer(db: string, coll: string): CollectionWriter {
    const ns = `${db}.${coll}`;
    const catalog = this.catalog;
    // the collection is created implicitly by the first write, not by asking for a writer
    return {
      get state(): CollectionState {
        return catalog.writable(db, coll);
      },
      insert(raw) {
        const stored = catalog.writable(db, coll).insert(ns, raw);
        catalog.recordDoc(db, coll, canonicalKey(raw._id), stored);
        return stored;
      },
      replace(idKey, raw) {
        const stored = catalog.writable(db, coll).replace(ns, idKey, raw);
        catalog.recordDoc(db, coll, idKey, stored);
        return stored;
      },
      remove(idKey) {
        catalog.writable(db, coll).remove(idKey);
        catalog.recordDoc(db, coll, idKey, undefined);
      },
    };
  }
}
