// Calculates the diff between a source and a target adapter: each side's record tree, matched by unique id wherever each side lists a record.
import type { Adapter, ModelMap } from './adapter.js';
import { deepEqual } from './compare.js';
import { Diff, emptySummary, type DiffSummary, type OutOfScopeModels, type UnlistedRecords } from './diff.js';
import { DiffElement, type DiffAction, type ParentRef } from './diff-element.js';
import { ModelMismatchError, ScopeError, SyncAbortedError } from './errors.js';
import { PROGRESS_INTERVAL, type ProgressListener } from './events.js';
import { mergeFlags, type GlobalFlags, type RecordFlags } from './flags.js';
import type { AnyRecord, ModelDefinition } from './model.js';
import type { DiffScope } from './scope.js';

/** Options for calculating a diff. */
export interface DiffOptions extends GlobalFlags {
  /**
   * Models left out of the diff entirely, with everything below their records: the same as an
   * `ignore` flag on every record of the model. Counted as `skip`.
   */
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
  /**
   * Limits the diff to part of the data: models, subtrees, a record predicate (see
   * {@link DiffScope}). Records out of scope get no element and are counted as `outOfScope`.
   */
  scope?: DiffScope;
  /** Receives the diff's warnings (stored records that no parent lists), once per side and model. */
  onWarning?: (warning: DiffWarning) => void;
}

/**
 * Stored records of one model, on one side, that no parent lists: they are not part of that side's
 * tree, so the diff neither compares, creates nor deletes them (see `Diff.unlisted()`).
 */
export interface UnlistedWarning {
  /** What the warning is about. */
  kind: 'unlisted';
  /** The side whose store holds the records. */
  side: 'source' | 'target';
  /** That side's adapter name. */
  adapter: string;
  /** The records' model. */
  model: string;
  /** How many records of the model are unlisted on that side. */
  count: number;
  /** The first {@link UNLISTED_WARNING_IDS} of their unique ids (all of them are in `Diff.unlisted()`). */
  uids: string[];
  /** A sentence saying what happened and what to do. */
  message: string;
}

/** A warning from {@link calculateDiff}, given to `DiffOptions.onWarning`. */
export type DiffWarning = UnlistedWarning;

/** How many unique ids an {@link UnlistedWarning} names (its `count` has the total). */
export const UNLISTED_WARNING_IDS = 20;

type Definition = ModelDefinition<object, string, string>;

/**
 * Calculates what must change in `target` to make it equal to `source`.
 *
 * Each side is a tree: the records of its top-level models, and below each record the children its
 * children fields list. Records are matched by model and unique id wherever each side lists them:
 * only in the source's tree, created; only in the target's, deleted; in both, compared (a record
 * listed under different parents on the two sides is one update, its parent link compared as an
 * attribute). A record is in the diff at most once. A stored record that no parent lists is not
 * part of its side's tree: it is reported (`diff.unlisted()`, `onWarning`) and never touched.
 *
 * Models are matched by name. A model only one side declares is out of scope. A shared model must
 * have the same identifiers on both sides, in the same order, and the target must declare every
 * attribute the source compares; otherwise a {@link ModelMismatchError} is thrown before any work.
 *
 * @param source - the side whose records are right
 * @param target - the side to change
 * @param options - flags, ignored models, scope, ordering, progress, warnings, abort signal
 * @returns the diff
 * @throws ModelMismatchError when the sides declare a shared model differently
 * @throws ScopeError when the scope names an unknown model or a subtree root neither side has
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
export function calculateDiff<S extends ModelMap, T extends ModelMap>(source: Adapter<S>, target: Adapter<T>, options: DiffOptions = {}): Diff {
  const src = source as unknown as Adapter;
  const tgt = target as unknown as Adapter;
  checkModels(src, tgt);
  if (options.scope !== undefined) checkScope(options.scope, src, tgt);
  let walk = new Walk(src, tgt, options, !looksListedOnce(src), !looksListedOnce(tgt));
  let diff = walk.run();
  const recheck = walk.unverified();
  if (recheck !== undefined) {
    // The fast walk assumed each side's store holds exactly its tree; the visit counts say it does not.
    walk = new Walk(src, tgt, options, recheck.source, recheck.target);
    diff = walk.run();
  }
  if (options.onWarning !== undefined) for (const warning of unlistedWarnings(diff, src, tgt)) options.onWarning(warning);
  return diff;
}

/** Throws a {@link ModelMismatchError} for the first shared model whose definitions disagree. */
function checkModels(source: Adapter, target: Adapter): void {
  for (const [name, srcDef] of Object.entries(source.models)) {
    const tgtDef = target.models[name];
    if (tgtDef === undefined) continue;
    const a = srcDef.identifiers;
    const b = tgtDef.identifiers;
    if (!sameList(a, b)) {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      const field = (a[i] ?? b[i]) as string;
      throw new ModelMismatchError(
        name,
        field,
        `Model "${name}" has identifiers [${a.join(', ')}] on the source "${source.name}" and [${b.join(', ')}] on the target "${target.name}" (first difference: "${field}"). ` +
          'Records are matched by unique id, so both sides must declare the same identifiers in the same order.',
      );
    }
    for (const field of srcDef.attributes) {
      if (!tgtDef.attributes.includes(field)) {
        throw new ModelMismatchError(
          name,
          field,
          `Model "${name}": the source "${source.name}" compares attribute "${field}", which the target "${target.name}" does not declare as an attribute. ` +
            `Add "${field}" to the target's attributes, or remove it from the source's.`,
        );
      }
    }
  }
}

/** Throws a {@link ScopeError} for a model no side declares, or a subtree root neither side stores. */
function checkScope(scope: DiffScope, source: Adapter, target: Adapter): void {
  const declared = (model: string): boolean => model in source.models || model in target.models;
  const known = (): string => `source "${source.name}" declares ${Object.keys(source.models).join(', ')}; target "${target.name}" declares ${Object.keys(target.models).join(', ')}`;
  for (const model of scope.models ?? []) {
    if (!declared(model)) throw new ScopeError(`Invalid scope: unknown model "${model}" (${known()}).`, { model });
  }
  for (const root of scope.subtrees ?? []) {
    if (!declared(root.model)) throw new ScopeError(`Invalid scope: subtree root ${root.model} "${root.id}" has an unknown model (${known()}).`, { model: root.model, uid: root.id });
    const stored = (root.model in source.models && source.store.has(root.model, root.id)) || (root.model in target.models && target.store.has(root.model, root.id));
    if (!stored) {
      throw new ScopeError(
        `Invalid scope: subtree root ${root.model} "${root.id}" exists on neither side (source "${source.name}", target "${target.name}"). ` +
          'Check the id: a unique id joins the identifier values with "__".',
        { model: root.model, uid: root.id },
      );
    }
  }
}

/**
 * Whether a side's store plausibly holds exactly its tree, each record listed once: every top-level
 * model's records are listed by no parent, and every other model's records are listed as many
 * times as there are records. It looks only at parents (their children lists' lengths), so it costs
 * a fraction of the diff; the walk's visit counts confirm it afterwards. Counting cannot tell one
 * record listed twice from two records listed once each: a side whose children lists hold a
 * duplicate *and*, in the same model, exactly as many unlisted records passes both checks unless a
 * move makes the walk map that side's tree (then the map's sizes reveal it).
 */
function looksListedOnce(side: Adapter): boolean {
  const listed = new Map<string, number>();
  for (const [model, definition] of Object.entries(side.models)) {
    for (const [childModel, field] of definition.childEntries) {
      let n = listed.get(childModel) ?? 0;
      for (const record of side.store.values(model)) {
        const list = record[field];
        if (Array.isArray(list)) n += list.length;
      }
      listed.set(childModel, n);
    }
  }
  const top = new Set<string>(side.topLevel);
  for (const model of Object.keys(side.models)) {
    const n = listed.get(model) ?? 0;
    if (top.has(model) ? n !== 0 : n !== side.store.count(model)) return false;
  }
  return true;
}

function unlistedWarnings(diff: Diff, source: Adapter, target: Adapter): UnlistedWarning[] {
  const warnings: UnlistedWarning[] = [];
  const unlisted = diff.unlisted();
  for (const side of ['source', 'target'] as const) {
    const adapter = side === 'source' ? source.name : target.name;
    for (const [model, all] of Object.entries(unlisted[side])) {
      const uids = all.slice(0, UNLISTED_WARNING_IDS);
      const more = all.length - uids.length;
      const one = all.length === 1;
      warnings.push({
        kind: 'unlisted',
        side,
        adapter,
        model,
        count: all.length,
        uids,
        message:
          `${all.length} ${model} record${one ? '' : 's'} of the ${side} "${adapter}" ${one ? 'is' : 'are'} listed by no parent (${uids.join(', ')}${more > 0 ? ` and ${more} more` : ''}): ` +
          `${one ? 'it is' : 'they are'} not part of the ${side}'s tree, so the diff neither compares, creates nor deletes ${one ? 'it' : 'them'}. ` +
          `List ${one ? 'it' : 'them'} under ${one ? 'its parent' : 'their parents'} with addChild(), or remove ${one ? 'it' : 'them'} from the store.`,
      });
    }
  }
  return warnings;
}

/** A record's place on one side: the parent record that lists it, or {@link TOP}. */
interface Slot {
  readonly model: string;
  readonly uid: string;
  readonly record: AnyRecord;
}

const TOP_RECORD: AnyRecord = Object.freeze({});
/** The place of a top-level record. */
const TOP: Slot = Object.freeze({ model: '', uid: '', record: TOP_RECORD });

/** Model -> unique id -> the record's place, for every record of a side's tree. */
type Tree = Map<string, Map<string, Slot>>;

/**
 * Each side's tree as a map. A record listed in more than one place gets the first parent that
 * lists it (a parent's listing wins over a top-level one, so a record is deleted before its parent).
 */
function buildTree(side: Adapter): Tree {
  const tree: Tree = new Map();
  for (const model of Object.keys(side.models)) tree.set(model, new Map());
  const stack: [string, AnyRecord, string][] = [];
  for (const model of side.topLevel) {
    const map = tree.get(model) as Map<string, Slot>;
    for (const [uid, record] of side.store.entries(model)) {
      if (map.has(uid)) continue;
      map.set(uid, TOP);
      stack.push([model, record, uid]);
    }
  }
  while (stack.length > 0) {
    const [model, record, uid] = stack.pop() as [string, AnyRecord, string];
    let slot: Slot | undefined;
    for (const [childModel, field] of (side.models[model] as Definition).childEntries) {
      const map = tree.get(childModel) as Map<string, Slot>;
      const list = record[field];
      if (!Array.isArray(list)) continue;
      for (const childUid of list as string[]) {
        const previous = map.get(childUid);
        if (previous === undefined) {
          const child = side.store.get(childModel, childUid);
          if (child === undefined) continue;
          map.set(childUid, (slot ??= { model, uid, record }));
          stack.push([childModel, child, childUid]);
        } else if (previous === TOP) {
          map.set(childUid, (slot ??= { model, uid, record }));
        }
      }
    }
  }
  return tree;
}

/** What the walk knows about one model: both sides' definitions, merged flags, scope, counts. */
interface Info {
  readonly name: string;
  readonly src: Definition | undefined;
  readonly tgt: Definition | undefined;
  /** The definition that is compared: the source's, or the target's for a model only it declares. */
  readonly def: Definition;
  /** Both sides' model flags, plus `ignore` for an ignored model. */
  readonly flags: RecordFlags;
  /** Whether `flags` holds a flag the diff reads. */
  readonly flagged: boolean;
  /** Declared by both sides and in `scope.models` (when given). */
  readonly scoped: boolean;
  /** Every record of the model is in scope: no per-record check needed. */
  readonly allInScope: boolean;
  readonly srcTop: boolean;
  readonly tgtTop: boolean;
  readonly order: ((a: DiffElement, b: DiffElement) => number) | undefined;
  /** Child models, the source's first. */
  readonly children: Link[];
  readonly counts: DiffSummary;
  outOfScope: number;
  /** Records visited (for progress events), and listings of stored records met on each side (to verify the fast walk). */
  done: number;
  srcSeen: number;
  tgtSeen: number;
  touched: boolean;
}

/** A child model of a model, with the field that lists its records on each side (if that side declares it). */
interface Link {
  readonly info: Info;
  readonly srcField: string | undefined;
  readonly tgtField: string | undefined;
}

/** The record whose children are being diffed, with whether a flag stopped the diff on its path in each tree. */
interface Place {
  readonly model: string | undefined;
  readonly uid: string;
  readonly src: AnyRecord | undefined;
  readonly tgt: AnyRecord | undefined;
  readonly srcStop: boolean;
  readonly tgtStop: boolean;
}

const TOP_PLACE: Place = Object.freeze({ model: undefined, uid: '', src: TOP_RECORD, tgt: TOP_RECORD, srcStop: false, tgtStop: false });
const EMPTY: readonly string[] = Object.freeze([]);
/** Deeper than this, a fast walk assumes a cycle in the children lists and starts again in exact mode. */
const MAX_FAST_DEPTH = 1000;

class RestartExact extends Error {}

/**
 * One walk over both trees. In fast mode a side's store is trusted to hold exactly its tree, each
 * record listed once (checked cheaply beforehand and verified by counting afterwards), so that
 * "in the tree" is a store look-up and the common case (both sides list the same children in the
 * same order) costs what a plain comparison costs. In exact mode a side's tree is mapped first and
 * each record is diffed only at its own place in it.
 */
class Walk {
  readonly #src: Adapter;
  readonly #tgt: Adapter;
  readonly #options: DiffOptions;
  readonly #srcExact: boolean;
  readonly #tgtExact: boolean;
  readonly #skipSrc: boolean;
  readonly #skipDst: boolean;
  readonly #keepUnchanged: boolean;
  readonly #recordFlags: boolean;
  readonly #anyStops: boolean;
  readonly #infos = new Map<string, Info>();
  readonly #predicate: DiffScope['predicate'];
  #subtrees: Map<string, Set<string>> | undefined;
  #srcTree: Tree | undefined;
  #tgtTree: Tree | undefined;
  readonly #claimed = { source: new Map<string, Set<string>>(), target: new Map<string, Set<string>>() };
  #depth = 0;
  #restarted = false;

  constructor(source: Adapter, target: Adapter, options: DiffOptions, srcExact: boolean, tgtExact: boolean) {
    this.#src = source;
    this.#tgt = target;
    this.#options = options;
    this.#srcExact = srcExact;
    this.#tgtExact = tgtExact;
    this.#skipSrc = Boolean(options.skipUnmatchedSrc || options.skipUnmatchedBoth);
    this.#skipDst = Boolean(options.skipUnmatchedDst || options.skipUnmatchedBoth);
    this.#keepUnchanged = Boolean(options.logUnchanged);
    this.#recordFlags = source.hasRecordFlags() || target.hasRecordFlags();
    this.#predicate = options.scope?.predicate;
    const ignored = new Set(options.ignoreModels ?? []);
    const scope = options.scope;
    const names = [...Object.keys(source.models)];
    for (const name of Object.keys(target.models)) if (!(name in source.models)) names.push(name);
    let anyModelStops = false;
    for (const name of names) {
      const src = source.models[name];
      const tgt = target.models[name];
      const flags = mergeFlags(src?.flags, tgt?.flags, ignored.has(name) ? { ignore: true } : undefined);
      const flagged = Boolean(flags.ignore || flags.skipUnmatchedSrc || flags.skipUnmatchedDst);
      anyModelStops ||= flagged;
      const scoped = src !== undefined && tgt !== undefined && (scope?.models === undefined || scope.models.includes(name));
      this.#infos.set(name, {
        name,
        src,
        tgt,
        def: (src ?? tgt) as Definition,
        flags,
        flagged,
        scoped,
        allInScope: scoped && scope?.subtrees === undefined && scope?.predicate === undefined,
        srcTop: src !== undefined && source.topLevel.includes(name),
        tgtTop: tgt !== undefined && target.topLevel.includes(name),
        order: options.order?.[name],
        children: [],
        counts: emptySummary(),
        outOfScope: 0,
        done: 0,
        srcSeen: 0,
        tgtSeen: 0,
        touched: false,
      });
    }
    for (const info of this.#infos.values()) {
      const childModels = Object.keys(info.src?.children ?? {});
      for (const child of Object.keys(info.tgt?.children ?? {})) if (!childModels.includes(child)) childModels.push(child);
      for (const child of childModels) {
        info.children.push({ info: this.#infos.get(child) as Info, srcField: info.src?.children[child], tgtField: info.tgt?.children[child] });
      }
    }
    this.#anyStops = this.#recordFlags || anyModelStops || this.#skipDst;
  }

  run(): Diff {
    const signal = this.#options.signal;
    if (signal?.aborted) throw new SyncAbortedError('The diff was cancelled.', { cause: signal.reason });
    if (this.#srcExact) this.#srcTree = buildTree(this.#src);
    if (this.#tgtExact) this.#tgtTree = buildTree(this.#tgt);
    if (this.#options.scope?.subtrees !== undefined) this.#subtrees = this.#subtreeMembers(this.#options.scope.subtrees);
    const elements: DiffElement[] = [];
    const order = [...this.#src.topLevel];
    for (const model of this.#tgt.topLevel) if (!order.includes(model)) order.push(model);
    try {
      for (const model of order) this.#topLevel(this.#infos.get(model) as Info, elements);
    } catch (error) {
      if (!(error instanceof RestartExact)) throw error;
      this.#restarted = true;
      return new Walk(this.#src, this.#tgt, this.#options, true, true).run();
    }
    for (const info of this.#infos.values()) {
      if (info.touched) this.#options.onProgress?.({ phase: 'diff', model: info.name, current: info.done, total: this.#total(info.name) });
    }
    return this.#result(elements, order);
  }

  /** The sides a fast walk got wrong (a record unlisted or listed twice), or `undefined` when its counts add up. */
  unverified(): { source: boolean; target: boolean } | undefined {
    if (this.#restarted) return undefined;
    const source = !this.#srcExact && this.#miscounted(this.#src, this.#srcTree, (info) => info.src, (info) => info.srcSeen);
    const target = !this.#tgtExact && this.#miscounted(this.#tgt, this.#tgtTree, (info) => info.tgt, (info) => info.tgtSeen);
    return source || target ? { source: source || this.#srcExact, target: target || this.#tgtExact } : undefined;
  }

  #miscounted(side: Adapter, tree: Tree | undefined, def: (info: Info) => Definition | undefined, seen: (info: Info) => number): boolean {
    for (const info of this.#infos.values()) {
      if (def(info) === undefined) continue;
      const count = side.store.count(info.name);
      if (seen(info) !== count) return true;
      if (tree !== undefined && (tree.get(info.name)?.size ?? 0) !== count) return true;
    }
    return false;
  }

  #result(elements: DiffElement[], order: readonly string[]): Diff {
    const unlisted: UnlistedRecords = { source: this.#unlisted(this.#src, this.#srcTree, this.#srcExact), target: this.#unlisted(this.#tgt, this.#tgtTree, this.#tgtExact) };
    const summary: Record<string, DiffSummary> = {};
    for (const info of this.#infos.values()) {
      const counts = info.counts;
      const missing = (unlisted.source[info.name]?.length ?? 0) + (unlisted.target[info.name]?.length ?? 0);
      if (info.outOfScope > 0) counts.outOfScope = info.outOfScope;
      if (missing > 0) counts.unlisted = missing;
      const any = counts.create + counts.update + counts.delete + counts.noChange + counts.skip + info.outOfScope + missing > 0;
      if (any || order.includes(info.name)) summary[info.name] = counts;
    }
    const outOfScopeModels: OutOfScopeModels = { source: [], target: [] };
    for (const info of this.#infos.values()) {
      if (info.tgt === undefined) outOfScopeModels.source.push(info.name);
      else if (info.src === undefined) outOfScopeModels.target.push(info.name);
    }
    return new Diff(this.#src.name, this.#tgt.name, elements, summary, { unlisted, outOfScopeModels });
  }

  /** Stored records of an exactly mapped side that its tree does not hold (a fast side has none: its counts were verified). */
  #unlisted(side: Adapter, tree: Tree | undefined, exact: boolean): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (!exact || tree === undefined) return out;
    for (const model of Object.keys(side.models)) {
      const map = tree.get(model);
      const uids: string[] = [];
      for (const [uid] of side.store.entries(model)) if (!map?.has(uid)) uids.push(uid);
      if (uids.length > 0) out[model] = uids;
    }
    return out;
  }

  // ---- membership ----

  #inSource(info: Info, uid: string): boolean {
    if (info.src === undefined) return false;
    return this.#srcExact ? ((this.#srcTree as Tree).get(info.name) as Map<string, Slot>).has(uid) : this.#src.store.has(info.name, uid);
  }

  #inTarget(info: Info, uid: string): boolean {
    if (info.tgt === undefined) return false;
    return this.#tgtExact ? ((this.#tgtTree as Tree).get(info.name) as Map<string, Slot>).has(uid) : this.#tgt.store.has(info.name, uid);
  }

  /** A target record's place in the target's tree (the map is built on first use in fast mode: moves only). */
  #targetSlot(model: string, uid: string): Slot | undefined {
    return (this.#tgtTree ??= buildTree(this.#tgt)).get(model)?.get(uid);
  }

  /** In exact mode, whether this listing is the record's own place, the first time it is met there. */
  #claim(side: 'source' | 'target', model: string, uid: string, parent: AnyRecord | undefined): boolean {
    const tree = side === 'source' ? this.#srcTree : this.#tgtTree;
    if (tree?.get(model)?.get(uid)?.record !== parent) return false;
    const claimed = this.#claimed[side];
    let set = claimed.get(model);
    if (set === undefined) {
      set = new Set();
      claimed.set(model, set);
    }
    if (set.has(uid)) return false;
    set.add(uid);
    return true;
  }

  /** Model -> unique ids of the subtree roots and everything below them, in the source's tree and in the target's. */
  #subtreeMembers(roots: NonNullable<DiffScope['subtrees']>): Map<string, Set<string>> {
    const members = new Map<string, Set<string>>();
    const add = (side: Adapter, model: string, uid: string, record: AnyRecord): void => {
      const stack: [string, string, AnyRecord][] = [[model, uid, record]];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const [m, u, r] = stack.pop() as [string, string, AnyRecord];
        const key = `${m}\u0000${u}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let ids = members.get(m);
        if (ids === undefined) {
          ids = new Set();
          members.set(m, ids);
        }
        ids.add(u);
        for (const [childModel, field] of (side.models[m] as Definition).childEntries) {
          const list = r[field];
          if (!Array.isArray(list)) continue;
          for (const childUid of list as string[]) {
            const child = side.store.get(childModel, childUid);
            if (child !== undefined) stack.push([childModel, childUid, child]);
          }
        }
      }
    };
    for (const root of roots) {
      const info = this.#infos.get(root.model) as Info;
      const s = this.#inSource(info, root.id) ? this.#src.store.get(root.model, root.id) : undefined;
      if (s !== undefined) add(this.#src, root.model, root.id, s);
      const t = this.#inTarget(info, root.id) ? this.#tgt.store.get(root.model, root.id) : undefined;
      if (t !== undefined) add(this.#tgt, root.model, root.id, t);
    }
    return members;
  }

  // ---- the walk ----

  #total(model: string): number {
    return this.#src.store.count(model) + this.#tgt.store.count(model);
  }

  #tick(info: Info, amount: number): void {
    const before = info.done;
    info.done = before + amount;
    if (Math.floor(info.done / PROGRESS_INTERVAL) !== Math.floor(before / PROGRESS_INTERVAL)) {
      const signal = this.#options.signal;
      if (signal?.aborted) throw new SyncAbortedError('The diff was cancelled.', { cause: signal.reason });
      this.#options.onProgress?.({ phase: 'diff', model: info.name, current: info.done, total: this.#total(info.name) });
    }
  }

  /** The flags in force for a record: its model's, plus its own on each side whose tree holds it. */
  #flagsOf(info: Info, uid: string, onSrc: boolean, onTgt: boolean): RecordFlags | undefined {
    if (this.#recordFlags) {
      const own = onSrc ? this.#src.ownFlags(info.name, uid) : undefined;
      const other = onTgt ? this.#tgt.ownFlags(info.name, uid) : undefined;
      if (own !== undefined || other !== undefined) return mergeFlags(info.flags, own, other);
    }
    return info.flagged ? info.flags : undefined;
  }

  /**
   * Whether a flag stops the diff on a target record's path above it, for a record the walk meets
   * where the source lists it: `ignore` on an ancestor, or `skipUnmatchedDst` on one only the target has.
   */
  #targetStopAbove(model: string, uid: string): boolean {
    if (!this.#anyStops) return false;
    let slot = this.#targetSlot(model, uid);
    while (slot !== undefined && slot !== TOP) {
      const info = this.#infos.get(slot.model) as Info;
      const onSrc = this.#inSource(info, slot.uid);
      const flags = this.#flagsOf(info, slot.uid, onSrc, true);
      if (flags?.ignore || (!onSrc && (this.#skipDst || flags?.skipUnmatchedDst))) return true;
      slot = this.#targetSlot(slot.model, slot.uid);
    }
    return false;
  }

  #inScope(info: Info, uid: string, s: AnyRecord | undefined, t: AnyRecord | undefined): boolean {
    if (!info.scoped) return false;
    if (this.#subtrees !== undefined && !(this.#subtrees.get(info.name)?.has(uid) ?? false)) return false;
    const predicate = this.#predicate;
    if (predicate === undefined) return true;
    return (s !== undefined && predicate(info.name, s, uid)) || (t !== undefined && predicate(info.name, t, uid));
  }

  #sort(info: Info, out: DiffElement[], first: number): void {
    const compare = info.order;
    if (compare !== undefined && out.length - first > 1) out.push(...out.splice(first).sort(compare));
  }

  /** The records of a top-level model: every stored record on each side whose top level it is. */
  #topLevel(info: Info, out: DiffElement[]): void {
    const model = info.name;
    const first = out.length;
    info.touched = true;
    const tgtStore = this.#tgt.store;
    if (info.srcTop) {
      for (const [uid, s] of this.#src.store.entries(model)) {
        info.srcSeen += 1;
        if (this.#srcExact && !this.#claim('source', model, uid, TOP_RECORD)) continue;
        let t: AnyRecord | undefined;
        let inPlace = false;
        if (info.tgtTop) {
          t = tgtStore.get(model, uid);
          inPlace = t !== undefined && (!this.#tgtExact || this.#targetSlot(model, uid) === TOP);
        } else if (this.#inTarget(info, uid)) {
          t = tgtStore.get(model, uid);
        }
        this.#visit(info, uid, s, t, inPlace, TOP_PLACE, false, out);
      }
    }
    if (info.tgtTop) {
      for (const [uid, t] of tgtStore.entries(model)) {
        info.tgtSeen += 1;
        // A record the source's tree holds is diffed where the source lists it.
        if (this.#inSource(info, uid)) continue;
        if (this.#tgtExact && !this.#claim('target', model, uid, TOP_RECORD)) continue;
        this.#visit(info, uid, undefined, t, true, TOP_PLACE, false, out);
      }
    }
    this.#sort(info, out, first);
  }

  /** The children of one model listed by the record at `place`, on either side. */
  #children(link: Link, sIds: readonly string[], tIds: readonly string[], place: Place, out: DiffElement[]): void {
    const info = link.info;
    const model = info.name;
    const first = out.length;
    const canMove = link.tgtField !== undefined;
    const srcStore = this.#src.store;
    const tgtStore = this.#tgt.store;
    info.touched = true;
    if (place.src !== undefined && place.tgt !== undefined && sameList(sIds, tIds)) {
      // Both sides list the same children in the same order (the common case): each is in place on both.
      for (let i = 0; i < sIds.length; i++) {
        const uid = sIds[i] as string;
        const s = srcStore.get(model, uid);
        const t = tgtStore.get(model, uid);
        if (t !== undefined) info.tgtSeen += 1;
        if (s === undefined) {
          // Listed but not stored by the source: the target's record is the target's alone.
          if (t !== undefined && !this.#inSource(info, uid) && (!this.#tgtExact || this.#claim('target', model, uid, place.tgt))) {
            this.#visit(info, uid, undefined, t, true, place, canMove, out);
          }
          continue;
        }
        info.srcSeen += 1;
        if (this.#srcExact && !this.#claim('source', model, uid, place.src)) continue;
        const inPlace = t !== undefined && (!this.#tgtExact || this.#targetSlot(model, uid)?.record === place.tgt);
        this.#visit(info, uid, s, t, inPlace, place, canMove, out);
      }
    } else {
      let listedHere: Set<string> | undefined;
      for (let i = 0; i < sIds.length; i++) {
        const uid = sIds[i] as string;
        const s = srcStore.get(model, uid);
        if (s === undefined) continue;
        info.srcSeen += 1;
        if (this.#srcExact && !this.#claim('source', model, uid, place.src)) continue;
        let t = info.tgt === undefined ? undefined : tgtStore.get(model, uid);
        let inPlace = false;
        if (t !== undefined) {
          if (tIds.length > 0 && (listedHere ??= new Set(tIds)).has(uid)) inPlace = !this.#tgtExact || this.#targetSlot(model, uid)?.record === place.tgt;
          // Stored by the target but not listed here: a move, if the target's tree holds it somewhere.
          if (!inPlace && this.#tgtExact && !this.#inTarget(info, uid)) t = undefined;
        }
        this.#visit(info, uid, s, t, inPlace, place, canMove, out);
      }
      for (let i = 0; i < tIds.length; i++) {
        const uid = tIds[i] as string;
        const t = tgtStore.get(model, uid);
        if (t === undefined) continue;
        info.tgtSeen += 1;
        // A record the source's tree holds is diffed where the source lists it (here or elsewhere).
        if (this.#inSource(info, uid)) continue;
        if (this.#tgtExact && !this.#claim('target', model, uid, place.tgt)) continue;
        this.#visit(info, uid, undefined, t, true, place, canMove, out);
      }
    }
    this.#sort(info, out, first);
  }

  /**
   * Diffs one record and everything below it. `s` and `t` are its records in the source's and the
   * target's tree (either may be absent); `inPlace` says that the target lists it under the same
   * parent as here, so the target path above it is `place`'s.
   */
  #visit(info: Info, uid: string, s: AnyRecord | undefined, t: AnyRecord | undefined, inPlace: boolean, place: Place, canMove: boolean, out: DiffElement[]): void {
    this.#tick(info, s === undefined || t === undefined ? 1 : 2);
    const flags = this.#recordFlags || info.flagged ? this.#flagsOf(info, uid, s !== undefined, t !== undefined) : undefined;
    // A record is skipped when a flag stops the diff anywhere on its path in either tree.
    let srcStop = false;
    let tgtStop = false;
    if (s !== undefined) {
      srcStop = place.srcStop || (t === undefined && this.#skipSrc) || (flags !== undefined && (flags.ignore === true || (t === undefined && flags.skipUnmatchedSrc === true)));
    }
    if (t !== undefined) {
      tgtStop =
        (inPlace ? place.tgtStop : this.#targetStopAbove(info.name, uid)) ||
        (s === undefined && this.#skipDst) ||
        (flags !== undefined && (flags.ignore === true || (s === undefined && flags.skipUnmatchedDst === true)));
    }

    const counts = info.counts;
    let action: DiffAction | undefined;
    let changed: string[] | undefined;
    if (!(info.allInScope || this.#inScope(info, uid, s, t))) {
      info.outOfScope += 1;
    } else if (srcStop || tgtStop) {
      counts.skip += 1;
    } else if (t === undefined) {
      counts.create += 1;
      action = 'create';
    } else if (s === undefined) {
      counts.delete += 1;
      action = 'delete';
    } else {
      changed = changedFields(info.def, s, t);
      if (changed === undefined) {
        counts.noChange += 1;
        action = 'none';
      } else {
        counts.update += 1;
        action = 'update';
      }
    }

    // Below a skipped or out-of-scope record the walk goes on: each record is judged by its own paths.
    let children: DiffElement[] | undefined;
    const links = info.children;
    if (links.length > 0) {
      const here: Place = { model: info.name, uid, src: s, tgt: t, srcStop, tgtStop };
      if (++this.#depth > MAX_FAST_DEPTH && !(this.#srcExact && this.#tgtExact)) throw new RestartExact();
      for (let i = 0; i < links.length; i++) {
        const link = links[i] as Link;
        const sIds = s !== undefined && link.srcField !== undefined ? ((s[link.srcField] as readonly string[] | undefined) ?? EMPTY) : EMPTY;
        const tIds = t !== undefined && link.tgtField !== undefined ? ((t[link.tgtField] as readonly string[] | undefined) ?? EMPTY) : EMPTY;
        if (sIds.length === 0 && tIds.length === 0) continue;
        this.#children(link, sIds, tIds, here, (children ??= []));
      }
      this.#depth -= 1;
    }

    // A matched record the target lists under another parent moves there, when the target's parent model can list it.
    let movedFrom: ParentRef | undefined;
    if ((action === 'none' || action === 'update') && !inPlace && canMove && place.model !== undefined) {
      const slot = this.#targetSlot(info.name, uid);
      if (slot !== undefined && slot !== TOP && (slot.model !== place.model || slot.uid !== place.uid)) movedFrom = { model: slot.model, uid: slot.uid };
    }

    const keep = (action !== undefined && action !== 'none') || movedFrom !== undefined || (children !== undefined && children.length > 0) || (action === 'none' && this.#keepUnchanged);
    if (!keep) return;
    const def = info.def;
    const record = (s ?? t) as AnyRecord;
    out.push(
      new DiffElement({
        model: info.name,
        uid,
        shortname: shortnameOf(def, record),
        keys: pick(record, def.identifiers),
        action: action ?? 'none',
        source: s === undefined ? undefined : pick(s, def.attributes),
        target: t === undefined ? undefined : pick(t, def.attributes),
        changed,
        children,
        movedFrom,
      }),
    );
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
