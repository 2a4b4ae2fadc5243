// The change log: one document per change the sync made (time, run, action, model, id, before, after).
import type { AnyRecord } from '@ssot/core';
import type { ClientSession, Connection } from 'mongoose';
import type { RunIdentity } from './mongoose-adapter.js';

/** Options of the change log. */
export interface ChangeLogOptions {
  /** Collection name (default `ssot_changelog`). */
  collection?: string;
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
  #indexed: Promise<unknown> | undefined;

  /**
   * @param connection - the connection to write through
   * @param options - the collection name
   */
  constructor(connection: Connection, options: ChangeLogOptions = {}) {
    this.#connection = connection;
    this.collectionName = options.collection ?? 'ssot_changelog';
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
    this.#indexed ??= Promise.all([collection.createIndex({ runId: 1 }), collection.createIndex({ model: 1, uid: 1, at: -1 })]);
    await this.#indexed;
    const at = new Date();
    const documents: ChangeLogDocument[] = entries.map((entry) => ({ ...entry, at, runId: run?.id ?? null, job: run?.job ?? null }));
    await collection.insertMany(documents, { ordered: false, ...(session === undefined ? {} : { session }) });
  }
}
