// Durable storage in LMDB: one entry per document (BSON bytes under [collection id, canonical _id key]) plus one catalog entry per collection.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Binary, calculateObjectSize, deserialize, serialize, serializeWithBufferAndIndex } from 'bson';
import type { UUID } from 'bson';
import { open } from 'lmdb';
import type { Database, Key, RootDatabase } from 'lmdb';
import type { Document } from './bson-values.js';
import type { Catalog, ChangeSet } from './catalog.js';
import { isEmptyChangeSet } from './catalog.js';
import { CollectionState } from './collection-state.js';
import { parseIndexSpec } from './index-spec.js';
import { DESERIALIZE_OPTIONS } from './wire.js';

/** The LMDB file inside a data directory. */
export const STORAGE_FILE = 'storage.mdb';
/** Version of the on-disk layout (stored under `layout` in the meta database). */
const LAYOUT_VERSION = 1;
/** `_id` keys longer than this (in UTF-8 bytes) are stored under a hash (LMDB keys are limited to 1978 bytes). */
const MAX_PLAIN_ID_KEY = 1024;

/** The catalog record of one collection, as stored. */
interface CollectionRecord {
  db: string;
  name: string;
  uuid: UUID | Binary;
  options: Document;
  indexes: Document[];
}

function storedIdKey(idKey: string): string {
  return Buffer.byteLength(idKey) <= MAX_PLAIN_ID_KEY ? idKey : `#${createHash('sha256').update(idKey).digest('hex')}`;
}

/** Serializes documents into shared chunks (one allocation per chunk, not per document; chunks grow from 16 KiB to 4 MiB). */
class BsonChunks {
  private chunkSize = 16 * 1024;
  private buf: Buffer | undefined;
  private offset = 0;

  /** Returns the BSON bytes of a document (a view into the current chunk). */
  serialize(doc: Document): Uint8Array {
    const size = calculateObjectSize(doc);
    if (this.buf === undefined || this.offset + size > this.buf.length) {
      this.buf = Buffer.allocUnsafe(Math.max(this.chunkSize, size));
      this.chunkSize = Math.min(this.chunkSize * 2, 4 * 1024 * 1024);
      this.offset = 0;
    }
    const end = serializeWithBufferAndIndex(doc, this.buf, { index: this.offset }) + 1;
    const view = this.buf.subarray(this.offset, end);
    this.offset = end;
    return view;
  }
}

/** One write prepared (serialized) when a command finishes, applied later inside one LMDB transaction. */
type Op = { kind: 'put-doc'; key: Key; value: Uint8Array } | { kind: 'del-doc'; key: Key } | { kind: 'put-coll'; id: number; value: Uint8Array } | { kind: 'drop-coll'; id: number };

/** The durable store of a data directory. */
export class Storage {
  private pendingCommit: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly root: RootDatabase,
    private readonly docs: Database<Buffer, Key>,
    private readonly collections: Database<Buffer, number>,
  ) {}

  /**
   * Opens (creating if needed) the LMDB store in a data directory.
   * @param dir - The data directory (must exist).
   */
  static open(dir: string): Storage {
    // overlappingSync off: a commit promise resolves only once the commit is synced to disk.
    const root = open({ path: join(dir, STORAGE_FILE), overlappingSync: false, maxDbs: 8 });
    const meta = root.openDB<unknown, string>({ name: 'meta', encoding: 'msgpack' });
    const layout = meta.get('layout');
    if (layout === undefined) meta.putSync('layout', LAYOUT_VERSION);
    else if (layout !== LAYOUT_VERSION) throw new Error(`unsupported storage layout ${String(layout)} in ${dir} (this version reads layout ${LAYOUT_VERSION})`);
    const docs = root.openDB<Buffer, Key>({ name: 'documents', encoding: 'binary' });
    const collections = root.openDB<Buffer, number>({ name: 'collections', encoding: 'binary' });
    return new Storage(root, docs, collections);
  }

  /**
   * Reads every collection (catalog records, then documents) into an empty catalog.
   * @param catalog - The catalog to fill.
   */
  load(catalog: Catalog): void {
    for (const { key, value } of this.collections.getRange()) {
      const id = key;
      const record = deserialize(value, DESERIALIZE_OPTIONS) as unknown as CollectionRecord;
      const state = new CollectionState();
      for (const entry of this.docs.getRange({ start: [id], end: [id + 1] })) {
        const raw = deserialize(Buffer.from(entry.value), DESERIALIZE_OPTIONS);
        state.load(raw);
      }
      const ns = `${record.db}.${record.name}`;
      for (const spec of record.indexes) state.addIndex(ns, parseIndexSpec(spec));
      const uuid = record.uuid instanceof Binary ? record.uuid.toUUID() : record.uuid;
      catalog.load(record.db, { name: record.name, uuid, options: record.options, state, storageId: id });
    }
  }

  /** The error that made storage unusable, if a commit failed. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Resolves when every commit started so far is durable (undefined when nothing is pending). */
  get pending(): Promise<void> | undefined {
    return this.pendingCommit;
  }

  /**
   * Writes a change set as one LMDB transaction. The documents and catalog records are serialized
   * now (synchronously), so later in-memory changes cannot leak into this commit.
   * @param changes - What changed since the previous commit.
   * @returns A promise resolved when the transaction is committed and synced, or undefined when there was nothing to write.
   */
  commit(changes: ChangeSet): Promise<void> | undefined {
    if (isEmptyChangeSet(changes)) return undefined;
    const ops: Op[] = [];
    for (const id of changes.dropped) ops.push({ kind: 'drop-coll', id });
    for (const [id, { db, meta }] of changes.collections) {
      const record: CollectionRecord = { db, name: meta.name, uuid: meta.uuid, options: meta.options, indexes: meta.state.indexes.map((ix) => ix.def.spec) };
      ops.push({ kind: 'put-coll', id, value: serialize(record as unknown as Document) });
    }
    const bytes = new BsonChunks();
    for (const [id, docs] of changes.docs) {
      for (const [idKey, stored] of docs) {
        const key: Key = [id, storedIdKey(idKey)];
        if (stored === undefined) ops.push({ kind: 'del-doc', key });
        else ops.push({ kind: 'put-doc', key, value: bytes.serialize(stored.raw) });
      }
    }
    const committed = this.root.transaction(() => {
      for (const op of ops) {
        switch (op.kind) {
          case 'drop-coll':
            this.collections.removeSync(op.id);
            for (const key of [...this.docs.getKeys({ start: [op.id], end: [op.id + 1] })]) this.docs.removeSync(key);
            break;
          case 'put-coll':
            this.collections.putSync(op.id, Buffer.from(op.value));
            break;
          case 'put-doc':
            this.docs.putSync(op.key, Buffer.from(op.value.buffer, op.value.byteOffset, op.value.byteLength));
            break;
          case 'del-doc':
            this.docs.removeSync(op.key);
            break;
        }
      }
    });
    const done: Promise<void> = committed.then(
      () => {
        if (this.pendingCommit === done) this.pendingCommit = undefined;
      },
      (err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
        if (this.pendingCommit === done) this.pendingCommit = undefined;
        throw this.failure;
      },
    );
    // a failure is reported through the replies waiting on this commit; never leave it unhandled
    done.catch(() => undefined);
    this.pendingCommit = done;
    return done;
  }

  /** Waits for pending commits and closes the store. */
  async close(): Promise<void> {
    await this.pendingCommit?.catch(() => undefined);
    await this.root.close();
  }
}
