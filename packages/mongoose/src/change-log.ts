// The change log: one document per change the sync made (time, run, action, model, id, before, after).
import type { AnyRecord } from '@ssot/core';
import type { ClientSession, Connection } from 'mongoose';
import type { RunIdentity } from './mongoose-adapter.js';

/** How long the change log keeps its documents. */
export interface ChangeLogRetention {
  /** Drop documents older than this many days. */
  days?: number;
  /** Keep at most this many documents (the newest). */
  entries?: number;
}

/**
 * The change log's default retention: 90 days. A sync of a large inventory logs one document per
 * change, so an unbounded log grows with every run; 90 days covers a quarter of audits.
 */
export const DEFAULT_CHANGE_LOG_RETENTION: Readonly<ChangeLogRetention> = Object.freeze({ days: 90 });

/** Options of the change log. */
export interface ChangeLogOptions {
  /** Collection name (default `ssot_changelog`). */
  collection?: string;
  /**
   * How long documents are kept (default {@link DEFAULT_CHANGE_LOG_RETENTION}, 90 days; `false`
   * keeps everything). Applied once per change log (one per adapter, so once per run) right after
   * its first write, in the sync's transaction when there is one: a run's later writes may pass
   * `entries` until the next run.
   */
  retention?: ChangeLogRetention | false;
}

/** One change to log. */
export interface ChangeEntry {
  /** What was done. */
  action: 'create' | 'update' | 'delete';
  /** Model name. */
  model: string;
  /** Unique id of the record. */
  uid: string;
  /** The record before (updates and deletes). */
  before: AnyRecord | null;
  /** The record after (creates and updates). */
  after: AnyRecord | null;
}

/** A stored change-log document. */
export interface ChangeLogDocument extends ChangeEntry {
  /** When the change was written. */
  at: Date;
  /** The sync run's id, if known. */
  runId: string | null;
  /** The job's name, if known. */
  job: string | null;
}

/** Writes change-log documents in batches. */
export class ChangeLog {
  /** The collection's name. */
  readonly collectionName: string;
  readonly #connection: Connection;
  readonly #retention: ChangeLogRetention | false;
  #indexed: Promise<unknown> | undefined;
  #pruned: Promise<void> | undefined;

  /**
   * @param connection - the connection to write through
   * @param options - the collection name
   */
  constructor(connection: Connection, options: ChangeLogOptions = {}) {
    this.#connection = connection;
    this.collectionName = options.collection ?? 'ssot_changelog';
    this.#retention = options.retention ?? DEFAULT_CHANGE_LOG_RETENTION;
  }

  /**
   * Drops the documents the retention no longer keeps: older than `days`, and beyond the newest
   * `entries`.
   *
   * @param now - the time to count from (default: now)
   * @param session - the transaction to prune in, if any
   * @returns how many documents were dropped
   */
  async prune(now: Date = new Date(), session?: ClientSession): Promise<number> {
    if (this.#retention === false) return 0;
    const collection = this.#connection.collection<ChangeLogDocument>(this.collectionName);
    let dropped = 0;
    const { days, entries } = this.#retention;
    const options = session === undefined ? {} : { session };
    if (days !== undefined) dropped += (await collection.deleteMany({ at: { $lt: new Date(now.getTime() - days * 86_400_000) } }, options)).deletedCount;
    if (entries !== undefined) {
      const [oldestKept] = await collection.find({}, { projection: { at: 1 }, ...options }).sort({ at: -1, _id: -1 }).skip(Math.max(0, entries - 1)).limit(1).toArray();
      if (oldestKept !== undefined) {
        const older = await collection.find({ $or: [{ at: { $lt: oldestKept.at } }, { at: oldestKept.at, _id: { $lt: oldestKept._id } }] }, { projection: { _id: 1 }, ...options }).toArray();
        if (older.length > 0) dropped += (await collection.deleteMany({ _id: { $in: older.map((doc) => doc._id) } }, options)).deletedCount;
      }
    }
    return dropped;
  }

  /**
   * Writes one document per change, in one `insertMany`.
   *
   * @param entries - the changes
   * @param run - the run's id and job
   * @param session - the transaction's session, if any
   */
  async write(entries: readonly ChangeEntry[], run: RunIdentity | undefined, session?: ClientSession): Promise<void> {
    const collection = this.#connection.collection<ChangeLogDocument>(this.collectionName);
    // Indexes are created once, outside any transaction (index builds are not transactional everywhere).
    this.#indexed ??= Promise.all([collection.createIndex({ runId: 1 }), collection.createIndex({ model: 1, uid: 1, at: -1 }), collection.createIndex({ at: -1 })]);
    await this.#indexed;
    const at = new Date();
    const documents: ChangeLogDocument[] = entries.map((entry) => ({ ...entry, at, runId: run?.id ?? null, job: run?.job ?? null }));
    await collection.insertMany(documents, { ordered: false, ...(session === undefined ? {} : { session }) });
    // Retention, once per change log, after its first write (in the sync's transaction, if there is one).
    this.#pruned ??= this.prune(new Date(), session).then(() => undefined);
    await this.#pruned;
  }
}
