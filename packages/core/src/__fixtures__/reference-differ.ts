// A deliberately naive reference differ (issue 12 §3): flat maps over each side's tree, the diff rules written out one by one.
//
// It is slow and obviously correct on purpose: every rule below is one line that can be read against
// the issue, and nothing is shared with the engine but the adapters' data (stores, model definitions,
// top-level lists). The property test compares the engine's diff with it element by element.
//
// The rules, as the engine is being changed to:
// - A side's tree: every record of its top-level models, plus, recursively, the children each record
//   lists in its children fields. A stored record that no parent lists (and whose model is not
//   top-level) is "unlisted": it is not part of that side's tree.
// - Records match by model + unique id wherever each side lists them. Source tree only: create; target
//   tree only: delete; both: update when a compared attribute differs (the source definition's
//   attributes), else no change. A record is in the diff at most once; a record listed under
//   different parents is one update (its parent link is one of its compared attributes in the test's models).
// - Flags of a record: its model's flags, plus its own flags on each side that stores it (flags stick to
//   a record that a sync left unlisted, so an ignored child of a deleted parent stays ignored).
//   `ignore` stops the record and its subtree (on either side); a source-only record with
//   `skipUnmatchedSrc` stops its source subtree; a target-only record with `skipUnmatchedDst` stops its
//   target subtree. The global `skipUnmatchedSrc`/`skipUnmatchedDst`/`skipUnmatchedBoth` act on every record.
// - Scope: a record is in scope when its model is declared on both sides, is in `scope.models` (if
//   given), is the root or a descendant of one of `scope.subtrees` on either side (if given), and the
//   predicate accepts it (if given). Out-of-scope records get no element.
//   A scope that names a model neither side declares, or a subtree root neither side stores, is an error.
// - Definitions of a model declared on both sides must agree: identical identifiers, and every source
//   attribute an attribute of the target's definition; otherwise the diff throws.
import type { Adapter } from '../adapter.js';
import type { RecordFlags } from '../flags.js';
import type { AnyRecord, ModelDefinition } from '../model.js';

/** One side as the reference sees it: the adapter's data and the record flags set on it (keyed by {@link keyOf}). */
export interface ReferenceSide {
  /** The adapter: only its models, top-level list and store are read. */
  adapter: Adapter;
  /** Record flags set on this side, keyed by `keyOf(model, uid)`. */
  recordFlags: ReadonlyMap<string, RecordFlags>;
}

/** The scope of a run, in the reference's own terms (the test translates it into the engine's option). */
export interface ReferenceScope {
  /** Models in scope; all when absent. */
  models?: readonly string[] | undefined;
  /** Subtree roots; a record is in scope when it or an ancestor on either side is one of them. */
  subtrees?: readonly { model: string; id: string }[] | undefined;
  /** Decides per record; every record when absent. */
  predicate?: ((model: string, uid: string) => boolean) | undefined;
}

/** Options the reference understands. */
export interface ReferenceOptions {
  skipUnmatchedSrc?: boolean | undefined;
  skipUnmatchedDst?: boolean | undefined;
  skipUnmatchedBoth?: boolean | undefined;
  scope?: ReferenceScope | undefined;
  /** Refuse a scope that names what is nowhere (default); off for the second diff after a sync, which may have deleted a root. */
  checkScope?: boolean | undefined;
}

/** One expected diff element. */
export interface ReferenceElement {
  model: string;
  uid: string;
  action: 'create' | 'update' | 'delete';
  /** Changed attribute names (updates only), sorted. */
  changed: string[];
}

/** What the reference computed. */
export interface ReferenceDiff {
  /** Every create, update and delete, sorted by key. */
  elements: ReferenceElement[];
  /** Keys of in-scope, unskipped records on both sides with no change. */
  unchanged: string[];
  /** Keys of records that a flag kept out (ignore, skip-unmatched, or under such a record). */
  skipped: string[];
  /** Keys of records in either tree that are out of scope. */
  outOfScope: string[];
  /** Per side and model: unique ids of stored records that are not in that side's tree. */
  unlisted: { source: Record<string, string[]>; target: Record<string, string[]> };
  /** Per side: key -> tree node. */
  trees: { source: ReadonlyMap<string, TreeNode>; target: ReadonlyMap<string, TreeNode> };
}

/** A record in a side's tree. */
export interface TreeNode {
  model: string;
  uid: string;
  record: AnyRecord;
  /** The key of the parent that lists it; `undefined` for a top-level record. */
  parent: string | undefined;
}

/** Thrown when the two sides define a shared model differently (the engine must throw too). */
export class ReferenceMismatch extends Error {
  constructor(
    readonly model: string,
    reason: string,
  ) {
    super(`model "${model}": ${reason}`);
  }
}

/** Thrown when the scope names a model no side declares or a subtree root no side stores (the engine must throw too). */
export class ReferenceScopeError extends Error {}

/** The flat-map key of a record. */
export function keyOf(model: string, uid: string): string {
  return `${model} ${uid}`;
}

/** Splits a key back into model and unique id. */
export function splitKey(key: string): { model: string; uid: string } {
  const space = key.indexOf(' ');
  return { model: key.slice(0, space), uid: key.slice(space + 1) };
}

type Definition = ModelDefinition<object, string, string>;

/**
 * A side's tree as a flat map: top-level records, then whatever each listed record lists.
 *
 * @param adapter - the side
 * @returns key -> node
 */
export function sideTree(adapter: Adapter): Map<string, TreeNode> {
  const tree = new Map<string, TreeNode>();
  const models = adapter.models as Record<string, Definition | undefined>;
  const visit = (model: string, uid: string, record: AnyRecord, parent: string | undefined): void => {
    const key = keyOf(model, uid);
    if (tree.has(key)) return;
    tree.set(key, { model, uid, record, parent });
    const definition = models[model];
    if (definition === undefined) return;
    for (const [childModel, field] of Object.entries(definition.children)) {
      if (models[childModel] === undefined) continue;
      for (const childUid of (record[field] as string[] | undefined) ?? []) {
        const child = adapter.store.get(childModel, childUid);
        if (child !== undefined) visit(childModel, childUid, child, key);
      }
    }
  };
  for (const model of adapter.topLevel) for (const [uid, record] of adapter.store.entries(model)) visit(model, uid, record, undefined);
  return tree;
}

/** The keys from a record up to its tree's root (empty when the tree does not hold it). */
function pathUp(tree: ReadonlyMap<string, TreeNode>, key: string): string[] {
  const path: string[] = [];
  for (let at: string | undefined = key; at !== undefined; at = tree.get(at)?.parent) {
    if (!tree.has(at)) break;
    path.push(at);
  }
  return path;
}

/** `null` and missing are the same value; everything else compares by its JSON text (lists in order). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
}

function union(...all: (RecordFlags | undefined)[]): RecordFlags {
  const out: RecordFlags = {};
  for (const flags of all) for (const [name, on] of Object.entries(flags ?? {})) if (on) out[name as keyof RecordFlags] = true;
  return out;
}

/**
 * The diff that makes `target` equal to `source`, by the rules at the top of this file.
 *
 * @param source - the source side
 * @param target - the target side
 * @param options - global flags and scope
 * @returns the expected elements and the records left out, and why
 * @throws ReferenceMismatch when a model both sides declare is defined differently
 * @throws ReferenceScopeError when the scope names a model or a subtree root that is nowhere
 */
export function referenceDiff(source: ReferenceSide, target: ReferenceSide, options: ReferenceOptions = {}): ReferenceDiff {
  const srcModels = source.adapter.models as Record<string, Definition | undefined>;
  const tgtModels = target.adapter.models as Record<string, Definition | undefined>;

  for (const [model, srcDef] of Object.entries(srcModels)) {
    const tgtDef = tgtModels[model];
    if (srcDef === undefined || tgtDef === undefined) continue;
    if (JSON.stringify(srcDef.identifiers) !== JSON.stringify(tgtDef.identifiers)) throw new ReferenceMismatch(model, 'identifiers differ');
    for (const field of srcDef.attributes) if (!tgtDef.attributes.includes(field)) throw new ReferenceMismatch(model, `target has no attribute "${field}"`);
  }

  const scope = options.scope;
  const declared = (model: string): boolean => srcModels[model] !== undefined || tgtModels[model] !== undefined;
  const checked = options.checkScope === false ? undefined : scope;
  for (const model of checked?.models ?? []) if (!declared(model)) throw new ReferenceScopeError(`scope names model "${model}", which neither side declares`);
  for (const root of checked?.subtrees ?? []) {
    const stored = [source, target].some((side) => side.adapter.models[root.model] !== undefined && side.adapter.store.has(root.model, root.id));
    if (!stored) throw new ReferenceScopeError(`scope subtree root ${root.model} "${root.id}" is stored on neither side`);
  }

  const src = sideTree(source.adapter);
  const tgt = sideTree(target.adapter);
  const skipSrcAll = Boolean(options.skipUnmatchedSrc || options.skipUnmatchedBoth);
  const skipDstAll = Boolean(options.skipUnmatchedDst || options.skipUnmatchedBoth);

  const flagsOf = (key: string): RecordFlags => {
    const { model, uid } = splitKey(key);
    const definition = srcModels[model] ?? tgtModels[model];
    const stored = (side: ReferenceSide) => (side.adapter.models[model] !== undefined && side.adapter.store.has(model, uid) ? side.recordFlags.get(key) : undefined);
    return union(definition?.flags, stored(source), stored(target));
  };
  // A record that stops the diff below it, looking at it from the source's tree or the target's.
  const stopsOnSource = (key: string): boolean => {
    const flags = flagsOf(key);
    return Boolean(flags.ignore) || (!tgt.has(key) && (skipSrcAll || Boolean(flags.skipUnmatchedSrc)));
  };
  const stopsOnTarget = (key: string): boolean => {
    const flags = flagsOf(key);
    return Boolean(flags.ignore) || (!src.has(key) && (skipDstAll || Boolean(flags.skipUnmatchedDst)));
  };
  const isSkipped = (key: string): boolean => pathUp(src, key).some(stopsOnSource) || pathUp(tgt, key).some(stopsOnTarget);

  const roots = scope?.subtrees === undefined ? undefined : new Set(scope.subtrees.map((root) => keyOf(root.model, root.id)));
  const inScope = (key: string): boolean => {
    const { model, uid } = splitKey(key);
    if (srcModels[model] === undefined || tgtModels[model] === undefined) return false;
    if (scope?.models !== undefined && !scope.models.includes(model)) return false;
    if (roots !== undefined && ![...pathUp(src, key), ...pathUp(tgt, key)].some((at) => roots.has(at))) return false;
    if (scope?.predicate !== undefined && !scope.predicate(model, uid)) return false;
    return true;
  };

  const result: ReferenceDiff = {
    elements: [],
    unchanged: [],
    skipped: [],
    outOfScope: [],
    unlisted: { source: unlistedOf(source.adapter, src), target: unlistedOf(target.adapter, tgt) },
    trees: { source: src, target: tgt },
  };
  for (const key of [...new Set([...src.keys(), ...tgt.keys()])].sort()) {
    const { model, uid } = splitKey(key);
    if (!inScope(key)) {
      result.outOfScope.push(key);
      continue;
    }
    if (isSkipped(key)) {
      result.skipped.push(key);
      continue;
    }
    const inSource = src.get(key);
    const inTarget = tgt.get(key);
    if (inSource !== undefined && inTarget === undefined) {
      result.elements.push({ model, uid, action: 'create', changed: [] });
    } else if (inSource === undefined && inTarget !== undefined) {
      result.elements.push({ model, uid, action: 'delete', changed: [] });
    } else if (inSource !== undefined && inTarget !== undefined) {
      const attributes = (srcModels[model] as Definition).attributes;
      const changed = attributes.filter((field) => !sameValue(inSource.record[field], inTarget.record[field])).sort();
      if (changed.length > 0) result.elements.push({ model, uid, action: 'update', changed });
      else result.unchanged.push(key);
    }
  }
  return result;
}

function unlistedOf(adapter: Adapter, tree: ReadonlyMap<string, TreeNode>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const model of Object.keys(adapter.models)) {
    const uids = [...adapter.store.entries(model)].map(([uid]) => uid).filter((uid) => !tree.has(keyOf(model, uid)));
    if (uids.length > 0) out[model] = uids.sort();
  }
  return out;
}

/** An element as one comparable line: `model uid action [changed,...]`. */
export function elementLine(element: { model: string; uid: string; action: string; changed: readonly string[] }): string {
  return `${element.model} ${element.uid} ${element.action}${element.action === 'update' ? ` [${[...element.changed].sort().join(',')}]` : ''}`;
}

/**
 * Applies a reference diff to the target's store the naive way (deletes deepest first, then creates and
 * updates parents first, relinking moved records). The test uses it to check that the rules themselves
 * converge, so that a failing sync property points at the engine, not at the rules.
 *
 * @param source - the source side
 * @param target - the target side (changed in place)
 * @param diff - what {@link referenceDiff} returned for these sides
 */
export function referenceSync(source: ReferenceSide, target: ReferenceSide, diff: ReferenceDiff): void {
  const store = target.adapter.store;
  const models = target.adapter.models as Record<string, Definition>;
  const depth = (tree: ReadonlyMap<string, TreeNode>, key: string) => pathUp(tree, key).length;
  const childField = (parentKey: string, childModel: string): string => {
    const field = models[splitKey(parentKey).model]?.children[childModel];
    if (field === undefined) throw new Error(`${parentKey} cannot hold ${childModel} records`);
    return field;
  };
  const unlink = (key: string, parentKey: string | undefined): void => {
    if (parentKey === undefined) return;
    const parent = splitKey(parentKey);
    const record = store.get(parent.model, parent.uid);
    const { model, uid } = splitKey(key);
    if (record === undefined) return;
    const list = record[childField(parentKey, model)] as string[];
    if (list.includes(uid)) list.splice(list.indexOf(uid), 1);
  };
  const link = (key: string, parentKey: string | undefined): void => {
    if (parentKey === undefined) return;
    const parent = splitKey(parentKey);
    const record = store.get(parent.model, parent.uid);
    if (record === undefined) return; // the parent is not in the target: nothing to hang the record on
    const { model, uid } = splitKey(key);
    const list = record[childField(parentKey, model)] as string[];
    if (!list.includes(uid)) list.push(uid);
  };
  const withKeys = diff.elements.map((e) => ({ ...e, key: keyOf(e.model, e.uid) }));
  const deletes = withKeys.filter((e) => e.action === 'delete').sort((a, b) => depth(diff.trees.target, b.key) - depth(diff.trees.target, a.key));
  for (const e of deletes) {
    unlink(e.key, diff.trees.target.get(e.key)?.parent);
    store.delete(e.model, e.uid);
  }
  const upserts = withKeys.filter((e) => e.action !== 'delete').sort((a, b) => depth(diff.trees.source, a.key) - depth(diff.trees.source, b.key));
  for (const e of upserts) {
    const from = diff.trees.source.get(e.key) as TreeNode;
    const definition = models[e.model] as Definition;
    if (e.action === 'create') {
      const record: AnyRecord = {};
      for (const field of [...definition.identifiers, ...(source.adapter.models[e.model] as Definition).attributes]) record[field] = from.record[field];
      for (const field of Object.values(definition.children)) record[field] = [];
      store.set(e.model, e.uid, record);
      link(e.key, from.parent);
    } else {
      const record = store.get(e.model, e.uid) as AnyRecord;
      for (const field of e.changed) record[field] = from.record[field];
      const was = diff.trees.target.get(e.key)?.parent;
      if (was !== from.parent) {
        unlink(e.key, was);
        link(e.key, from.parent);
      }
    }
  }
}
