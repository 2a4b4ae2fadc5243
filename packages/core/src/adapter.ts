// The Adapter: one system's side of a sync — its model registry, its store and the helpers to fill and read it.
import type { Diff } from './diff.js';
import { calculateDiff, type DiffOptions } from './differ.js';
import {
  AdapterDefinitionError,
  InvalidRecordError,
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  WrongModelError,
} from './errors.js';
import { deepEqual } from './compare.js';
import { mergeFlags, type RecordFlags } from './flags.js';
import type { HandlersFor } from './handlers.js';
import type { AnyRecord, ModelDefinition, RecordInput, RecordOf } from './model.js';
import { MemoryStore, type Store } from './store.js';
import { executeSync, type SyncOptions } from './sync.js';
import type { SyncResult } from './sync-result.js';
import { encodeIdentifier, UID_SEPARATOR } from './unique-id.js';

/** The models an adapter knows, keyed by model name. */
export type ModelMap = Record<string, ModelDefinition<object, string, string>>;

/** A model name of a model map. */
export type ModelName<M extends ModelMap> = keyof M & string;

/** A record of model `K` of map `M`. */
export type RecordOfModel<M extends ModelMap, K extends ModelName<M>> = RecordOf<M[K]>;

/** A record, or the values of its identifiers, or its unique id. */
export type RecordRef<R> = string | Partial<R>;

/** Options for creating an {@link Adapter}. */
export interface AdapterOptions<M extends ModelMap> {
  /** Name shown in diffs, logs and errors (`"netbox"`). Defaults to `"adapter"`. */
  name?: string;
  /** The models this adapter holds, keyed by model name (each key must equal the model's `name`). */
  models: M;
  /** Root models of the record tree, in the order they are diffed and synced. */
  topLevel: readonly ModelName<M>[];
  /** Where records are kept; defaults to a new {@link MemoryStore}. */
  store?: Store;
  /** How this adapter writes each model when it is a sync target. */
  handlers?: HandlersFor<M>;
  /** Fills the adapter; used by {@link Adapter.load} when no subclass overrides it. */
  load?: (adapter: Adapter<M>, signal?: AbortSignal) => void | Promise<void>;
}

/** The plain-JSON form of an adapter's records, from {@link Adapter.toJSON}. */
export interface AdapterSnapshot {
  /** The adapter's name. */
  name: string;
  /** Records per model, in insertion order, children lists included. */
  models: Record<string, AnyRecord[]>;
}

/** A write a target would refuse, found by {@link Adapter.checkWrites} without writing. */
export interface WriteProblem {
  /** Model name. */
  model: string;
  /** Unique id of the record. */
  uid: string;
  /** The diff's action. */
  action: 'create' | 'update' | 'delete';
  /** Why the write would fail (the target's own words where it has them). */
  message: string;
  /** The field at fault, when one is. */
  field?: string;
}

/** Options for {@link Adapter.remove}. */
export interface RemoveOptions {
  /** Also remove every descendant listed in the record's children fields. */
  removeChildren?: boolean;
}

/** Options for {@link Adapter.tree}. */
export interface TreeOptions {
  /** Show attribute values next to each record. */
  attributes?: boolean;
  /** Indentation per level (default two spaces). */
  indent?: string;
}

/** Options for {@link Adapter.syncFrom} and {@link Adapter.syncTo}. */
export interface AdapterSyncOptions extends SyncOptions, DiffOptions {
  /** An already calculated diff to apply; when absent the diff is calculated first. */
  diff?: Diff;
}

const CHILD_INDEX_THRESHOLD = 32;

/**
 * One system's side of a sync. Create it with the models it holds and its top-level models, fill it
 * in {@link Adapter.load} (a subclass override, or the `load` option), and diff or sync it against
 * another adapter with the same models.
 *
 * The adapter keeps the record objects it is given (no copy), so loading a million records costs
 * one map entry each. Records are plain objects; children fields hold lists of child unique ids.
 *
 * @example
 * ```ts
 * import { Adapter } from '@ssot/core';
 *
 * const models = { device, interface: iface }; // from the defineModel example
 * const netbox = new Adapter({
 *   name: 'netbox', models, topLevel: ['device'],
 *   async load(adapter) {
 *     adapter.add('device', { name: 'ams1-core1', site: 'ams1', platform: 'eos' });
 *     adapter.addChild('device', 'ams1-core1', 'interface', { device: 'ams1-core1', name: 'Ethernet1', mtu: 9214, tags: ['uplink'] });
 *   },
 * });
 * await netbox.load();
 * netbox.get('device', 'ams1-core1').interfaces; // ['ams1-core1__Ethernet1']
 * netbox.get('interface', { device: 'ams1-core1', name: 'Ethernet1' }).mtu; // 9214
 * ```
 */
export class Adapter<M extends ModelMap = ModelMap> {
  /** Name shown in diffs, logs and errors. */
  readonly name: string;
  /** The registered models, keyed by name. */
  readonly models: M;
  /** Root models, in diff and sync order. */
  readonly topLevel: readonly ModelName<M>[];
  /** Where the records are. */
  readonly store: Store;
  /** Write handlers per model, used when this adapter is a sync target. */
  handlers: HandlersFor<M>;
  readonly #loader: AdapterOptions<M>['load'];
  readonly #flags = new Map<string, Map<string, RecordFlags>>();
  // Large children lists get a Set beside them so addChild stays O(1) on parents with many children.
  readonly #childIndex = new WeakMap<string[], Set<string>>();

  /**
   * @param options - models, top-level order, store, handlers and loader
   */
  constructor(options: AdapterOptions<M>) {
    this.name = options.name ?? 'adapter';
    this.models = options.models;
    this.topLevel = [...options.topLevel];
    this.store = options.store ?? new MemoryStore();
    this.handlers = options.handlers ?? {};
    this.#loader = options.load;
    this.#checkDefinition();
  }

  #checkDefinition(): void {
    for (const [key, model] of Object.entries(this.models)) {
      if (model.name !== key) throw new AdapterDefinitionError(this.name, `model registered as "${key}" is named "${model.name}"`);
      for (const child of Object.keys(model.children)) {
        if (!(child in this.models)) throw new AdapterDefinitionError(this.name, `model "${key}" has children of model "${child}", which is not registered`);
      }
    }
    if (this.topLevel.length === 0) throw new AdapterDefinitionError(this.name, 'topLevel must name at least one model');
    for (const model of this.topLevel) {
      if (!(model in this.models)) throw new AdapterDefinitionError(this.name, `top-level model "${model}" is not registered`);
    }
    if (new Set(this.topLevel).size !== this.topLevel.length) throw new AdapterDefinitionError(this.name, 'topLevel lists a model twice');
  }

  /**
   * Fills the adapter from its system. The default calls the `load` option, if any; subclasses
   * override it. Load each table in one query and correlate in memory (see `getOrInstantiate`).
   *
   * @param signal - aborted when the caller gives up
   */
  async load(signal?: AbortSignal): Promise<void> {
    await this.#loader?.(this, signal);
  }

  /**
   * The definition of a registered model.
   *
   * @param model - model name
   * @returns its definition
   * @throws WrongModelError when the model is not registered
   */
  model<K extends ModelName<M>>(model: K): M[K] {
    const definition = this.models[model];
    if (definition === undefined) {
      throw new WrongModelError(model, `Model "${model}" is not registered on adapter "${this.name}" (known: ${Object.keys(this.models).join(', ')}).`);
    }
    return definition;
  }

  /**
   * The unique id of a record (or of identifier values).
   *
   * @param model - model name
   * @param keys - the record, or an object holding at least its identifier values
   * @returns the unique id
   * @throws InvalidRecordError when an identifier is missing or not a scalar
   */
  uniqueId<K extends ModelName<M>>(model: K, keys: Partial<RecordOfModel<M, K>>): string {
    return uniqueIdOf(this.model(model), keys as AnyRecord);
  }

  #uid(model: string, ref: RecordRef<AnyRecord>): string {
    return typeof ref === 'string' ? ref : uniqueIdOf(this.model(model), ref);
  }

  /**
   * Adds a record. Missing children fields start as empty lists.
   *
   * @param model - model name
   * @param record - the record (kept as given, not copied)
   * @param flags - flags for this record (see {@link RecordFlags})
   * @returns the stored record: the one given, or an equal one already stored
   * @throws ObjectAlreadyExistsError when a different record has the same unique id
   */
  add<K extends ModelName<M>>(model: K, record: RecordInput<M[K]>, flags?: RecordFlags): RecordOfModel<M, K> {
    return this.#add(this.model(model), record as AnyRecord, flags)[0] as RecordOfModel<M, K>;
  }

  /** Adds a record and returns it with its unique id, so callers need not compute the id twice. */
  #add(definition: ModelDefinition<object, string, string>, value: AnyRecord, flags?: RecordFlags): [AnyRecord, string] {
    const model = definition.name;
    const uid = uniqueIdOf(definition, value);
    prepareChildren(definition, value, uid);
    const existing = this.store.get(model, uid);
    if (existing !== undefined && existing !== value) {
      if (!sameRecord(definition, existing, value)) throw new ObjectAlreadyExistsError(model, uid, existing, value);
      if (flags) this.setFlags(model, uid, flags);
      return [existing, uid];
    }
    this.store.set(model, uid, value);
    if (flags) this.setFlags(model, uid, flags);
    return [value, uid];
  }

  /**
   * A stored record.
   *
   * @param model - model name
   * @param ref - unique id, or identifier values
   * @returns the record
   * @throws ObjectNotFoundError when there is none
   */
  get<K extends ModelName<M>>(model: K, ref: RecordRef<RecordOfModel<M, K>>): RecordOfModel<M, K> {
    const uid = this.#uid(model, ref as RecordRef<AnyRecord>);
    const record = this.store.get(this.model(model).name, uid);
    if (record === undefined) throw new ObjectNotFoundError(model, uid, this.name);
    return record as RecordOfModel<M, K>;
  }

  /**
   * A stored record, or `null` when there is none.
   *
   * @param model - model name
   * @param ref - unique id, or identifier values
   * @returns the record or `null`
   */
  getOrNull<K extends ModelName<M>>(model: K, ref: RecordRef<RecordOfModel<M, K>>): RecordOfModel<M, K> | null {
    const uid = this.#uid(model, ref as RecordRef<AnyRecord>);
    return (this.store.get(this.model(model).name, uid) as RecordOfModel<M, K> | undefined) ?? null;
  }

  /**
   * Whether a record is stored.
   *
   * @param model - model name
   * @param ref - unique id, or identifier values
   * @returns `true` when it is
   */
  has<K extends ModelName<M>>(model: K, ref: RecordRef<RecordOfModel<M, K>>): boolean {
    return this.store.has(this.model(model).name, this.#uid(model, ref as RecordRef<AnyRecord>));
  }

  /**
   * Every record of a model, in insertion order.
   *
   * @param model - model name
   * @returns the records
   */
  getAll<K extends ModelName<M>>(model: K): RecordOfModel<M, K>[] {
    return [...this.store.values(this.model(model).name)] as RecordOfModel<M, K>[];
  }

  /**
   * The records with these unique ids, in the same order.
   *
   * @param model - model name
   * @param uids - unique ids (for example a children field)
   * @returns the records
   * @throws ObjectNotFoundError for the first id that is not stored
   */
  getByIds<K extends ModelName<M>>(model: K, uids: readonly string[]): RecordOfModel<M, K>[] {
    return uids.map((uid) => this.get(model, uid));
  }

  /**
   * How many records are stored.
   *
   * @param model - count only this model
   * @returns the count
   */
  count(model?: ModelName<M>): number {
    return model === undefined ? this.store.count() : this.store.count(this.model(model).name);
  }

  /**
   * Replaces a stored record's attributes (and any other given field) with the given values.
   *
   * @param model - model name
   * @param record - identifier values plus the fields to change
   * @returns the stored record, changed in place
   * @throws ObjectNotFoundError when the record is not stored
   */
  update<K extends ModelName<M>>(model: K, record: Partial<RecordOfModel<M, K>>): RecordOfModel<M, K> {
    const stored = this.get(model, record) as AnyRecord;
    const definition = this.model(model);
    for (const [field, value] of Object.entries(record)) {
      if (definition.identifiers.includes(field)) continue;
      stored[field] = value;
    }
    return stored as RecordOfModel<M, K>;
  }

  /**
   * Removes a record, and its descendants when asked.
   * The parent's children list is not changed: use {@link Adapter.removeChild} for that.
   *
   * @param model - model name
   * @param ref - the record, its identifier values or unique id
   * @param options - `removeChildren` to remove descendants too
   * @returns the removed record
   * @throws ObjectNotFoundError when the record is not stored
   */
  remove<K extends ModelName<M>>(model: K, ref: RecordRef<RecordOfModel<M, K>>, options: RemoveOptions = {}): RecordOfModel<M, K> {
    const record = this.get(model, ref) as AnyRecord;
    const definition = this.model(model);
    const uid = uniqueIdOf(definition, record);
    if (options.removeChildren) {
      for (const [childModel, field] of Object.entries(definition.children)) {
        for (const childUid of (record[field] as string[] | undefined) ?? []) {
          if (this.store.has(childModel, childUid)) this.remove(childModel as ModelName<M>, childUid, options);
        }
      }
    }
    this.store.delete(model, uid);
    this.#flags.get(model)?.delete(uid);
    return record as RecordOfModel<M, K>;
  }

  /**
   * The stored record with these identifiers, or a new one made from them and `attrs` and added.
   * With it a loader reads a joined table once and creates each parent the first time it sees it.
   *
   * @param model - model name
   * @param keys - identifier values
   * @param attrs - attribute values used only when the record is created
   * @returns the record and whether it was created
   */
  getOrInstantiate<K extends ModelName<M>>(
    model: K,
    keys: Partial<RecordOfModel<M, K>>,
    attrs: Partial<RecordOfModel<M, K>> = {},
  ): [RecordOfModel<M, K>, boolean] {
    const existing = this.getOrNull(model, keys);
    if (existing !== null) return [existing, false];
    return [this.add(model, { ...attrs, ...keys } as unknown as RecordInput<M[K]>), true];
  }

  /**
   * Like {@link Adapter.getOrInstantiate}, but an existing record gets `attrs` written into it.
   *
   * @param model - model name
   * @param keys - identifier values
   * @param attrs - attribute values to set
   * @returns the record and whether it was created
   */
  updateOrInstantiate<K extends ModelName<M>>(
    model: K,
    keys: Partial<RecordOfModel<M, K>>,
    attrs: Partial<RecordOfModel<M, K>>,
  ): [RecordOfModel<M, K>, boolean] {
    const existing = this.getOrNull(model, keys);
    if (existing === null) return [this.add(model, { ...attrs, ...keys } as unknown as RecordInput<M[K]>), true];
    Object.assign(existing, attrs);
    return [existing, false];
  }

  /**
   * The stored record with the same unique id as `record`, or `record` itself, added.
   *
   * @param model - model name
   * @param record - a whole record
   * @returns the stored record and whether `record` was added
   */
  getOrAddInstance<K extends ModelName<M>>(model: K, record: RecordInput<M[K]>): [RecordOfModel<M, K>, boolean] {
    const existing = this.getOrNull(model, record as Partial<RecordOfModel<M, K>>);
    if (existing !== null) return [existing, false];
    return [this.add(model, record), true];
  }

  /**
   * The stored record updated with `record`'s attributes, or `record` itself, added.
   *
   * @param model - model name
   * @param record - a whole record
   * @returns the stored record and whether `record` was added
   */
  updateOrAddInstance<K extends ModelName<M>>(model: K, record: RecordInput<M[K]>): [RecordOfModel<M, K>, boolean] {
    const existing = this.getOrNull(model, record as Partial<RecordOfModel<M, K>>);
    if (existing === null) return [this.add(model, record), true];
    const definition = this.model(model);
    for (const field of definition.attributes) if (field in (record as AnyRecord)) (existing as AnyRecord)[field] = (record as AnyRecord)[field];
    return [existing, false];
  }

  /**
   * Adds a child record under a parent: stores the child (unless an equal one is stored) and lists
   * its unique id in the parent's children field (once).
   *
   * @param parentModel - the parent's model
   * @param parent - the parent record, its identifier values or unique id
   * @param childModel - the child's model (a child model of the parent's)
   * @param child - the child record
   * @returns the stored child record
   * @throws WrongModelError when `childModel` is not a child model of `parentModel`
   */
  addChild<P extends ModelName<M>, K extends ModelName<M>>(
    parentModel: P,
    parent: RecordRef<RecordOfModel<M, P>>,
    childModel: K,
    child: RecordInput<M[K]>,
  ): RecordOfModel<M, K> {
    const field = this.#childField(parentModel, childModel);
    const parentRecord = (typeof parent === 'object' && this.store.get(parentModel, this.#uid(parentModel, parent as AnyRecord)) === parent
      ? parent
      : this.get(parentModel, parent)) as AnyRecord;
    const [stored, uid] = this.#add(this.model(childModel), child as AnyRecord);
    const list = parentRecord[field] as string[];
    if (!this.#listHas(list, uid)) {
      list.push(uid);
      this.#childIndex.get(list)?.add(uid);
    }
    return stored as RecordOfModel<M, K>;
  }

  /**
   * Takes a child's unique id off its parent's children list (the child stays stored).
   *
   * @param parentModel - the parent's model
   * @param parent - the parent record, its identifier values or unique id
   * @param childModel - the child's model
   * @param childUid - the child's unique id
   * @returns whether it was listed
   */
  removeChild<P extends ModelName<M>>(parentModel: P, parent: RecordRef<RecordOfModel<M, P>>, childModel: ModelName<M>, childUid: string): boolean {
    const field = this.#childField(parentModel, childModel);
    const parentRecord = this.get(parentModel, parent) as AnyRecord;
    const list = parentRecord[field] as string[];
    const index = list.indexOf(childUid);
    if (index === -1) return false;
    list.splice(index, 1);
    this.#childIndex.get(list)?.delete(childUid);
    return true;
  }

  #childField(parentModel: string, childModel: string): string {
    const field = this.model(parentModel).children[childModel];
    if (field === undefined) throw new WrongModelError(childModel, `Model "${childModel}" is not a child model of "${parentModel}" on adapter "${this.name}".`);
    return field;
  }

  #listHas(list: string[], uid: string): boolean {
    if (list.length < CHILD_INDEX_THRESHOLD) return list.includes(uid);
    let index = this.#childIndex.get(list);
    if (index === undefined) {
      index = new Set(list);
      this.#childIndex.set(list, index);
    }
    return index.has(uid);
  }

  /**
   * Sets flags on one stored record (they add to its model's flags).
   *
   * @param model - model name
   * @param ref - the record, its identifier values or unique id
   * @param flags - the flags to set
   */
  setFlags<K extends ModelName<M>>(model: K, ref: RecordRef<RecordOfModel<M, K>>, flags: RecordFlags): void {
    const uid = this.#uid(model, ref as RecordRef<AnyRecord>);
    let table = this.#flags.get(model);
    if (table === undefined) {
      table = new Map();
      this.#flags.set(model, table);
    }
    table.set(uid, mergeFlags(table.get(uid), flags));
  }

  /**
   * The flags in force for a record: its model's flags plus its own.
   *
   * @param model - model name
   * @param uid - unique id
   * @returns the merged flags
   */
  flagsOf(model: ModelName<M>, uid: string): RecordFlags {
    return mergeFlags(this.model(model).flags, this.#flags.get(model)?.get(uid));
  }

  /** Whether any record has flags of its own (lets the diff skip per-record flag look-ups). */
  hasRecordFlags(): boolean {
    for (const table of this.#flags.values()) if (table.size > 0) return true;
    return false;
  }

  /** The record's own flags only (fast path for the diff); `undefined` when it has none. */
  ownFlags(model: string, uid: string): RecordFlags | undefined {
    return this.#flags.get(model)?.get(uid);
  }

  /**
   * The adapter's records as plain JSON: every registered model, records in insertion order.
   *
   * @returns the snapshot
   */
  toJSON(): AdapterSnapshot {
    const models: Record<string, AnyRecord[]> = {};
    for (const model of Object.keys(this.models)) models[model] = [...this.store.values(model)].map((record) => structuredClone(record));
    return { name: this.name, models };
  }

  /**
   * Adds the records of a snapshot made by {@link Adapter.toJSON} (children lists included).
   *
   * @param snapshot - the snapshot
   * @throws WrongModelError when it holds a model this adapter does not register
   */
  loadJSON(snapshot: AdapterSnapshot): void {
    for (const [model, records] of Object.entries(snapshot.models)) {
      this.model(model);
      for (const record of records) this.add(model as ModelName<M>, structuredClone(record) as RecordInput<M[ModelName<M>]>);
    }
  }

  /**
   * A readable tree of the records: top-level models, each record, its children below it.
   *
   * @param options - show attributes, indentation
   * @returns the text
   */
  tree(options: TreeOptions = {}): string {
    const indent = options.indent ?? '  ';
    const lines: string[] = [];
    const visit = (model: string, record: AnyRecord, depth: number): void => {
      const definition = this.model(model);
      const uid = uniqueIdOf(definition, record);
      let line = `${indent.repeat(depth)}${model}: ${uid}`;
      if (options.attributes && definition.attributes.length > 0) {
        line += ` ${JSON.stringify(Object.fromEntries(definition.attributes.map((field) => [field, record[field] ?? null])))}`;
      }
      lines.push(line);
      for (const [childModel, field] of Object.entries(definition.children)) {
        for (const childUid of (record[field] as string[] | undefined) ?? []) {
          const child = this.store.get(childModel, childUid);
          if (child === undefined) lines.push(`${indent.repeat(depth + 1)}${childModel}: ${childUid} (missing)`);
          else visit(childModel, child, depth + 1);
        }
      }
    };
    for (const model of this.topLevel) {
      lines.push(`${model}`);
      for (const record of this.store.values(model)) visit(model, record, 1);
    }
    return lines.join('\n');
  }

  /**
   * The diff that would make `target` equal to this adapter.
   *
   * @param target - the other side
   * @param options - flags, model filters, ordering, progress
   * @returns the diff
   */
  diffTo<T extends ModelMap>(target: Adapter<T>, options: DiffOptions = {}): Diff {
    return calculateDiff(this as unknown as Adapter, target as unknown as Adapter, options);
  }

  /**
   * The diff that would make this adapter equal to `source`.
   *
   * @param source - the other side
   * @param options - flags, model filters, ordering, progress
   * @returns the diff
   */
  diffFrom<S extends ModelMap>(source: Adapter<S>, options: DiffOptions = {}): Diff {
    return calculateDiff(source as unknown as Adapter, this as unknown as Adapter, options);
  }

  /**
   * Applies `source`'s records to this adapter (and, through its handlers, to its system).
   * Pass the diff you already showed the user in `options.diff`: it is applied as is, never recalculated.
   *
   * @param source - the side to copy from
   * @param options - the diff, flags, concurrency, batch size, signal, progress
   * @returns what was done to every element
   */
  async syncFrom<S extends ModelMap>(source: Adapter<S>, options: AdapterSyncOptions = {}): Promise<SyncResult> {
    const diff = options.diff ?? this.diffFrom(source, options);
    return executeSync(diff, source as unknown as Adapter, this as unknown as Adapter, options);
  }

  /**
   * Applies this adapter's records to `target`.
   *
   * @param target - the side to write to
   * @param options - the diff, flags, concurrency, batch size, signal, progress
   * @returns what was done to every element
   */
  async syncTo<T extends ModelMap>(target: Adapter<T>, options: AdapterSyncOptions = {}): Promise<SyncResult> {
    return target.syncFrom(this, options);
  }

  /**
   * Checks, without writing, which writes of `diff` this adapter (as a sync target) would refuse:
   * for example a schema's validation or a unique index, checked against the loaded records. A dry
   * run calls it and reports the problems in its record (`SyncRecord.writeCheck`), so that a plan
   * shows the writes that would fail before anyone applies it. Default: `undefined` (this adapter
   * cannot check its writes without making them).
   *
   * @param _diff - the diff a sync would apply
   * @param _signal - aborted when the run is cancelled
   * @returns the writes that would fail (empty when none), or `undefined` when the adapter cannot tell
   */
  async checkWrites(_diff: Diff, _signal?: AbortSignal): Promise<WriteProblem[] | undefined> {
    return undefined;
  }

  /**
   * Whether this adapter's writes become final only in {@link Adapter.syncComplete} (one
   * transaction committed or aborted at the end). `runJob` then logs each element's outcome after
   * `syncComplete`, so that writes undone with {@link rollBack} are logged as `rolledBack`, never as
   * `success`. Default `false`.
   */
  get transactional(): boolean {
    return false;
  }

  /**
   * Called by the sync when it has finished applying a diff to this adapter, whether or not
   * everything succeeded. Override it to flush buffered writes or close connections. When it
   * throws, the sync's result is not `ok` and carries the error (`executeSync` does not throw); a
   * target whose writes were undone marks them first with {@link rollBack}.
   *
   * @param _source - the source adapter
   * @param _result - what the sync did
   */
  async syncComplete(_source: Adapter, _result: SyncResult): Promise<void> {
    // Nothing by default.
  }
}

/**
 * The unique id of a record under a model definition.
 *
 * @param definition - the model
 * @param record - the record or its identifier values
 * @returns the unique id
 * @throws InvalidRecordError when an identifier is missing or not a scalar
 */
export function uniqueIdOf(definition: ModelDefinition<object, string, string>, record: AnyRecord): string {
  const identifiers = definition.identifiers;
  if (identifiers.length === 1) return encodeField(definition, record, identifiers[0] as string);
  let uid = encodeField(definition, record, identifiers[0] as string);
  for (let i = 1; i < identifiers.length; i++) uid += UID_SEPARATOR + encodeField(definition, record, identifiers[i] as string);
  // Reading a character makes V8 flatten the concatenated string now, once: a flat key hashes and
  // compares about twice as fast in the store's maps as a chain of concatenations.
  uid.charCodeAt(0);
  return uid;
}

function encodeField(definition: ModelDefinition<object, string, string>, record: AnyRecord, field: string): string {
  const value = record[field];
  if (value === undefined && !(field in record)) {
    throw new InvalidRecordError(definition.name, field, `identifier "${field}" is missing; every identifier needs a value (null is allowed).`);
  }
  const encoded = encodeIdentifier(value);
  if (encoded === undefined) {
    throw new InvalidRecordError(definition.name, field, `identifier "${field}" must be a string, number, bigint, boolean or null, not ${typeof value}.`);
  }
  return encoded;
}

function prepareChildren(definition: ModelDefinition<object, string, string>, record: AnyRecord, uid: string): void {
  const entries = definition.childEntries;
  for (let i = 0; i < entries.length; i++) {
    const field = (entries[i] as readonly [string, string])[1];
    const list = record[field];
    if (list === undefined || list === null) record[field] = [];
    else if (!Array.isArray(list)) throw new InvalidRecordError(definition.name, field, 'a children field must be a list of unique ids.', uid);
  }
}

function sameRecord(definition: ModelDefinition<object, string, string>, a: AnyRecord, b: AnyRecord): boolean {
  for (const field of definition.attributes) if (!deepEqual(a[field], b[field])) return false;
  return true;
}
