// The sync history in MongoDB: runs, log entries and diff elements in their own indexed collections.
import {
  flattenDiff,
  unflattenDiff,
  withLiveness,
  withoutDiff,
  type DiffJSON,
  type DiffPage,
  type DiffQuery,
  type FlatDiffElement,
  type LogPage,
  type LogQuery,
  type Retention,
  type RunPage,
  type RunQuery,
  type SyncHistory,
  type SyncLogEntry,
  type SyncRecord,
} from '@ssot/core';
import type { Connection } from 'mongoose';

/** Options of {@link MongoRecorder}. */
export interface MongoRecorderOptions {
  /** The connection to use. */
  connection: Connection;
  /** Collection name prefix (default `ssot`: `ssot_syncs`, `ssot_sync_logs`, `ssot_sync_diffs`). */
  prefix?: string;
  /** Which runs to keep (default: all); older runs are removed with their logs and diff when a run finishes. */
  retention?: Retention;
  /** How to describe where records are, for people (default: the database name). */
  description?: string;
  /** Log entries and diff elements per `insertMany` (default 1000). */
  batchSize?: number;
}

type SyncDocument = Omit<SyncRecord, 'diff'> & { _id: string; diffMeta?: Omit<DiffJSON, 'elements'> };
type LogDocument = SyncLogEntry & { runId: string; seq: number };
type DiffDocument = FlatDiffElement & { runId: string; seq: number };

/**
 * Keeps sync records in MongoDB. Three collections: runs (one document each, without the diff),
 * log entries (one document each, written in batches) and diff elements (one document each, so a
 * 100k-element diff never has to fit in one 16 MB document). Indexes serve the history queries:
 * runs by job, time and status; logs and diff elements by run with action, status and model.
 *
 * @example
 * ```ts
 * import { runJob } from '@ssot/core';
 * import { connectMongo, MongoRecorder } from '@ssot/mongoose';
 *
 * const mongo = await connectMongo({ dbName: 'ssot' }); // MONGODB_URI, else the embedded test server
 * const recorder = new MongoRecorder({ connection: mongo.connection, retention: { days: 90 } });
 * await runJob(inventoryToAcme, { params: { url: 'https://acme.example.com', token: 'env:ACME_TOKEN' }, recorder });
 * const { runs, total } = await recorder.listRuns({ job: 'inventory-to-acme', limit: 20 }); // newest first
 * await mongo.close();
 * ```
 */
export class MongoRecorder implements SyncHistory {
  /** {@inheritDoc @ssot/core!SyncHistory.description} */
  readonly description: string;
  readonly #connection: Connection;
  readonly #names: { syncs: string; logs: string; diffs: string };
  readonly #retention: Retention;
  readonly #batchSize: number;
  readonly #logSeq = new Map<string, number>();
  readonly #diffWritten = new Set<string>();
  #indexed: Promise<unknown> | undefined;

  /**
   * @param options - connection, collection prefix, retention
   */
  constructor(options: MongoRecorderOptions) {
    this.#connection = options.connection;
    const prefix = options.prefix ?? 'ssot';
    this.#names = { syncs: `${prefix}_syncs`, logs: `${prefix}_sync_logs`, diffs: `${prefix}_sync_diffs` };
    this.#retention = options.retention ?? {};
    this.#batchSize = options.batchSize ?? 1000;
    this.description = options.description ?? `MongoDB database "${options.connection.name}" (${this.#names.syncs})`;
  }

  get #syncs() {
    return this.#connection.collection<SyncDocument>(this.#names.syncs);
  }

  get #logs() {
    return this.#connection.collection<LogDocument>(this.#names.logs);
  }

  get #diffs() {
    return this.#connection.collection<DiffDocument>(this.#names.diffs);
  }

  /** Creates the history indexes (once per recorder; called by `start`). */
  async ensureIndexes(): Promise<void> {
    this.#indexed ??= Promise.all([
      this.#syncs.createIndex({ startedAt: -1, _id: -1 }),
      this.#syncs.createIndex({ job: 1, startedAt: -1 }),
      this.#syncs.createIndex({ status: 1, startedAt: -1 }),
      this.#logs.createIndex({ runId: 1, seq: 1 }),
      this.#logs.createIndex({ runId: 1, action: 1, seq: 1 }),
      this.#logs.createIndex({ runId: 1, status: 1, seq: 1 }),
      this.#logs.createIndex({ runId: 1, model: 1, seq: 1 }),
      this.#diffs.createIndex({ runId: 1, seq: 1 }),
      this.#diffs.createIndex({ runId: 1, model: 1, action: 1, seq: 1 }),
    ]);
    await this.#indexed;
  }

  /** {@inheritDoc @ssot/core!SyncRecorder.start} */
  async start(record: SyncRecord): Promise<void> {
    await this.ensureIndexes();
    this.#logSeq.set(record.id, 0);
    await this.#syncs.insertOne(this.#toDocument(record));
  }

  /** {@inheritDoc @ssot/core!SyncRecorder.update} */
  async update(record: SyncRecord): Promise<void> {
    if (record.diff !== undefined && !this.#diffWritten.has(record.id)) {
      this.#diffWritten.add(record.id);
      const flat = flattenDiff(record.diff);
      for (let i = 0; i < flat.length; i += this.#batchSize) {
        const batch = flat.slice(i, i + this.#batchSize).map((element, j) => ({ ...element, runId: record.id, seq: i + j }));
        await this.#diffs.insertMany(batch, { ordered: false });
      }
    }
    await this.#syncs.replaceOne({ _id: record.id }, this.#toDocument(record), { upsert: true });
  }

  /** {@inheritDoc @ssot/core!SyncRecorder.appendLogs} */
  async appendLogs(runId: string, entries: readonly SyncLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    let seq = this.#logSeq.get(runId) ?? 0;
    const documents = entries.map((entry) => ({ ...entry, runId, seq: seq++ }));
    this.#logSeq.set(runId, seq);
    await this.#logs.insertMany(documents, { ordered: false });
  }

  /** {@inheritDoc @ssot/core!SyncRecorder.heartbeat} */
  async heartbeat(runId: string, at: string): Promise<void> {
    await this.#syncs.updateOne({ _id: runId, status: 'running' }, { $set: { heartbeatAt: at } });
  }

  /** {@inheritDoc @ssot/core!SyncRecorder.finish} */
  async finish(record: SyncRecord): Promise<void> {
    await this.update(record);
    this.#logSeq.delete(record.id);
    this.#diffWritten.delete(record.id);
    await this.#applyRetention();
  }

  /** {@inheritDoc @ssot/core!SyncHistory.listRuns} */
  async listRuns(query: RunQuery = {}): Promise<RunPage> {
    const filter: Record<string, unknown> = {};
    if (query.job !== undefined) filter.job = query.job;
    if (query.status !== undefined) filter.status = query.status;
    if (query.dryRun !== undefined) filter.dryRun = query.dryRun;
    if (query.status === 'running' || query.status === 'interrupted') {
      // Whether a stored `running` run is running or interrupted is known only by asking about its
      // owner: read the (few) unfinished runs, judge each, then page.
      const unfinished = await this.#syncs.find({ ...filter, status: { $in: ['running', 'pending'] } }).sort({ startedAt: -1, _id: -1 }).toArray();
      const judged = (await Promise.all(unfinished.map((doc) => withLiveness(this.#fromDocument(doc))))).filter((record) => record.status === query.status || (query.status === 'running' && record.status === 'pending'));
      const offset = Math.max(0, query.offset ?? 0);
      return { runs: judged.slice(offset, offset + Math.max(0, query.limit ?? 50)), total: judged.length };
    }
    const [docs, total] = await Promise.all([
      this.#syncs
        .find(filter)
        .sort({ startedAt: -1, _id: -1 })
        .skip(Math.max(0, query.offset ?? 0))
        .limit(Math.max(0, query.limit ?? 50))
        .toArray(),
      this.#syncs.countDocuments(filter),
    ]);
    return { runs: await Promise.all(docs.map((doc) => withLiveness(this.#fromDocument(doc)))), total };
  }

  /** {@inheritDoc @ssot/core!SyncHistory.getRun} */
  async getRun(id: string): Promise<SyncRecord | undefined> {
    const doc = await this.#find(id);
    if (doc === undefined) return undefined;
    const record = await withLiveness(this.#fromDocument(doc));
    if (doc.diffMeta !== undefined) {
      const elements = this.#diffs.find({ runId: doc._id }, { projection: { _id: 0, runId: 0, seq: 0 } }).sort({ seq: 1 });
      const flat: FlatDiffElement[] = [];
      for await (const element of elements) flat.push(element as FlatDiffElement);
      record.diff = unflattenDiff(flat, doc.diffMeta);
    }
    return record;
  }

  /** {@inheritDoc @ssot/core!SyncHistory.readLogs} */
  async readLogs(id: string, query: LogQuery = {}): Promise<LogPage> {
    const doc = await this.#find(id);
    if (doc === undefined) return { entries: [], total: 0 };
    const filter: Record<string, unknown> = { runId: doc._id };
    if (query.action !== undefined) filter.action = query.action;
    if (query.status !== undefined) filter.status = query.status;
    if (query.model !== undefined) filter.model = query.model;
    const [entries, total] = await Promise.all([
      this.#logs
        .find(filter, { projection: { _id: 0, runId: 0, seq: 0 } })
        .sort({ seq: 1 })
        .skip(Math.max(0, query.offset ?? 0))
        .limit(Math.max(0, query.limit ?? 100))
        .toArray(),
      this.#logs.countDocuments(filter),
    ]);
    return { entries: entries as SyncLogEntry[], total };
  }

  /** {@inheritDoc @ssot/core!SyncHistory.readDiff} */
  async readDiff(id: string, query: DiffQuery = {}): Promise<DiffPage> {
    const doc = await this.#find(id);
    if (doc === undefined) return { elements: [], total: 0 };
    const filter: Record<string, unknown> = { runId: doc._id };
    if (query.model !== undefined) filter.model = query.model;
    if (query.action !== undefined) filter.action = query.action;
    const [elements, total] = await Promise.all([
      this.#diffs
        .find(filter, { projection: { _id: 0, runId: 0, seq: 0 } })
        .sort({ seq: 1 })
        .skip(Math.max(0, query.offset ?? 0))
        .limit(Math.max(0, query.limit ?? 100))
        .toArray(),
      this.#diffs.countDocuments(filter),
    ]);
    return { elements: elements as FlatDiffElement[], total };
  }

  #toDocument(record: SyncRecord): SyncDocument {
    const doc: SyncDocument = { _id: record.id, ...withoutDiff(record) };
    if (record.diff !== undefined) {
      const { elements: _elements, ...meta } = record.diff;
      doc.diffMeta = meta;
    }
    return doc;
  }

  #fromDocument(doc: SyncDocument): SyncRecord {
    const { _id, diffMeta: _meta, ...record } = doc;
    return { ...record, id: _id } as SyncRecord;
  }

  /** A run by id or unique id prefix. */
  async #find(id: string): Promise<SyncDocument | undefined> {
    if (id === '') return undefined;
    const exact = await this.#syncs.findOne({ _id: id });
    if (exact !== null) return exact;
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const matches = await this.#syncs.find({ _id: { $regex: `^${escaped}` } }).limit(2).toArray();
    return matches.length === 1 ? matches[0] : undefined;
  }

  async #applyRetention(): Promise<void> {
    const { runs, days } = this.#retention;
    const doomed = new Set<string>();
    if (runs !== undefined) {
      const old = await this.#syncs.find({}, { projection: { _id: 1 } }).sort({ startedAt: -1, _id: -1 }).skip(runs).toArray();
      for (const doc of old) doomed.add(doc._id);
    }
    if (days !== undefined) {
      const cutoff = new Date(Date.now() - days * 86_400_000).toISOString();
      const old = await this.#syncs.find({ startedAt: { $lt: cutoff } }, { projection: { _id: 1 } }).toArray();
      for (const doc of old) doomed.add(doc._id);
    }
    if (doomed.size === 0) return;
    const ids = [...doomed];
    await Promise.all([this.#syncs.deleteMany({ _id: { $in: ids } }), this.#logs.deleteMany({ runId: { $in: ids } }), this.#diffs.deleteMany({ runId: { $in: ids } })]);
  }
}
