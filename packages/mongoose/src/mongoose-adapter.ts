// A source-of-truth adapter generated from a mongoose mapping: one query per collection to load, validated bulk writes with a change log.
import {
  Adapter,
  decodeUniqueId,
  InvalidRecordError,
  isSoftFailure,
  rollBack,
  silentLogger,
  softFailure,
  SsotError,
  type AnyRecord,
  type CreateInput,
  type DeleteInput,
  type Diff,
  type DiffElement,
  type HandlerOutcome,
  type HandlersFor,
  type Logger,
  type ModelHandlers,
  type ModelMap,
  type ModelName,
  type SyncResult,
  type UpdateInput,
  type WriteProblem,
} from '@ssot/core';
import { Types, type ClientSession, type Connection, type Document } from 'mongoose';
import { ChangeLog, type ChangeLogOptions } from './change-log.js';
import type { AnyMongooseModel, MongooseMapping, ResolvedField, ResolvedModelMapping } from './mapping.js';
import { idKey, readPath, writePath } from './paths.js';
import { checkStampPath, type StampOptions } from './stamp.js';
import { writeErrorsOf } from './write-errors.js';

/** Which run writes: its id and its job's name. */
export interface RunIdentity {
  /** The sync record's id. */
  id: string;
  /** The job's name. */
  job: string;
}

/** Options of {@link MongooseAdapter}. */
export interface MongooseAdapterOptions<M extends ModelMap> {
  /** Name shown in diffs and logs (default `"mongodb"`). */
  name?: string;
  /** The checked mapping from `defineMongooseMapping`. */
  mapping: MongooseMapping<M>;
  /** Root models of the record tree, in diff and sync order. */
  topLevel: readonly ModelName<M>[];
  /** Documents per `bulkWrite` call (default 1000). */
  batchSize?: number;
  /** `bulk` (default): validated `bulkWrite` batches. `per-document`: one `create`/`updateOne`/`deleteOne` call per record, for comparison. */
  writeMode?: 'bulk' | 'per-document';
  /** The change log (on by default: every change writes one document). `false` turns it off. */
  changeLog?: boolean | ChangeLogOptions;
  /** Stamps written documents with "last synced by job at time" (schemas need `syncStampPlugin`). */
  stamp?: StampOptions;
  /** The run's id and job name, for the change log and the stamp. */
  run?: RunIdentity;
  /** Apply the whole sync in one transaction (servers with transactions only): committed when every change succeeded, aborted otherwise. */
  transaction?: boolean;
  /** Connection for the change log and sessions (default: the first mapped model's connection). */
  connection?: Connection;
  /** Receives loading progress: records read so far per model. */
  onLoadProgress?: (model: string, count: number) => void;
  /** Logger (silent by default). */
  logger?: Logger;
}

/** Where a record's document is: model and `_id`, per unique id. */
type IdIndex = Map<string, Map<string, unknown>>;

/** The `_id` of a record by model and unique id, or `undefined` when it has none. */
type IdLookup = (model: string, uid: string) => unknown;

/** A create or update of the diff, as {@link MongooseAdapter.checkWrites} would write it. */
interface PlannedWrite {
  element: DiffElement;
  mapping: ResolvedModelMapping;
  /** The document as it would be after the write; `undefined` when the write would be refused. */
  after: Record<string, unknown> | undefined;
}

const DEFAULT_BATCH = 1000;
const PROGRESS_EVERY = 5000;

/**
 * An adapter over MongoDB collections described by a {@link MongooseMapping}. `load()` issues one
 * lean, projected, streamed query per model and correlates references in memory. As a sync
 * target it writes through batch handlers: every document is validated by its mongoose schema
 * first, references are resolved to `_id`s, writes go out as unordered `bulkWrite` batches, and a
 * failing document fails its own element (with the validation or server message), not the batch.
 *
 * @example
 * ```ts
 * import { MongooseAdapter } from '@ssot/mongoose';
 *
 * // In a job's loadTarget: `mapping` from defineMongooseMapping, `context` the job context.
 * const sot = new MongooseAdapter({ name: 'inventory', mapping, topLevel: ['site'], run: { id: context.runId, job: context.job } });
 * await sot.load(); // one query per collection; ObjectId references come back as site names
 * const diff = sot.diffFrom(netbox);
 * const result = await sot.syncFrom(netbox, { diff }); // validated bulkWrite batches, one change-log document per change
 * console.log(result.counts.create.success, sot.writeCommands);
 * ```
 */
export class MongooseAdapter<M extends ModelMap> extends Adapter<M> {
  /** The mapping. */
  readonly mapping: MongooseMapping<M>;
  readonly #options: MongooseAdapterOptions<M>;
  readonly #ids: IdIndex = new Map();
  readonly #uids = new Map<string, Map<string, string>>();
  /** Identifier value of each loaded record of a model with one identifier (model NUL uid -> value): what references to it hold. */
  readonly #refValues = new Map<string, unknown>();
  readonly #connection: Connection;
  readonly #changeLog: ChangeLog | undefined;
  readonly #logger: Logger;
  #session: ClientSession | undefined;
  #sessionStarting: Promise<ClientSession> | undefined;
  #writeChain: Promise<unknown> = Promise.resolve();
  #commands = 0;

  /**
   * @param options - mapping, top-level models, write mode, change log, stamp, transaction
   */
  constructor(options: MongooseAdapterOptions<M>) {
    super({ name: options.name ?? 'mongodb', models: options.mapping.models, topLevel: options.topLevel });
    this.mapping = options.mapping;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    const first = options.mapping.byModel.values().next().value;
    const connection = options.connection ?? first?.model.db;
    if (connection === undefined) throw new SsotError('INVALID_ADAPTER', 'MongooseAdapter: the mapping has no models, so there is no connection.');
    this.#connection = connection;
    const changeLog = options.changeLog ?? true;
    this.#changeLog = changeLog === false ? undefined : new ChangeLog(connection, changeLog === true ? {} : changeLog);
    if (options.stamp !== undefined) for (const mapping of options.mapping.byModel.values()) checkStampPath(mapping.name, mapping.model, options.stamp);
    for (const name of options.mapping.byModel.keys()) {
      this.#ids.set(name, new Map());
      this.#uids.set(name, new Map());
    }
    this.handlers = this.#makeHandlers();
  }

  /** Write commands sent so far (`bulkWrite` batches or single-document calls, change log included). */
  get writeCommands(): number {
    return this.#commands;
  }

  /**
   * The `_id` of a loaded or written record.
   *
   * @param model - model name
   * @param uid - unique id
   * @returns the `_id`, or `undefined`
   */
  documentId(model: ModelName<M>, uid: string): unknown {
    return this.#ids.get(model)?.get(uid);
  }

  /** Loads every mapped model: one query per model, references correlated in memory. */
  override async load(signal?: AbortSignal): Promise<void> {
    const pending = new Map<string, { keys: AnyRecord; uid: string; doc: Record<string, unknown> }[]>();
    for (const name of this.mapping.loadOrder) {
      const mapping = this.#mapping(name);
      const definition = this.models[name];
      if (definition === undefined) continue;
      const rows: { keys: AnyRecord; uid: string; doc: Record<string, unknown> }[] = [];
      const identifierFields = mapping.fields.filter((field) => definition.identifiers.includes(field.name));
      const cursor = mapping.model.find(mapping.filter, mapping.projection).lean().cursor({ batchSize: 5000 });
      for await (const raw of cursor) {
        signal?.throwIfAborted();
        const doc = raw as Record<string, unknown>;
        const keys: AnyRecord = {};
        for (const field of identifierFields) keys[field.name] = this.#readField(mapping, field, doc, undefined);
        const uid = this.uniqueId(name as ModelName<M>, keys as never);
        if (definition.identifiers.length === 1) this.#refValues.set(`${name}\u0000${uid}`, keys[definition.identifiers[0] as string]);
        this.#ids.get(name)?.set(uid, doc._id);
        this.#uids.get(name)?.set(idKey(doc._id), uid);
        rows.push({ keys, uid, doc });
        if (rows.length % PROGRESS_EVERY === 0) this.#options.onLoadProgress?.(name, rows.length);
      }
      this.#options.onLoadProgress?.(name, rows.length);
      pending.set(name, rows);
    }
    for (const name of this.mapping.addOrder) {
      const mapping = this.#mapping(name);
      const definition = this.models[name];
      if (definition === undefined) continue;
      const attributeFields = mapping.fields.filter((field) => !definition.identifiers.includes(field.name));
      for (const { keys, uid, doc } of pending.get(name) ?? []) {
        const record: AnyRecord = { ...keys };
        for (const field of attributeFields) record[field.name] = this.#readField(mapping, field, doc, uid);
        if (mapping.parent === undefined) {
          this.add(name as ModelName<M>, record as never);
          continue;
        }
        const parentValue = record[mapping.parent.field];
        const parentUid = parentValue === null || parentValue === undefined ? undefined : this.#refUid(mapping.parent.model, parentValue);
        if (parentUid === undefined) throw new InvalidRecordError(name, mapping.parent.field, `has no ${mapping.parent.model}; every ${name} belongs to one`, uid);
        this.addChild(mapping.parent.model as ModelName<M>, parentUid, name as ModelName<M>, record as never);
      }
      pending.delete(name);
    }
  }

  /**
   * `true` with the `transaction` option: the writes become final only when
   * {@link MongooseAdapter.syncComplete} commits the transaction, so `runJob` logs each element's
   * outcome after it (writes undone by an abort are logged as `rolledBack`, never as `success`).
   */
  override get transactional(): boolean {
    return this.#options.transaction === true;
  }

  /**
   * Commits or aborts the sync's transaction, when there is one. When some change failed the
   * transaction is aborted; when the commit itself fails it is undone too. Either way every
   * element written inside it is marked `rolledBack` (core's `rollBack`) and the sync's error is a
   * `TRANSACTION_ABORTED` {@link SsotError}: nothing was written to the collections.
   *
   * @param _source - the source adapter
   * @param result - what the sync did; its written elements become `rolledBack` when the transaction is undone
   * @throws SsotError `TRANSACTION_ABORTED` when the transaction was aborted or its commit failed
   */
  override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
    await this.#writeChain.catch(() => undefined);
    const session = this.#session;
    if (session === undefined) return;
    this.#session = undefined;
    this.#sessionStarting = undefined;
    try {
      if (result.ok) {
        try {
          await session.commitTransaction();
        } catch (error) {
          // A failed commit leaves nothing written (MongoDB aborts the transaction); make sure and say so.
          await session.abortTransaction().catch(() => undefined);
          const message = error instanceof Error ? error.message : String(error);
          throw this.#rolledBack(result, `The sync's transaction was aborted because its commit failed (${message}); nothing was written to ${this.name}.`, error);
        }
        this.#logger.info({ adapter: this.name }, 'transaction committed');
      } else {
        // The server may have aborted the transaction already (a write error inside it does): nothing to undo then.
        await session.abortTransaction().catch(() => undefined);
        throw this.#rolledBack(result, `The sync's transaction was aborted because some changes failed; nothing was written to ${this.name}.`);
      }
    } finally {
      await session.endSession();
    }
  }

  /** Marks the sync's written elements `rolledBack` and returns the run's TRANSACTION_ABORTED error. */
  #rolledBack(result: SyncResult, message: string, cause?: unknown): SsotError {
    const error = new SsotError('TRANSACTION_ABORTED', message, {}, cause === undefined ? undefined : { cause });
    rollBack(result, error);
    result.error = error;
    this.#logger.warn({ adapter: this.name }, message);
    return error;
  }

  /**
   * Checks, without writing, which creates and updates of `diff` MongoDB would refuse. Each
   * record's document is built as the sync would build it (references to records created by the
   * same diff count as valid) and validated by its mongoose schema (updates: the changed paths of
   * the current record with the changes, as the sync validates them); then every unique index of
   * the schema (`schema.indexes()`, `unique: true` paths included) is checked against the loaded
   * records as they would be after the diff: a key held by another record is a problem for the
   * later write, in MongoDB's words (`E11000 duplicate key error ... index: name_1`). A key held
   * by a record the diff deletes counts as taken too: the sync does not order a model's deletes
   * before its creates and updates.
   *
   * Not checked: partial indexes, collations, unique indexes on paths the mapping does not map,
   * keys swapped between records by updates of the same diff, documents of the collection outside
   * the mapping's filter, server-side rules (`$jsonSchema` validators, permissions), and deletes
   * (which MongoDB does not refuse).
   *
   * @param diff - the diff a sync would apply
   * @param signal - aborted when the run is cancelled
   * @returns the writes that would fail, in diff order (empty when none)
   */
  override async checkWrites(diff: Diff, signal?: AbortSignal): Promise<WriteProblem[]> {
    const elements: DiffElement[] = [];
    const walk = (list: readonly DiffElement[]): void => {
      for (const element of list) {
        if (element.action !== 'none') elements.push(element);
        walk(element.children);
      }
    };
    walk(diff.elements);
    // Records the diff creates get stand-in ids, so that references to them resolve.
    const created = new Map<string, Map<string, unknown>>();
    for (const element of elements) {
      if (element.action !== 'create') continue;
      let ids = created.get(element.model);
      if (ids === undefined) created.set(element.model, (ids = new Map()));
      ids.set(element.uid, new Types.ObjectId());
    }
    const lookup: IdLookup = (model, uid) => this.#ids.get(model)?.get(uid) ?? created.get(model)?.get(uid);
    const problems: WriteProblem[] = [];
    const planned: PlannedWrite[] = [];
    for (const [n, element] of elements.entries()) {
      if (n % 500 === 0) signal?.throwIfAborted();
      const mapping = this.mapping.byModel.get(element.model);
      if (mapping === undefined || element.action === 'delete' || element.action === 'none') continue;
      const problem = (message: string, field?: string): void => {
        problems.push({ model: element.model, uid: element.uid, action: element.action as 'create' | 'update', message, ...(field === undefined ? {} : { field }) });
      };
      const write: PlannedWrite = { element, mapping, after: undefined };
      planned.push(write);
      let built: { doc: Document } | { error: string };
      let paths: string[] | undefined;
      if (element.action === 'create') {
        built = this.#toDocument(mapping, { ...element.keys, ...element.source }, lookup, this.#createdFields(created.get(element.model)?.get(element.uid)));
      } else {
        if (this.#ids.get(mapping.name)?.get(element.uid) === undefined) {
          problem(`${mapping.name} "${element.uid}" has no document in ${this.name}`);
          continue;
        }
        const current = (this.store.get(element.model, element.uid) ?? { ...element.keys, ...element.target }) as AnyRecord;
        built = this.#toDocument(mapping, { ...current, ...element.source }, lookup);
        paths = this.#pathsOf(mapping, element.changed);
      }
      if ('error' in built) {
        problem(built.error, /^field "([^"]+)"/.exec(built.error)?.[1]);
        continue;
      }
      const invalid = await validationError(built.doc, paths);
      if (invalid !== undefined) {
        const errors = Object.keys((invalid as { errors?: Record<string, unknown> }).errors ?? {});
        problem(this.#validationMessage(invalid), errors.length === 0 ? undefined : this.#fieldOf(mapping, errors[0] as string));
        continue;
      }
      write.after = built.doc.toObject({ depopulate: true, virtuals: false, getters: false }) as Record<string, unknown>;
    }
    signal?.throwIfAborted();
    problems.push(...this.#uniqueClashes(elements, planned));
    const order = new Map(elements.map((element, i) => [`${element.model}\u0000${element.uid}`, i]));
    return problems.sort((a, b) => (order.get(`${a.model}\u0000${a.uid}`) ?? 0) - (order.get(`${b.model}\u0000${b.uid}`) ?? 0));
  }

  /** The ssot field stored at a document path (the path itself when none is). */
  #fieldOf(mapping: ResolvedModelMapping, path: string): string {
    for (const { name, mapping: m } of mapping.fields) {
      if (m.kind === 'custom' ? m.paths.includes(path) : (m.kind === 'path' ? m.path : (m.path ?? name)) === path) return name;
    }
    return path;
  }

  /** Writes of the diff whose document would take a unique key another record holds after the diff. */
  #uniqueClashes(elements: readonly DiffElement[], planned: readonly PlannedWrite[]): WriteProblem[] {
    const problems: WriteProblem[] = [];
    const byModel = new Map<string, PlannedWrite[]>();
    for (const write of planned) {
      const list = byModel.get(write.mapping.name);
      if (list === undefined) byModel.set(write.mapping.name, [write]);
      else list.push(write);
    }
    const deleted = new Set(elements.filter((element) => element.action === 'delete').map((element) => `${element.model}\u0000${element.uid}`));
    for (const [model, writes] of byModel) {
      const mapping = this.#mapping(model);
      for (const index of uniqueIndexes(mapping)) {
        const fields = index.paths.map((p) => mapping.fields.find(({ name, mapping: m }) => (m.kind === 'custom' ? m.paths.includes(p) : (m.kind === 'path' ? m.path : (m.path ?? name)) === p)));
        // A path the mapping does not map: its values are not loaded, so the index cannot be checked.
        if (fields.some((field) => field === undefined)) continue;
        const resolved = fields as ResolvedField[];
        // Key -> the record holding it, and whether the diff deletes that record.
        const holders = new Map<string, { uid: string; deleted: boolean }>();
        const changed = new Set(writes.map((write) => write.element.uid));
        for (const record of this.store.values(model)) {
          const uid = this.uniqueId(model as ModelName<M>, record as never);
          if (changed.has(uid)) continue;
          const values = index.paths.map((p, i) => this.#storedValue(resolved[i] as ResolvedField, record, p));
          const holder = { uid, deleted: deleted.has(`${model}\u0000${uid}`) };
          for (const key of indexKeys(values, index.sparse)) holders.set(key, holder);
        }
        for (const write of writes) {
          const uid = write.element.uid;
          const current = write.after === undefined ? this.store.get(model, uid) : undefined;
          // A refused create writes nothing; a refused update leaves the current document.
          if (write.after === undefined && current === undefined) continue;
          const values = index.paths.map((p, i) => (write.after === undefined ? this.#storedValue(resolved[i] as ResolvedField, current as AnyRecord, p) : readPath(write.after, p)));
          let clash: { uid: string; deleted: boolean } | undefined;
          for (const key of indexKeys(values, index.sparse)) {
            const holder = holders.get(key);
            if (holder !== undefined && holder.uid !== uid) clash ??= holder;
            else holders.set(key, { uid, deleted: false });
          }
          if (clash === undefined || write.after === undefined) continue;
          // The sync orders a model's deletes after nothing of its creates and updates: the key may still be taken when this write runs.
          const held = clash.deleted ? `held by ${model} "${clash.uid}", which this diff deletes, but the sync may write this record first` : `held by ${model} "${clash.uid}"`;
          const shown = index.paths.map((p, i) => `${p}: ${this.#showValue(resolved[i] as ResolvedField, values[i])}`).join(', ');
          problems.push({
            model,
            uid,
            action: write.element.action as 'create' | 'update',
            field: resolved.map((field) => field.name).join(', '),
            message: `E11000 duplicate key error collection: ${this.#connection.name}.${mapping.model.collection.collectionName} index: ${index.name} dup key: { ${shown} } (${held})`,
          });
        }
      }
    }
    return problems;
  }

  /** The value a loaded record's document holds at a path (references as `_id`s). */
  #storedValue(field: ResolvedField, record: AnyRecord, p: string): unknown {
    const m = field.mapping;
    const value = record[field.name];
    if (m.kind === 'custom') {
      // write() names dotted paths as keys; a nested object under a key is read through.
      const written = m.write(value);
      return p in written ? written[p] : readPath(written, p);
    }
    if (m.kind === 'path') return value ?? null;
    if (m.kind === 'ref') return value === null || value === undefined ? null : this.#ids.get(m.model)?.get(this.#refUid(m.model, value)) ?? `uid:${String(value)}`;
    return (Array.isArray(value) ? value : []).map((item) => this.#ids.get(m.model)?.get(this.#refUid(m.model, item)) ?? `uid:${String(item)}`);
  }

  /** A key value as an error message shows it: references by the referenced record's unique id. */
  #showValue(field: ResolvedField, value: unknown): string {
    const m = field.mapping;
    const show = (v: unknown): string => {
      if (m.kind === 'ref' || m.kind === 'refList') {
        const uid = v === null || v === undefined ? undefined : this.#uids.get(m.model)?.get(idKey(v));
        if (uid !== undefined) return `${m.model} ${JSON.stringify(uid)}`;
      }
      if (v !== null && typeof v === 'object' && typeof (v as { toHexString?: unknown }).toHexString === 'function') return `ObjectId('${String(v)}')`;
      return JSON.stringify(v) ?? 'null';
    };
    return Array.isArray(value) ? `[ ${value.map(show).join(', ')} ]` : show(value);
  }

  /**
   * The unique id a reference value names. A record of a model with one identifier is referred to
   * by that identifier's value (a device's site by the site's name), whose unique id may differ (a
   * name holding `__` is escaped); one with several identifiers is referred to by its unique id.
   */
  #refUid(model: string, value: unknown): string {
    const identifiers = this.models[model]?.identifiers;
    if (identifiers?.length !== 1) return String(value);
    return this.uniqueId(model as ModelName<M>, { [identifiers[0] as string]: value } as never);
  }

  /** The reference value of a record, by its unique id: the reverse of {@link MongooseAdapter.#refUid}. */
  #refValue(model: string, uid: string): unknown {
    const identifiers = this.models[model]?.identifiers;
    if (identifiers?.length !== 1) return uid;
    const key = `${model}\u0000${uid}`;
    return this.#refValues.has(key) ? this.#refValues.get(key) : decodeUniqueId(uid)[0];
  }

  #mapping(name: string): ResolvedModelMapping {
    const mapping = this.mapping.byModel.get(name);
    if (mapping === undefined) throw new SsotError('INVALID_ADAPTER', `MongooseAdapter: model "${name}" is not mapped.`, { model: name });
    return mapping;
  }

  /** One field's ssot value from a lean document. */
  #readField(mapping: ResolvedModelMapping, resolved: ResolvedField, doc: Record<string, unknown>, uid: string | undefined): unknown {
    const field = resolved.name;
    const m = resolved.mapping;
    if (m.kind === 'custom') return m.read(doc);
    const value = readPath(doc, m.kind === 'path' ? m.path : (m.path ?? field));
    if (m.kind === 'path') return value === undefined ? null : value;
    const resolveOne = (id: unknown): unknown => {
      const target = this.#uids.get(m.model)?.get(idKey(id));
      if (target === undefined) throw new InvalidRecordError(mapping.name, field, `refers to ${m.model} ${idKey(id)}, which does not exist (a dangling reference); fix or remove the reference`, uid ?? `_id ${idKey(doc._id)}`);
      return this.#refValue(m.model, target);
    };
    if (m.kind === 'ref') return value === undefined || value === null ? null : resolveOne(value);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new InvalidRecordError(mapping.name, field, `expected a list of references, found ${typeof value}`, uid);
    return value.map(resolveOne);
  }

  /**
   * Builds a mongoose document for a record's fields (one constructor call, so mongoose casts the
   * whole object at once): references resolved to `_id`s.
   *
   * @param extra - document fields beside the record's (`_id`, the stamp), set in the same constructor call
   * @returns the document, or the field and message of the first unresolvable reference
   */
  #toDocument(mapping: ResolvedModelMapping, values: AnyRecord, lookup: IdLookup = (model, uid) => this.#ids.get(model)?.get(uid), extra?: Record<string, unknown>): { doc: Document } | { error: string } {
    const plain: Record<string, unknown> = {};
    for (const field of mapping.fields) {
      const name = field.name;
      const value = values[name];
      const m = field.mapping;
      if (m.kind === 'custom') {
        for (const [p, v] of Object.entries(m.write(value))) writePath(plain, p, v);
      } else if (m.kind === 'path') {
        writePath(plain, m.path, value === undefined ? null : value);
      } else if (m.kind === 'ref') {
        if (value === null || value === undefined) writePath(plain, m.path ?? name, null);
        else {
          const id = lookup(m.model, this.#refUid(m.model, value));
          if (id === undefined) return { error: `field "${name}": ${m.model} "${String(value)}" does not exist in ${this.name}` };
          writePath(plain, m.path ?? name, id);
        }
      } else {
        const ids: unknown[] = [];
        for (const item of Array.isArray(value) ? value : []) {
          const id = lookup(m.model, this.#refUid(m.model, item));
          if (id === undefined) return { error: `field "${name}": ${m.model} "${String(item)}" does not exist in ${this.name}` };
          ids.push(id);
        }
        writePath(plain, m.path ?? name, ids);
      }
    }
    // Fields set beside the record's own (`_id`, the stamp) go into the one constructor call: setting them afterwards costs a cast each.
    return { doc: new mapping.model(extra === undefined ? plain : Object.assign(plain, extra)) as Document };
  }

  /** What a created document gets beside the record's fields: its `_id` and the sync stamp. */
  #createdFields(id: unknown): Record<string, unknown> {
    return { ...this.#stampSet(), _id: id };
  }

  #stampSet(): Record<string, unknown> {
    const stamp = this.#options.stamp;
    if (stamp === undefined) return {};
    return { [stamp.field ?? '_ssot']: { job: this.#options.run?.job ?? null, runId: this.#options.run?.id ?? null, at: new Date() } };
  }

  async #sessionForWrite(): Promise<ClientSession | undefined> {
    if (!this.#options.transaction) return undefined;
    if (this.#session !== undefined) return this.#session;
    this.#sessionStarting ??= (async () => {
      const session = await this.#connection.startSession();
      session.startTransaction();
      this.#session = session;
      return session;
    })();
    return this.#sessionStarting;
  }

  /** Writes run one batch at a time inside a transaction (a session allows one operation at a time). */
  #serialized<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#options.transaction) return work();
    const next = this.#writeChain.then(work, work);
    this.#writeChain = next.catch(() => undefined);
    return next;
  }

  #validationMessage(error: unknown): string {
    const errors = (error as { errors?: Record<string, { message?: string }> }).errors;
    if (errors !== undefined) return Object.entries(errors).map(([p, e]) => `field "${p}": ${e.message ?? 'is invalid'}`).join('; ');
    return error instanceof Error ? error.message : String(error);
  }

  #makeHandlers(): HandlersFor<M> {
    const handlers: Record<string, ModelHandlers> = {};
    for (const mapping of this.mapping.byModel.values()) {
      if (this.#options.writeMode === 'per-document') {
        handlers[mapping.name] = {
          create: async (input) => (await this.#createMany(mapping, [input]))[0],
          update: async (input) => (await this.#updateMany(mapping, [input]))[0],
          delete: async (input) => (await this.#deleteMany(mapping, [input]))[0],
        };
      } else {
        handlers[mapping.name] = {
          createMany: (inputs) => this.#inBatches(inputs, (batch) => this.#createMany(mapping, batch)),
          updateMany: (inputs) => this.#inBatches(inputs, (batch) => this.#updateMany(mapping, batch)),
          deleteMany: (inputs) => this.#inBatches(inputs, (batch) => this.#deleteMany(mapping, batch)),
        };
      }
    }
    return handlers as HandlersFor<M>;
  }

  async #inBatches<I>(inputs: readonly I[], write: (batch: readonly I[]) => Promise<HandlerOutcome<object>[]>): Promise<HandlerOutcome<object>[]> {
    const size = this.#options.batchSize ?? DEFAULT_BATCH;
    const outcomes: HandlerOutcome<object>[] = [];
    for (let i = 0; i < inputs.length; i += size) outcomes.push(...(await write(inputs.slice(i, i + size))));
    return outcomes;
  }

  /**
   * Sends validated operations; returns the failure message per failed operation index. With
   * `matching`, updates and deletes must find their document: one deleted in MongoDB since the load
   * is a failure (`gone`), never a success that changed nothing.
   */
  async #send(
    model: AnyMongooseModel,
    ops: Record<string, unknown>[],
    perDocument: (op: Record<string, unknown>, session: ClientSession | undefined) => Promise<unknown>,
    matching?: 'update' | 'delete',
  ): Promise<Map<number, string>> {
    const failures = new Map<number, string>();
    if (ops.length === 0) return failures;
    const gone = `gone: the document was deleted from ${model.collection.collectionName} since it was loaded, so nothing was ${matching === 'delete' ? 'deleted' : 'updated'}`;
    const idOf = (op: Record<string, unknown>): unknown => ((op.updateOne ?? op.deleteOne) as { filter: { _id: unknown } }).filter._id;
    return this.#serialized(async () => {
      const session = await this.#sessionForWrite();
      const options = session === undefined ? {} : { session };
      if (this.#options.writeMode === 'per-document') {
        for (const [index, op] of ops.entries()) {
          this.#commands += 1;
          try {
            const result = (await perDocument(op, session)) as { matchedCount?: number; deletedCount?: number } | undefined;
            if (matching !== undefined && (matching === 'update' ? result?.matchedCount : result?.deletedCount) === 0) failures.set(index, gone);
          } catch (error) {
            failures.set(index, this.#validationMessage(error));
          }
        }
        return failures;
      }
      // Deletes: which documents are still there is asked first (after the delete, none is, and a
      // count alone cannot say which one was missing).
      let send = ops.map((op, index) => ({ op, index }));
      if (matching === 'delete') {
        const present = await this.#existingIds(model, send.map(({ op }) => idOf(op)), options);
        for (const { op, index } of send) if (!present.has(idKey(idOf(op)))) failures.set(index, gone);
        send = send.filter(({ index }) => !failures.has(index));
        if (send.length === 0) return failures;
      }
      this.#commands += 1;
      let matched: number | undefined;
      try {
        // Documents were cast and validated by their schema already: the driver sends them as they are.
        const result = await model.collection.bulkWrite(send.map(({ op }) => op) as never, { ordered: false, ...options });
        matched = matching === 'update' ? result.matchedCount : undefined;
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors === undefined) throw error;
        for (const { index, message } of writeErrors) failures.set((send[index] as { index: number }).index, message);
      }
      // Updates: fewer matched than sent means some documents are gone; which ones, MongoDB says when asked.
      if (matching === 'update' && (matched === undefined || matched < send.length)) {
        const asked = send.filter(({ index }) => !failures.has(index));
        const present = await this.#existingIds(model, asked.map(({ op }) => idOf(op)), options);
        for (const { op, index } of asked) if (!present.has(idKey(idOf(op)))) failures.set(index, gone);
      }
      return failures;
    });
  }

  /** Which of these `_id`s have a document (keys as {@link idKey} gives them). */
  async #existingIds(model: AnyMongooseModel, ids: readonly unknown[], options: { session?: ClientSession }): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await model.collection.find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 }, ...options }).toArray();
    return new Set(found.map((doc) => idKey(doc._id)));
  }

  async #createMany(mapping: ResolvedModelMapping, inputs: readonly CreateInput<AnyRecord>[]): Promise<HandlerOutcome<object>[]> {
    const outcomes: HandlerOutcome<object>[] = inputs.map(() => undefined);
    const ids = this.#ids.get(mapping.name) ?? new Map<string, unknown>();
    const uids = this.#uids.get(mapping.name) ?? new Map<string, string>();
    // Ids are assigned before references are resolved, so records created in the same batch can refer to each other.
    const assigned = inputs.map((input) => {
      const id = new Types.ObjectId();
      ids.set(input.uid, id);
      uids.set(idKey(id), input.uid);
      return id;
    });
    const ops: Record<string, unknown>[] = [];
    const opInput: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const built = this.#toDocument(mapping, input.record as AnyRecord, undefined, this.#createdFields(assigned[i]));
      if ('error' in built) {
        outcomes[i] = softFailure(built.error);
        continue;
      }
      const invalid = await validationError(built.doc);
      if (invalid !== undefined) {
        outcomes[i] = softFailure(this.#validationMessage(invalid));
        continue;
      }
      (built.doc as Document & { initializeTimestamps?: () => void }).initializeTimestamps?.();
      ops.push({ insertOne: { document: built.doc.toObject({ depopulate: true, virtuals: false, getters: false, versionKey: false }) } });
      opInput.push(i);
    }
    const failures = await this.#send(mapping.model, ops, (op, session) => mapping.model.collection.insertOne((op.insertOne as { document: object }).document, session === undefined ? {} : { session }));
    markFailures(outcomes, opInput, failures);
    for (const [i, input] of inputs.entries()) {
      if (isSoftFailure(outcomes[i])) {
        ids.delete(input.uid);
        uids.delete(idKey(assigned[i]));
      }
    }
    await this.#logChanges(mapping, 'create', inputs, outcomes, (input) => ({ before: null, after: this.#plain(mapping.name, input.record as AnyRecord) }));
    return outcomes;
  }

  async #updateMany(mapping: ResolvedModelMapping, inputs: readonly UpdateInput<AnyRecord>[]): Promise<HandlerOutcome<object>[]> {
    const outcomes: HandlerOutcome<object>[] = inputs.map(() => undefined);
    const ops: Record<string, unknown>[] = [];
    const opInput: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const id = this.#ids.get(mapping.name)?.get(input.uid);
      if (id === undefined) {
        outcomes[i] = softFailure(`${mapping.name} "${input.uid}" has no document in ${this.name}`);
        continue;
      }
      const full = { ...(input.current as AnyRecord), ...(input.attrs as AnyRecord) };
      const built = this.#toDocument(mapping, full);
      if ('error' in built) {
        outcomes[i] = softFailure(built.error);
        continue;
      }
      const changedPaths = this.#pathsOf(mapping, input.changed);
      const invalid = await validationError(built.doc, changedPaths);
      if (invalid !== undefined) {
        outcomes[i] = softFailure(this.#validationMessage(invalid));
        continue;
      }
      const $set: Record<string, unknown> = { ...this.#stampSet(), ...updatedAtOf(mapping.model) };
      const plain = built.doc.toObject({ depopulate: true, virtuals: false, getters: false }) as Record<string, unknown>;
      for (const p of changedPaths) $set[p] = readPath(plain, p) ?? null;
      ops.push({ updateOne: { filter: { _id: id }, update: { $set } } });
      opInput.push(i);
    }
    const failures = await this.#send(mapping.model, ops, (op, session) => {
      const update = op.updateOne as { filter: object; update: object };
      return mapping.model.collection.updateOne(update.filter, update.update, session === undefined ? {} : { session });
    }, 'update');
    markFailures(outcomes, opInput, failures);
    await this.#logChanges(mapping, 'update', inputs, outcomes, (input) => ({
      before: this.#plain(mapping.name, input.current as AnyRecord),
      after: this.#plain(mapping.name, { ...(input.current as AnyRecord), ...(input.changes as AnyRecord) }),
    }));
    return outcomes;
  }

  async #deleteMany(mapping: ResolvedModelMapping, inputs: readonly DeleteInput<AnyRecord>[]): Promise<HandlerOutcome<object>[]> {
    const outcomes: HandlerOutcome<object>[] = inputs.map(() => undefined);
    const ops: Record<string, unknown>[] = [];
    const opInput: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const id = this.#ids.get(mapping.name)?.get(input.uid);
      if (id === undefined) {
        outcomes[i] = softFailure(`${mapping.name} "${input.uid}" has no document in ${this.name}`);
        continue;
      }
      ops.push({ deleteOne: { filter: { _id: id } } });
      opInput.push(i);
    }
    const failures = await this.#send(mapping.model, ops, (op, session) => mapping.model.collection.deleteOne((op.deleteOne as { filter: object }).filter, session === undefined ? {} : { session }), 'delete');
    markFailures(outcomes, opInput, failures);
    for (const [i, input] of inputs.entries()) {
      if (isSoftFailure(outcomes[i])) continue;
      const id = this.#ids.get(mapping.name)?.get(input.uid);
      this.#ids.get(mapping.name)?.delete(input.uid);
      if (id !== undefined) this.#uids.get(mapping.name)?.delete(idKey(id));
    }
    await this.#logChanges(mapping, 'delete', inputs, outcomes, (input) => ({ before: this.#plain(mapping.name, input.current as AnyRecord), after: null }));
    return outcomes;
  }

  /** Document paths of ssot fields. */
  #pathsOf(mapping: ResolvedModelMapping, fields: readonly string[]): string[] {
    const paths: string[] = [];
    for (const name of fields) {
      const field = mapping.fields.find((f) => f.name === name);
      if (field === undefined) continue;
      const m = field.mapping;
      if (m.kind === 'custom') paths.push(...m.paths);
      else paths.push(m.kind === 'path' ? m.path : (m.path ?? name));
    }
    return paths;
  }

  /** A record without its children lists, for the change log. */
  #plain(model: string, record: AnyRecord): AnyRecord {
    const definition = this.models[model];
    if (definition === undefined || definition.childEntries.length === 0) return { ...record };
    const copy: AnyRecord = { ...record };
    for (const [, field] of definition.childEntries) delete copy[field];
    return copy;
  }

  async #logChanges<I extends { uid: string }>(
    mapping: ResolvedModelMapping,
    action: 'create' | 'update' | 'delete',
    inputs: readonly I[],
    outcomes: readonly HandlerOutcome<object>[],
    states: (input: I) => { before: AnyRecord | null; after: AnyRecord | null },
  ): Promise<void> {
    if (this.#changeLog === undefined) return;
    const entries = inputs.flatMap((input, i) => (isSoftFailure(outcomes[i]) ? [] : [{ action, model: mapping.name, uid: input.uid, ...states(input) }]));
    if (entries.length === 0) return;
    await this.#serialized(async () => {
      const session = await this.#sessionForWrite();
      this.#commands += 1;
      await this.#changeLog?.write(entries, this.#options.run, session);
    });
  }
}

/** The schema's validation error for a document (only `paths`, when given), or `undefined` when it is valid. */
async function validationError(doc: Document, paths?: readonly string[]): Promise<unknown> {
  try {
    await (paths === undefined ? doc.validate() : doc.validate([...paths]));
    return undefined;
  } catch (error) {
    return error;
  }
}

/** `{ updatedAt: now }` when the schema keeps timestamps (under its configured name), else nothing. */
function updatedAtOf(model: AnyMongooseModel): Record<string, Date> {
  const timestamps = (model.schema as { options?: { timestamps?: unknown } }).options?.timestamps;
  if (!timestamps) return {};
  const configured = typeof timestamps === 'object' && timestamps !== null ? (timestamps as { updatedAt?: unknown }).updatedAt : undefined;
  if (configured === false) return {};
  return { [typeof configured === 'string' ? configured : 'updatedAt']: new Date() };
}

/** Marks the inputs behind failed operations as soft failures (operation index -> input index through `opInput`). */
function markFailures(outcomes: HandlerOutcome<object>[], opInput: readonly number[], failures: ReadonlyMap<number, string>): void {
  for (const [opIndex, message] of failures) {
    const i = opInput[opIndex];
    if (i !== undefined) outcomes[i] = softFailure(message);
  }
}

/** A unique index of a schema, as checked by `checkWrites`. */
interface UniqueIndex {
  /** The index name MongoDB gives it. */
  name: string;
  /** Key paths, in order. */
  paths: string[];
  /** Documents without the paths are not indexed. */
  sparse: boolean;
}

/** The schema's unique indexes (`unique: true` paths included), without partial or collated ones (not checked). */
function uniqueIndexes(mapping: ResolvedModelMapping): UniqueIndex[] {
  const indexes: UniqueIndex[] = [];
  for (const [fields, options] of mapping.model.schema.indexes() as [Record<string, unknown>, Record<string, unknown>][]) {
    if (options.unique !== true || options.partialFilterExpression !== undefined || options.collation !== undefined) continue;
    const paths = Object.keys(fields);
    const name = typeof options.name === 'string' ? options.name : Object.entries(fields).map(([p, direction]) => `${p}_${String(direction)}`).join('_');
    indexes.push({ name, paths, sparse: options.sparse === true });
  }
  return indexes;
}

/** One value as an index key part (ObjectIds by hex, types kept apart). */
function keyPart(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${String(value)}`;
  if (typeof value === 'boolean') return `b:${String(value)}`;
  if (value instanceof Date) return `d:${value.toISOString()}`;
  const hex = (value as { toHexString?: () => string }).toHexString;
  if (typeof hex === 'function') return `o:${hex.call(value)}`;
  return `j:${JSON.stringify(value)}`;
}

/**
 * The keys a document's values take in a unique index: one per array element (a multikey index),
 * none for a sparse index when every value is missing.
 */
function indexKeys(values: readonly unknown[], sparse: boolean): string[] {
  if (sparse && values.every((value) => value === null || value === undefined)) return [];
  let keys = [''];
  for (const [i, value] of values.entries()) {
    const parts = Array.isArray(value) ? (value.length === 0 ? ['undefined'] : [...new Set(value.map(keyPart))]) : [keyPart(value)];
    keys = keys.flatMap((key) => parts.map((part) => (i === 0 ? part : `${key}\u0000${part}`)));
  }
  return keys;
}
