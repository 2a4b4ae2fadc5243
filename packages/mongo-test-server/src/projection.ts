// Find/findAndModify projections (inclusion, exclusion, $slice, $elemMatch; expressions via mingo).
import { Aggregator } from 'mingo';
import type { Document } from './bson-values.js';
import { fromViewDoc, isNumeric, isPlainObject, isTruthy, toNumber, toView, toViewDoc } from './bson-values.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from './errors.js';
import { getPath } from './paths.js';
import { positionalIndex } from './positional.js';
import { mingoQuery } from './query.js';

/** A compiled projection: maps a raw document to the projected raw document. */
export type Projector = (doc: Document) => Document;

type Tree = { [k: string]: Tree | true };

function addPath(tree: Tree, path: string): void {
  const parts = path.split('.');
  let cur = tree;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (i === parts.length - 1) {
      cur[p] = true;
      return;
    }
    const next = cur[p];
    if (next === true) return;
    if (next === undefined) {
      const created: Tree = {};
      cur[p] = created;
      cur = created;
    } else cur = next;
  }
}

function include(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) {
    return value.filter((el) => isPlainObject(el) || Array.isArray(el)).map((el) => include(el, tree));
  }
  if (!isPlainObject(value)) return undefined;
  const out: Document = {};
  for (const [k, v] of Object.entries(value)) {
    const t = tree[k];
    if (t === undefined) continue;
    if (t === true) out[k] = v;
    else {
      const sub = include(v, t);
      if (sub !== undefined) out[k] = sub;
    }
  }
  return out;
}

function exclude(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) return value.map((el) => (isPlainObject(el) || Array.isArray(el) ? exclude(el, tree) : el));
  if (!isPlainObject(value)) return value;
  const out: Document = {};
  for (const [k, v] of Object.entries(value)) {
    const t = tree[k];
    if (t === true) continue;
    out[k] = t === undefined ? v : exclude(v, t);
  }
  return out;
}

/** Replaces the array at `path` in `doc` (copying shared parents on the way down). */
function replaceArray(doc: Document, path: string, fn: (arr: unknown[]) => unknown[]): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (!isPlainObject(next)) return;
    // copy on the way down: nested objects may still be shared with the stored document
    const copy: Document = { ...next };
    cur[p] = copy;
    cur = copy;
  }
  const last = parts[parts.length - 1] as string;
  const arr = cur[last];
  if (Array.isArray(arr)) cur[last] = fn(arr);
}

function applySlice(doc: Document, path: string, arg: unknown): void {
  replaceArray(doc, path, (arr) => {
    if (Array.isArray(arg)) {
      let skip = toNumber(arg[0]);
      const limit = toNumber(arg[1]);
      if (skip < 0) skip = Math.max(0, arr.length + skip);
      return arr.slice(skip, skip + limit);
    }
    const n = toNumber(arg);
    return n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
  });
}

/**
 * Compiles a projection document; returns undefined for "no projection".
 * @param projection - The projection document.
 * @param filter - The query filter (needed by the positional `a.$` projection).
 */
export function compileProjection(projection: unknown, filter?: unknown): Projector | undefined {
  if (projection === undefined || projection === null) return undefined;
  if (!isPlainObject(projection)) throw badValue('projection must be an object');
  const entries = Object.entries(projection);
  if (entries.length === 0) return undefined;
  const tree: Tree = {};
  const slices: Array<[string, unknown]> = [];
  const elemMatches: Array<[string, ReturnType<typeof mingoQuery>]> = [];
  let mode: 'include' | 'exclude' | undefined;
  let idSetting: boolean | undefined;
  let needsMingo = false;
  const positionals: string[] = [];
  for (const [path, spec] of entries) {
    if (path.endsWith('.$')) {
      if (!isTruthy(spec)) throw badValue('positional projection cannot be used with exclusion');
      if (positionals.length > 0) throw badValue('Cannot specify more than one positional proj. per query.');
      const arrayPath = path.slice(0, -2);
      if (arrayPath.includes('$')) throw notImplemented(`the projection path '${path}'`);
      positionals.push(arrayPath);
      if (mode === 'exclude') {
        throw new CommandError(ErrorCodes.Location31253, `Cannot do inclusion on field ${path} in exclusion projection`);
      }
      mode = 'include';
      addPath(tree, arrayPath);
      continue;
    }
    if (isPlainObject(spec)) {
      if ('$slice' in spec && Object.keys(spec).length === 1) {
        slices.push([path, spec.$slice]);
        continue;
      }
      if ('$elemMatch' in spec && Object.keys(spec).length === 1) {
        const em = spec.$elemMatch;
        if (!isPlainObject(em)) throw badValue('$elemMatch needs an Object');
        elemMatches.push([path, mingoQuery({ __v: { $elemMatch: em } })]);
        continue;
      }
      if ('$meta' in spec) throw notImplemented('$meta projections');
      needsMingo = true;
      continue;
    }
    if (!isNumeric(spec) && typeof spec !== 'boolean') {
      needsMingo = true;
      continue;
    }
    const on = isTruthy(spec);
    if (path === '_id') {
      idSetting = on;
      continue;
    }
    const m = on ? 'include' : 'exclude';
    if (mode !== undefined && mode !== m) {
      throw new CommandError(
        m === 'exclude' ? ErrorCodes.Location31254 : ErrorCodes.Location31253,
        m === 'exclude'
          ? `Cannot do exclusion on field ${path} in inclusion projection`
          : `Cannot do inclusion on field ${path} in exclusion projection`,
      );
    }
    mode = m;
    addPath(tree, path);
  }
  if (needsMingo) {
    const agg = new Aggregator([{ $project: toView(projection) as Document }], {});
    return (doc) => {
      const out = agg.run([toViewDoc(doc)]);
      return fromViewDoc(out[0] ?? {}, doc);
    };
  }
  if (mode === undefined && idSetting === undefined && slices.length === 0 && elemMatches.length === 0) return undefined;
  const includeMode = mode === 'include' || (mode === undefined && (elemMatches.length > 0 || (idSetting === true && slices.length === 0)));
  return (doc) => {
    let out: Document;
    if (includeMode) {
      const inc: Tree = { ...tree };
      for (const [p] of [...slices, ...elemMatches]) addPath(inc, p);
      out = include(doc, inc) as Document;
      if (idSetting !== false && doc._id !== undefined) out = { _id: doc._id, ...out };
    } else {
      const exc: Tree = { ...tree };
      if (idSetting === false) exc._id = true;
      out = exclude(doc, exc) as Document;
    }
    for (const arrayPath of positionals) {
      const source = getPath(doc, arrayPath);
      if (!Array.isArray(source)) continue;
      const idx = positionalIndex(isPlainObject(filter) ? filter : {}, arrayPath, source);
      if (idx === undefined) {
        throw badValue("Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array");
      }
      replaceArray(out, arrayPath, () => [source[idx]]);
    }
    for (const [path, arg] of slices) applySlice(out, path, arg);
    for (const [path, q] of elemMatches) {
      const arr = doc[path];
      if (!Array.isArray(arr)) {
        delete out[path];
        continue;
      }
      const hit = arr.find((el) => q.test({ __v: [toView(el)] }));
      if (hit === undefined) delete out[path];
      else out[path] = [hit];
    }
    return out;
  };
}
