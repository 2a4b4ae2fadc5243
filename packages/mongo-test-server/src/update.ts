// Applies MongoDB update operators, replacement documents and pipeline updates to raw documents.
import { Aggregator } from './mingo-context.js';
import { numericOp } from './bson-numbers.js';
import { Decimal128, Double, Int32, Long, Timestamp } from 'bson';
import type { Document } from './bson-values.js';
import { cloneValue, fromViewDoc, isNumeric, isPlainObject, numericKind, toNumber, toView, toViewDoc } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { compareValues, valuesEqual } from './compare.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from './errors.js';
import { formatDoc, formatValue } from './format.js';
import { isIndexPart } from './paths.js';
import { positionalIndex } from './positional.js';
import { mingoQuery } from './query.js';

/** Options for {@link applyUpdate}. */
export interface UpdateContext {
  /** The update's array filters (for `$[identifier]`). */
  readonly arrayFilters?: unknown[];
  /** True when the update is applied to a freshly upserted document (`$setOnInsert` applies). */
  readonly isInsert?: boolean;
  /** The query filter (used to resolve the positional `$` operator). */
  readonly filter?: Document;
}

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$setOnInsert',
  '$bit',
]);

const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** The kind of an update document. */
export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

/** Classifies and validates an update specification. */
export function updateKind(update: unknown): UpdateKind {
  if (Array.isArray(update)) {
    for (const stage of update) {
      if (!isPlainObject(stage) || Object.keys(stage).length !== 1) throw badValue('pipeline stages must be single-key objects');
      const name = Object.keys(stage)[0] as string;
      if (!PIPELINE_STAGES.has(name)) {
        throw new CommandError(ErrorCodes.InvalidOptions, `${name} is not allowed to be used within an update`);
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(update)) throw new CommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  if (keys.length === 0) return 'replacement';
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) return 'replacement';
  for (const k of keys) {
    if (!OPERATORS.has(k)) {
      throw new CommandError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
  }
  return 'operators';
}

interface Target {
  parent: Document | unknown[];
  key: string;
}

function getChild(parent: Document | unknown[], key: string): unknown {
  if (Array.isArray(parent)) return isIndexPart(key) ? parent[Number(key)] : undefined;
  return parent[key];
}

function setChild(parent: Document | unknown[], key: string, value: unknown): void {
  if (Array.isArray(parent)) {
    const i = Number(key);
    while (parent.length < i) parent.push(null);
    parent[i] = value;
  } else parent[key] = value;
}

function pathNotViable(part: string, field: string, container: unknown): CommandError {
  return new CommandError(ErrorCodes.PathNotViable, `Cannot create field '${part}' in element {${field}: ${formatValue(container)}}`);
}

class PathResolver {
  private readonly filters = new Map<string, ReturnType<typeof mingoQuery>>();

  constructor(
    private readonly doc: Document,
    private readonly ctx: UpdateContext,
  ) {
    for (const f of ctx.arrayFilters ?? []) {
      if (!isPlainObject(f)) throw badValue('arrayFilters entries must be objects');
      let ident: string | undefined;
      const renamed: Document = {};
      for (const [k, v] of Object.entries(f)) {
        const id = k.split('.')[0] as string;
        if (ident !== undefined && ident !== id) throw badValue('Error parsing array filter: expected a single top-level field name');
        ident = id;
        renamed[`__v${k.slice(id.length)}`] = v;
      }
      if (ident === undefined) throw badValue('Cannot use an expression without a top-level field name in arrayFilters');
      if (this.filters.has(ident)) throw badValue(`Found multiple array filters with the same top-level field name ${ident}`);
      this.filters.set(ident, mingoQuery(renamed));
    }
  }

  private positional(arrayPath: string, arr: unknown[]): number {
    const idx = positionalIndex(this.ctx.filter ?? {}, arrayPath, arr);
    if (idx === undefined) throw badValue('The positional operator did not find the match needed from the query.');
    return idx;
  }

  private matchesFilter(ident: string, path: string, el: unknown): boolean {
    const q = this.filters.get(ident);
    if (q === undefined) throw badValue(`No array filter found for identifier '${ident}' in path '${path}'`);
    return q.test({ __v: toView(el) });
  }

  resolve(path: string, create: boolean): Target[] {
    const parts = path.split('.');
    const out: Target[] = [];
    const walk = (container: Document | unknown[], i: number, prefix: string): void => {
      const part = parts[i] as string;
      const keys: string[] = [];
      if (part === '$' || part === '$[]' || (part.startsWith('$[') && part.endsWith(']'))) {
        if (!Array.isArray(container)) {
          throw badValue(`The path '${prefix}' must exist in the document in order to apply array updates.`);
        }
        if (part === '$') keys.push(String(this.positional(prefix, container)));
        else if (part === '$[]') container.forEach((_, idx) => keys.push(String(idx)));
        else {
          const ident = part.slice(2, -1);
          container.forEach((el, idx) => {
            if (this.matchesFilter(ident, path, el)) keys.push(String(idx));
          });
        }
      } else {
        if (Array.isArray(container) && !isIndexPart(part)) {
          if (!create) return;
          throw pathNotViable(part, prefix.split('.').pop() ?? '', container);
        }
        keys.push(part);
      }
      for (const key of keys) {
        const childPrefix = prefix === '' ? key : `${prefix}.${key}`;
        if (i === parts.length - 1) {
          out.push({ parent: container, key });
          continue;
        }
        let child = getChild(container, key);
        if (child === undefined) {
          if (!create) continue;
          child = {};
          setChild(container, key, child);
        }
        if (!isPlainObject(child) && !Array.isArray(child)) {
          if (!create) continue;
          throw pathNotViable(parts[i + 1] as string, key, child);
        }
        walk(child, i + 1, childPrefix);
      }
    };
    walk(this.doc, 0, '');
    return out;
  }
}

function arith(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  const ka = numericKind(a);
  const kb = numericKind(b);
  const x = toNumber(a);
  const y = toNumber(b);
  const f = (p: number, q: number): number => (op === 'add' ? p + q : p * q);
  if (ka === 'decimal' || kb === 'decimal') return numericOp(a, b, op === 'add' ? 'add' : 'multiply');
  if (ka === 'double' || kb === 'double') return new Double(f(x, y));
  // integers: exact; Int32 overflows to Long; a Long overflow fails the update (undefined), as in MongoDB
  const bx = bsonBig(a);
  const by = bsonBig(b);
  const r = op === 'add' ? bx + by : bx * by;
  if (r < -(2n ** 63n) || r >= 2n ** 63n) return undefined;
  if (ka === 'long' || kb === 'long' || r < -0x80000000n || r > 0x7fffffffn) return Long.fromBigInt(r);
  return new Int32(Number(r));
}

function bsonBig(v: unknown): bigint {
  if (v instanceof Long) return v.toBigInt();
  if (typeof v === 'bigint') return v;
  return BigInt(Math.trunc(toNumber(v)));
}

function zeroLike(v: unknown): unknown {
  switch (numericKind(v)) {
    case 'int':
      return new Int32(0);
    case 'long':
      return Long.fromNumber(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return new Double(0);
  }
}

function nonNumeric(op: string, field: string, doc: Document, value: unknown): CommandError {
  return new CommandError(
    ErrorCodes.TypeMismatch,
    `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatDoc({ v: doc._id }).slice(5, -2)}} has the field '${field}' of non-numeric type ${typeof value}`,
  );
}

function elementMatcher(cond: unknown): (el: unknown) => boolean {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      const q = mingoQuery({ __v: cond });
      return (el) => q.test({ __v: toView(el) });
    }
    const q = mingoQuery(cond);
    return (el) => isPlainObject(el) && q.test(toViewDoc(el));
  }
  return (el) => valuesEqual(el, cond);
}

function sortArray(arr: unknown[], spec: unknown): void {
  if (isNumeric(spec)) {
    const dir = toNumber(spec) < 0 ? -1 : 1;
    arr.sort((a, b) => dir * compareValues(a, b));
    return;
  }
  if (!isPlainObject(spec)) throw badValue('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  const fields = Object.entries(spec).map(([k, v]) => [k, toNumber(v) < 0 ? -1 : 1] as const);
  arr.sort((a, b) => {
    for (const [k, dir] of fields) {
      const va = isPlainObject(a) ? a[k] : undefined;
      const vb = isPlainObject(b) ? b[k] : undefined;
      const c = compareValues(va, vb);
      if (c !== 0) return dir * c;
    }
    return 0;
  });
}

function checkConflicts(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as string;
    const b = sorted[i] as string;
    if (a === b || b.startsWith(`${a}.`)) {
      throw new CommandError(ErrorCodes.ConflictingUpdateOperators, `Updating the path '${b}' would create a conflict at '${a}'`);
    }
  }
}

/** Applies update operators in place to `doc` (a private clone). */
export function applyOperators(doc: Document, update: Document, ctx: UpdateContext): void {
  const resolver = new PathResolver(doc, ctx);
  const allPaths: string[] = [];
  for (const [op, spec] of Object.entries(update)) {
    if (!isPlainObject(spec)) throw badValue(`Modifiers operate on fields but we found type ${typeof spec} instead.`);
    for (const path of Object.keys(spec)) {
      allPaths.push(path);
      if (op === '$rename') {
        const to = spec[path];
        if (typeof to !== 'string') throw badValue('The \'to\' field for $rename must be a string');
        allPaths.push(to);
      }
    }
  }
  checkConflicts(allPaths);
  for (const [op, spec] of Object.entries(update) as Array<[string, Document]>) {
    if (op === '$setOnInsert' && ctx.isInsert !== true) continue;
    for (const [path, arg] of Object.entries(spec)) {
      if (path === '' || path.endsWith('.') || path.includes('..')) throw badValue(`An empty update path is not valid.`);
      if (op === '$rename') {
        applyRename(doc, path, arg as string);
        continue;
      }
      const create = !['$unset', '$pull', '$pullAll', '$pop'].includes(op);
      for (const t of resolver.resolve(path, create)) applyOne(op, t, arg, path, doc);
    }
  }
}

function applyRename(doc: Document, from: string, to: string): void {
  const fromParts = from.split('.');
  let parent: unknown = doc;
  for (const p of fromParts.slice(0, -1)) {
    parent = isPlainObject(parent) ? parent[p] : undefined;
  }
  if (!isPlainObject(parent)) return;
  const last = fromParts[fromParts.length - 1] as string;
  const value = parent[last];
  if (value === undefined) return;
  delete parent[last];
  const toParts = to.split('.');
  let cur: Document = doc;
  for (let i = 0; i < toParts.length - 1; i++) {
    const p = toParts[i] as string;
    const next = cur[p];
    if (next === undefined) {
      const created: Document = {};
      cur[p] = created;
      cur = created;
    } else if (isPlainObject(next)) cur = next;
    else throw pathNotViable(toParts[i + 1] as string, p, next);
  }
  cur[toParts[toParts.length - 1] as string] = value;
}

function applyOne(op: string, t: Target, arg: unknown, path: string, doc: Document): void {
  const cur = getChild(t.parent, t.key);
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setChild(t.parent, t.key, cloneValue(arg));
      return;
    case '$unset':
      if (cur === undefined) return;
      if (Array.isArray(t.parent)) t.parent[Number(t.key)] = null;
      else delete t.parent[t.key];
      return;
    case '$inc':
    case '$mul': {
      if (!isNumeric(arg)) throw new CommandError(ErrorCodes.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${String(arg)}}`);
      if (cur === undefined) {
        setChild(t.parent, t.key, op === '$inc' ? cloneValue(arg) : zeroLike(arg));
        return;
      }
      if (!isNumeric(cur)) throw nonNumeric(op, path, doc, cur);
      const result = arith(cur, arg, op === '$inc' ? 'add' : 'mul');
      if (result === undefined) {
        throw badValue(`Failed to apply ${op} operations to current value (${formatValue(cur)}) for document {_id: ${formatDoc({ v: doc._id }).slice(5, -2)}}`);
      }
      setChild(t.parent, t.key, result);
      return;
    }
    case '$min':
    case '$max': {
      if (cur === undefined) {
        setChild(t.parent, t.key, cloneValue(arg));
        return;
      }
      const c = compareValues(arg, cur);
      if ((op === '$min' && c < 0) || (op === '$max' && c > 0)) setChild(t.parent, t.key, cloneValue(arg));
      return;
    }
    case '$currentDate': {
      const wantTs = isPlainObject(arg) && arg.$type === 'timestamp';
      if (isPlainObject(arg) && arg.$type !== 'timestamp' && arg.$type !== 'date') {
        throw badValue("The '$type' string field is required to be 'date' or 'timestamp'");
      }
      const now = Date.now();
      setChild(t.parent, t.key, wantTs ? new Timestamp({ t: Math.floor(now / 1000), i: 1 }) : new Date(now));
      return;
    }
    case '$push':
    case '$addToSet': {
      let arr: unknown[];
      if (cur === undefined) {
        arr = [];
        setChild(t.parent, t.key, arr);
      } else if (Array.isArray(cur)) arr = cur;
      else {
        throw badValue(`The field '${path}' must be an array but is of type ${typeof cur} in document {_id: ${formatDoc({ v: doc._id }).slice(5, -2)}}`);
      }
      const isEach = isPlainObject(arg) && arg.$each !== undefined;
      if (isPlainObject(arg)) {
        for (const k of Object.keys(arg)) {
          if (k.startsWith('$') && !['$each', '$slice', '$sort', '$position'].includes(k)) {
            throw badValue(`Unrecognized clause in ${op}: ${k}`);
          }
        }
      }
      const items = isEach ? (arg as Document).$each : [arg];
      if (!Array.isArray(items)) throw badValue(`The argument to $each in ${op} must be an array`);
      if (op === '$addToSet') {
        for (const item of items) if (!arr.some((x) => valuesEqual(x, item))) arr.push(cloneValue(item));
        return;
      }
      const opts = isEach ? (arg as Document) : {};
      const cloned = items.map(cloneValue);
      if (opts.$position !== undefined) {
        let pos = toNumber(opts.$position);
        if (pos < 0) pos = Math.max(0, arr.length + pos);
        arr.splice(Math.min(pos, arr.length), 0, ...cloned);
      } else arr.push(...cloned);
      if (opts.$sort !== undefined) sortArray(arr, opts.$sort);
      if (opts.$slice !== undefined) {
        const n = toNumber(opts.$slice);
        const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
        arr.splice(0, arr.length, ...kept);
      }
      return;
    }
    case '$pop': {
      if (cur === undefined) return;
      if (!Array.isArray(cur)) throw badValue(`Path '${path}' contains an element of non-array type '${typeof cur}'`);
      if (toNumber(arg) < 0) cur.shift();
      else cur.pop();
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (cur === undefined) return;
      if (!Array.isArray(cur)) throw badValue('Cannot apply $pull to a non-array value');
      let remove: (el: unknown) => boolean;
      if (op === '$pullAll') {
        if (!Array.isArray(arg)) throw badValue('$pullAll requires an array argument');
        remove = (el) => arg.some((x) => valuesEqual(el, x));
      } else remove = elementMatcher(arg);
      const kept = cur.filter((el) => !remove(el));
      cur.splice(0, cur.length, ...kept);
      return;
    }
    case '$bit': {
      if (!isPlainObject(arg)) throw badValue('$bit requires an object argument');
      let value = cur === undefined ? new Int32(0) : cur;
      if (!isNumeric(value)) throw nonNumeric('$bit', path, doc, value);
      for (const [bop, operand] of Object.entries(arg)) {
        const long = numericKind(value) === 'long' || numericKind(operand) === 'long';
        const a = bsonBig(value);
        const b = bsonBig(operand);
        const r = bop === 'and' ? a & b : bop === 'or' ? a | b : bop === 'xor' ? a ^ b : undefined;
        if (r === undefined) throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${bop}'`);
        value = long ? Long.fromBigInt(r) : new Int32(Number(BigInt.asIntN(32, r)));
      }
      setChild(t.parent, t.key, value);
      return;
    }
    default:
      throw notImplemented(`the update operator ${op}`);
  }
}

/** Runs a pipeline-style update on a document and returns the new raw document. */
export function applyPipeline(doc: Document, pipeline: unknown[]): Document {
  const view = toViewDoc(doc);
  let out: Document[];
  try {
    out = new Aggregator(toView(pipeline) as Document[], {}).run([view]);
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
  const result = out[0];
  if (result === undefined) throw badValue('pipeline update produced no document');
  return fromViewDoc(result, doc);
}

/** Returns `doc` with `_id` moved to be the first field. */
export function idFirst(doc: Document): Document {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const out: Document = { _id: doc._id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v;
  return out;
}

/**
 * Computes the updated version of a stored document. Returns the new document
 * (never mutates `original`). Throws when the update would change `_id`.
 */
export function applyUpdate(original: Document, update: unknown, ctx: UpdateContext): Document {
  const kind = updateKind(update);
  let next: Document;
  if (kind === 'replacement') {
    const repl = update as Document;
    if (repl._id !== undefined && canonicalKey(repl._id) !== canonicalKey(original._id) && ctx.isInsert !== true) {
      throw immutableId();
    }
    next = idFirst({ _id: original._id, ...cloneValue(repl) });
    if (original._id === undefined && repl._id === undefined) delete next._id;
  } else if (kind === 'pipeline') {
    next = applyPipeline(original, update as unknown[]);
  } else {
    next = cloneValue(original);
    applyOperators(next, update as Document, ctx);
  }
  if (ctx.isInsert !== true && canonicalKey(next._id) !== canonicalKey(original._id)) throw immutableId();
  if (Array.isArray(next._id)) throw new CommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type array");
  return next;
}

function immutableId(): CommandError {
  return new CommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
}
