// Calculates the diff between a source and a target adapter, walking the record tree from the top-level models.
import type { Adapter, ModelMap } from './adapter.js';
import { deepEqual } from './compare.js';
import { Diff, emptySummary, type DiffSummary } from './diff.js';
import { DiffElement, type ParentRef } from './diff-element.js';
import { PROGRESS_INTERVAL, type ProgressListener } from './events.js';
import type { GlobalFlags, RecordFlags } from './flags.js';
import type { AnyRecord, ModelDefinition } from './model.js';
import { SyncAbortedError } from './errors.js';

/** Options for calculating a diff. */
export interface DiffOptions extends GlobalFlags {
  /** Models left out of the diff entirely (with their children). Counted as `skip`. */
  ignoreModels?: readonly string[];
  /**
   * Order of sibling elements per model: a compare function over elements of that model.
   * Without one, source order comes first, then records only in the target, in target order.
   */
  order?: Readonly<Record<string, (a: DiffElement, b: DiffElement) => number>>;
  /** Progress events while diffing. */
  onProgress?: ProgressListener;
  /** Checked between records; the diff stops with a {@link SyncAbortedError} when aborted. */
  signal?: AbortSignal;
}

type Definition = ModelDefinition<object, string, string>;

/**
 * Calculates what must change in `target` to make it equal to `source`.
 *
 * @param source - the side whose records are right
 * @param target - the side to change
 * @param options - flags, ignored models, ordering, progress, abort signal
 * @returns the diff
 * @example
 * ```ts
 * import { calculateDiff } from '@ssot/core';
 *
 * await Promise.all([netbox.load(), controller.load()]); // two adapters over the same models
 * const diff = calculateDiff(netbox, controller, { skipUnmatchedDst: true }); // never delete what only the controller has
 * if (diff.hasChanges()) console.log(diff.toText());
 * console.log(diff.summaryByModel().interface); // { create: 4, update: 1, delete: 0, noChange: 312, skip: 0 }
 * ```
 */
export function calculateDiff<M extends ModelMap>(source: Adapter<M>, target: Adapter<M>, options: DiffOptions = {}): Diff {
  return new Differ(source as unknown as Adapter, target as unknown as Adapter, options).run();
}

class Differ {
  readonly #source: Adapter;
  readonly #target: Adapter;
  readonly #options: DiffOptions;
  readonly #skipSrc: boolean;
  readonly #skipDst: boolean;
  readonly #keepUnchanged: boolean;
  readonly #ignored: Set<string>;
  readonly #summary: Record<string, DiffSummary> = {};
  readonly #progress = new Map<string, { done: number }>();
  readonly #emptyChildren: readonly string[] = [];
  readonly #recordFlags: boolean;
  #targetParents: Map<string, Map<string, ParentRef>> | undefined;

  constructor(source: Adapter, target: Adapter, options: DiffOptions) {
    this.#source = source;
    this.#target = target;
    this.#options = options;
    this.#skipSrc = Boolean(options.skipUnmatchedSrc || options.skipUnmatchedBoth);
    this.#skipDst = Boolean(options.skipUnmatchedDst || options.skipUnmatchedBoth);
    this.#keepUnchanged = Boolean(options.logUnchanged);
    this.#ignored = new Set(options.ignoreModels ?? []);
    this.#recordFlags = source.hasRecordFlags() || target.hasRecordFlags();
  }

  run(): Diff {
    if (this.#options.signal?.aborted) throw new SyncAbortedError('The diff was cancelled.', { cause: this.#options.signal.reason });
    const elements: DiffElement[] = [];
    const order = [...this.#source.topLevel];
    for (const model of this.#target.topLevel) if (!order.includes(model)) order.push(model);
    for (const model of order) {
      this.#counts(model);
      if (this.#ignored.has(model)) {
        for (const record of this.#source.store.values(model)) this.#skipSubtree(this.#source, model, record);
        for (const [uid, record] of this.#target.store.entries(model)) if (!this.#source.store.has(model, uid)) this.#skipSubtree(this.#target, model, record);
        continue;
      }
      this.#diffModel(model, undefined, undefined, elements);
    }
    for (const [model, counter] of this.#progress) this.#options.onProgress?.({ phase: 'diff', model, current: counter.done, total: this.#total(model) });
    return new Diff(this.#source.name, this.#target.name, elements, this.#summary);
  }

  #definition(model: string): Definition {
    const definition = this.#source.models[model] ?? this.#target.models[model];
    if (definition === undefined) throw new Error(`model "${model}" is registered on neither adapter`);
    return definition;
  }

  #counts(model: string): DiffSummary {
    let counts = this.#summary[model];
    if (counts === undefined) {
      counts = emptySummary();
      this.#summary[model] = counts;
    }
    return counts;
  }

  #total(model: string): number {
    return this.#source.store.count(model) + this.#target.store.count(model);
  }

  #counter(model: string): { done: number } {
    let counter = this.#progress.get(model);
    if (counter === undefined) {
      counter = { done: 0 };
      this.#progress.set(model, counter);
    }
    return counter;
  }

  #tick(model: string, counter: { done: number }, amount: number): void {
    const before = counter.done;
    counter.done = before + amount;
    if (Math.floor(counter.done / PROGRESS_INTERVAL) !== Math.floor(before / PROGRESS_INTERVAL)) {
      if (this.#options.signal?.aborted) throw new SyncAbortedError('The diff was cancelled.', { cause: this.#options.signal.reason });
      this.#options.onProgress?.({ phase: 'diff', model, current: counter.done, total: this.#total(model) });
    }
  }

  #flags(model: string, definition: Definition, uid: string, onSource: boolean, onTarget: boolean): RecordFlags | undefined {
    if (!this.#recordFlags) return definition.flags;
    const own = onSource ? this.#source.ownFlags(model, uid) : undefined;
    const other = onTarget ? this.#target.ownFlags(model, uid) : undefined;
    if (own === undefined && other === undefined) return definition.flags;
    return { ...definition.flags, ...other, ...own };
  }

  /**
   * Diffs the records of one model: all of them at the top level (`srcIds` undefined), or the
   * children listed under one parent on each side.
   */
  #diffModel(model: string, srcIds: readonly string[] | undefined, tgtIds: readonly string[] | undefined, out: DiffElement[]): void {
    if (this.#ignored.has(model)) {
      for (const uid of srcIds ?? []) {
        const record = this.#source.store.get(model, uid);
        if (record !== undefined) this.#skipSubtree(this.#source, model, record);
      }
      for (const uid of tgtIds ?? []) {
        const record = this.#target.store.get(model, uid);
        if (record !== undefined && !this.#source.store.has(model, uid)) this.#skipSubtree(this.#target, model, record);
      }
      return;
    }
    const definition = this.#definition(model);
    const srcStore = this.#source.store;
    const tgtStore = this.#target.store;
    const counter = this.#counter(model);
    const first = out.length;
    // Both sides usually list the same children in the same order; then no child moved here from
    // elsewhere, and every target child is visited from the source side.
    const same = srcIds === undefined || sameList(srcIds, tgtIds ?? this.#emptyChildren);
    let targetIdSet: Set<string> | undefined;
    const targetSet = (): Set<string> => (targetIdSet ??= new Set(tgtIds));

    const visitSource = (uid: string, record: AnyRecord): void => {
      const other = tgtStore.get(model, uid);
      const flags = this.#flags(model, definition, uid, true, other !== undefined);
      this.#tick(model, counter, other === undefined ? 1 : 2);
      if (flags?.ignore) {
        this.#skipSubtree(this.#source, model, record);
        if (other !== undefined) this.#skipSubtree(this.#target, model, other, false);
        return;
      }
      if (other === undefined) {
        if (this.#skipSrc || flags?.skipUnmatchedSrc) this.#skipSubtree(this.#source, model, record);
        else out.push(this.#oneSided(model, definition, uid, record, 'create'));
        return;
      }
      this.#matched(model, definition, uid, record, other, out, srcIds !== undefined && !same && !targetSet().has(uid) ? this.#targetParentOf(model, uid) : undefined);
    };

    const visitTarget = (uid: string, record: AnyRecord): void => {
      // A record the source has is handled where the source lists it.
      if (srcStore.has(model, uid)) return;
      this.#tick(model, counter, 1);
      const flags = this.#flags(model, definition, uid, false, true);
      if (flags?.ignore || this.#skipDst || flags?.skipUnmatchedDst) {
        this.#skipSubtree(this.#target, model, record);
        return;
      }
      out.push(this.#oneSided(model, definition, uid, record, 'delete'));
    };

    if (srcIds === undefined) {
      for (const [uid, record] of srcStore.entries(model)) visitSource(uid, record);
      for (const [uid, record] of tgtStore.entries(model)) visitTarget(uid, record);
    } else {
      let dangling = 0;
      for (const uid of srcIds) {
        const record = srcStore.get(model, uid);
        if (record !== undefined) visitSource(uid, record);
        else dangling += 1;
      }
      const targetIds = tgtIds ?? this.#emptyChildren;
      if (dangling > 0 || !same) {
        for (const uid of targetIds) {
          const record = tgtStore.get(model, uid);
          if (record !== undefined) visitTarget(uid, record);
        }
      }
    }

    const compare = this.#options.order?.[model];
    if (compare !== undefined && out.length - first > 1) {
      const sorted = out.splice(first).sort(compare);
      out.push(...sorted);
    }
  }

  /** A record on both sides: compare it and diff its children; `movedFrom` is its target parent when it sits elsewhere in the source. */
  #matched(model: string, definition: Definition, uid: string, record: AnyRecord, other: AnyRecord, out: DiffElement[], movedFrom: ParentRef | undefined): void {
    const counts = this.#counts(model);
    const changed = changedFields(definition, record, other);
    const children: DiffElement[] = [];
    for (const [childModel, field] of definition.childEntries) {
      this.#diffModel(childModel, (record[field] as string[] | undefined) ?? this.#emptyChildren, (other[field] as string[] | undefined) ?? this.#emptyChildren, children);
    }
    if (changed === undefined) counts.noChange += 1;
    else counts.update += 1;
    if (changed !== undefined || children.length > 0 || movedFrom !== undefined || this.#keepUnchanged) {
      out.push(
        new DiffElement({
          model,
          uid,
          shortname: shortnameOf(definition, record),
          keys: pick(record, definition.identifiers),
          action: changed === undefined ? 'none' : 'update',
          source: pick(record, definition.attributes),
          target: pick(other, definition.attributes),
          changed,
          children,
          movedFrom,
        }),
      );
    }
  }

  /** The target parent that lists a child record (index built once, on the first move). */
  #targetParentOf(model: string, uid: string): ParentRef | undefined {
    if (this.#targetParents === undefined) {
      this.#targetParents = new Map();
      for (const [parentModel, definition] of Object.entries(this.#target.models)) {
        for (const [childModel, field] of definition.childEntries) {
          let index = this.#targetParents.get(childModel);
          if (index === undefined) {
            index = new Map();
            this.#targetParents.set(childModel, index);
          }
          for (const [parentUid, parent] of this.#target.store.entries(parentModel)) {
            for (const childUid of (parent[field] as string[] | undefined) ?? []) index.set(childUid, { model: parentModel, uid: parentUid });
          }
        }
      }
    }
    return this.#targetParents.get(model)?.get(uid);
  }

  /** A record on one side only, with every descendant: all created, or all deleted. */
  #oneSided(model: string, definition: Definition, uid: string, record: AnyRecord, action: 'create' | 'delete'): DiffElement {
    const side = action === 'create' ? this.#source : this.#target;
    this.#counts(model)[action] += 1;
    const children: DiffElement[] = [];
    for (const [childModel, field] of definition.childEntries) {
      if (this.#ignored.has(childModel)) {
        for (const childUid of (record[field] as string[] | undefined) ?? []) {
          const child = side.store.get(childModel, childUid);
          if (child !== undefined) this.#skipSubtree(side, childModel, child);
        }
        continue;
      }
      const childDefinition = this.#definition(childModel);
      const counter = this.#counter(childModel);
      const first = children.length;
      for (const childUid of (record[field] as string[] | undefined) ?? []) {
        const child = side.store.get(childModel, childUid);
        if (child === undefined) continue;
        if (action === 'delete') {
          // Still in the source elsewhere: it moved, and is handled where the source lists it.
          if (this.#source.store.has(childModel, childUid)) continue;
        } else {
          const other = this.#target.store.get(childModel, childUid);
          if (other !== undefined) {
            // Already in the target under another parent: it moves here, it is not created.
            this.#tick(childModel, counter, 2);
            this.#matched(childModel, childDefinition, childUid, child, other, children, this.#targetParentOf(childModel, childUid));
            continue;
          }
        }
        this.#tick(childModel, counter, 1);
        const flags = this.#flags(childModel, childDefinition, childUid, action === 'create', action === 'delete');
        if (flags?.ignore) {
          this.#skipSubtree(side, childModel, child);
          continue;
        }
        children.push(this.#oneSided(childModel, childDefinition, childUid, child, action));
      }
      const compare = this.#options.order?.[childModel];
      if (compare !== undefined && children.length - first > 1) children.push(...children.splice(first).sort(compare));
    }
    const attrs = pick(record, definition.attributes);
    return new DiffElement({
      model,
      uid,
      shortname: shortnameOf(definition, record),
      keys: pick(record, definition.identifiers),
      action,
      source: action === 'create' ? attrs : undefined,
      target: action === 'delete' ? attrs : undefined,
      children,
    });
  }

  /** Counts a record and its descendants as skipped. */
  #skipSubtree(side: Adapter, model: string, record: AnyRecord, count = true): void {
    if (count) this.#counts(model).skip += 1;
    const definition = side.models[model];
    if (definition === undefined) return;
    for (const [childModel, field] of Object.entries(definition.children)) {
      for (const childUid of (record[field] as string[] | undefined) ?? []) {
        const child = side.store.get(childModel, childUid);
        if (child !== undefined) this.#skipSubtree(side, childModel, child, count);
      }
    }
  }
}

/**
 * The attributes whose values differ, by each attribute's comparator; `undefined` when none do.
 *
 * @param definition - the model
 * @param source - the source record
 * @param target - the target record
 * @returns the changed attribute names, or `undefined`
 */
export function changedFields(definition: ModelDefinition<object, string, string>, source: AnyRecord, target: AnyRecord): string[] | undefined {
  let changed: string[] | undefined;
  const attributes = definition.attributes;
  const custom = definition.customCompared;
  for (let i = 0; i < attributes.length; i++) {
    const field = attributes[i] as string;
    const a = source[field];
    const b = target[field];
    if (a === b) continue;
    const equal = custom.size > 0 && custom.has(field) ? (definition.comparators[field] as (x: unknown, y: unknown) => boolean)(a, b) : deepEqual(a, b);
    if (!equal) (changed ??= []).push(field);
  }
  return changed;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pick(record: AnyRecord, fields: readonly string[]): AnyRecord {
  const result: AnyRecord = {};
  for (const field of fields) {
    const value = record[field];
    result[field] = value === undefined ? null : value;
  }
  return result;
}

function shortnameOf(definition: Definition, record: AnyRecord): string {
  const fields = definition.shortname;
  if (fields.length === 1) return String(record[fields[0] as string]);
  return fields.map((field) => String(record[field])).join(' ');
}
