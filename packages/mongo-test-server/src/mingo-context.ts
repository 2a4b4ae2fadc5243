// The mingo operator context used by this server: mingo's operators, with the ones whose answers
// differ from MongoDB replaced — expression comparisons in BSON order, exact Int64/Decimal128
// arithmetic and $sum, and $bucket with lower-inclusive boundaries.
import { Aggregator as MingoAggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import { Lazy } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as MingoQuery } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import type { Decimal128, Double, Long } from 'bson';
import { Double as DoubleValue, Int32 } from 'bson';
import type { Document } from './bson-values.js';
import { bsonTag, isNumeric, isPlainObject, rawOf, toNumber, toView } from './bson-values.js';
import type { NumericOp } from './bson-numbers.js';
import { compareNumeric, isExactNumber, numericOp } from './bson-numbers.js';
import { compareValues } from './compare.js';
import { collectPathValues } from './paths.js';
import { CommandError, ErrorCodes } from './errors.js';

/** Reads a dotted field path of a raw document (no array traversal). */
function rawPath(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A BSON number wrapper (Int32, Double, Long, Decimal128): its type decides the result type. */
function isTypedNumber(v: unknown): boolean {
  return isNumeric(v) && typeof v !== 'number';
}

/**
 * Recovers the exact BSON number behind a view number: a literal's raw value, or a field path's raw
 * value in the document the view came from (views hold Long and Decimal128 as JS doubles).
 */
function exactOperand(value: unknown, expr: unknown, rawExpr: unknown, obj: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (isTypedNumber(rawExpr)) return rawExpr;
  if (typeof expr === 'string' && expr.startsWith('$') && !expr.startsWith('$$')) {
    const raw = rawPath(rawOf(obj), expr.slice(1));
    if (isTypedNumber(raw) && Object.is(toNumber(raw), value)) return raw;
  }
  return value;
}

/** Evaluates an operator's argument list, with exact BSON numbers where the view lost them. */
function evalArgs(obj: AnyObject, expr: unknown, options: Options): unknown[] {
  const list = Array.isArray(expr) ? expr : [expr];
  const values = evalExpr(obj, list, options) as unknown[];
  const rawList = rawOf(list);
  return values.map((v, i) => exactOperand(v, list[i], Array.isArray(rawList) ? rawList[i] : undefined, obj));
}

/** Returns a view value for a computed BSON number: Int32/Double as JS numbers, Long/Decimal128 kept. */
function viewNumber(v: unknown): unknown {
  return isExactNumber(v) ? v : toNumber(v);
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined;
}

/** Aggregation expression order: BSON order, where a missing value sorts below null (unlike queries). */
function compareExpressionValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

function comparison(test: (c: number) => boolean) {
  return (obj: AnyObject, expr: unknown, options: Options): boolean => {
    if (!Array.isArray(expr) || expr.length !== 2) throw new CommandError(ErrorCodes.BadValue, 'comparison operators take exactly 2 arguments');
    const [a, b] = evalArgs(obj, expr, options);
    return test(compareExpressionValues(a, b));
  };
}

function arithmetic(op: NumericOp, name: string) {
  return (obj: AnyObject, expr: unknown, options: Options): unknown => {
    const args = evalArgs(obj, expr, options);
    if (args.some(isNil)) return null;
    // dates and non-numbers: mingo's own operator (date arithmetic, its error messages)
    if (args.length === 0) return op === 'multiply' ? 1 : 0;
    if (args.every((v) => typeof v === 'number')) {
      let acc = args[0] as number;
      for (const v of args.slice(1) as number[]) acc = op === 'add' ? acc + v : op === 'subtract' ? acc - v : acc * v;
      if (op === 'subtract' && args.length !== 2) throw new CommandError(ErrorCodes.BadValue, '$subtract takes exactly 2 arguments');
      return acc;
    }
    if (!args.every(isNumeric)) {
      const builtin = (expressionOperators as unknown as Record<string, (o: AnyObject, e: unknown, opts: Options) => unknown>)[name];
      return builtin?.(obj, expr, options);
    }
    if (op === 'subtract' && args.length !== 2) throw new CommandError(ErrorCodes.BadValue, '$subtract takes exactly 2 arguments');
    let acc: unknown = args[0];
    for (const v of args.slice(1)) acc = numericOp(acc, v, op);
    return viewNumber(acc);
  };
}

/** Sums BSON numbers with MongoDB's result type (non-numbers are ignored). */
function sumValues(values: unknown[]): unknown {
  const nums = values.filter(isNumeric);
  if (nums.every((v) => typeof v === 'number')) {
    let s = 0;
    for (const v of nums as number[]) s += v;
    return s;
  }
  let acc: unknown = new Int32(0);
  for (const v of nums) acc = numericOp(acc, v, 'add');
  return viewNumber(acc);
}

// In $group: the group's documents and the operand; in an expression ({$sum: [...]}): the evaluated values and null.
const $sumAccumulator = (collection: AnyObject[], expr: unknown, options: Options): unknown => {
  if (expr === null || expr === undefined) return sumValues(collection);
  if (isNumeric(expr)) return sumValues(collection.map(() => expr));
  const values = accumulatorOperators.$push(collection, expr, options) as unknown[];
  const rawExpr = rawOf(expr);
  return sumValues(values.map((v, i) => exactOperand(v, expr, rawExpr, collection[i])));
};

/** `$_bucketOf` (internal): the `_id` of the $bucket bucket a document falls in. */
const $bucketOf = (obj: AnyObject, expr: unknown, options: Options): unknown => {
  const spec = expr as { groupBy: unknown; boundaries: unknown[]; default?: unknown };
  const v = exactOperand(evalExpr(obj, spec.groupBy, options), spec.groupBy, undefined, obj);
  const b = spec.boundaries;
  for (let i = 0; i + 1 < b.length; i++) {
    if (compareValues(v, b[i]) >= 0 && compareValues(v, b[i + 1]) < 0) return b[i];
  }
  if ('default' in spec && spec.default !== undefined) return spec.default;
  throw new CommandError(ErrorCodes.Location40066, '$switch could not find a matching branch for an input, and no default was specified.');
};

const $bucket = (collection: Parameters<typeof pipelineOperators.$group>[0], expr: AnyObject, options: Options): ReturnType<typeof pipelineOperators.$group> => {
  const { groupBy, boundaries, output } = expr as { groupBy: unknown; boundaries: unknown; output?: unknown };
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw new CommandError(40192, "The $bucket 'boundaries' field must have at least 2 values");
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (compareValues(boundaries[i - 1], boundaries[i]) >= 0) {
      throw new CommandError(40194, "The 'boundaries' option to $bucket must be sorted in ascending order");
    }
  }
  if (typeof groupBy !== 'string' && !isPlainObject(groupBy)) {
    throw new CommandError(40202, "The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression");
  }
  const idSpec: Document = { groupBy, boundaries };
  if ('default' in expr) idSpec.default = expr.default;
  const acc = isPlainObject(output) ? output : { count: { $sum: 1 } };
  const grouped = pipelineOperators.$group(collection, { _id: { $_bucketOf: idSpec }, ...acc }, options);
  return grouped.transform((all) => Lazy((all as AnyObject[]).sort((x, y) => compareValues(x._id, y._id))) as never);
};

const EXPRESSION_OVERRIDES = {
  $gt: comparison((c) => c > 0),
  $gte: comparison((c) => c >= 0),
  $lt: comparison((c) => c < 0),
  $lte: comparison((c) => c <= 0),
  $eq: comparison((c) => c === 0),
  $ne: comparison((c) => c !== 0),
  $cmp: (obj: AnyObject, expr: unknown, options: Options): number => {
    if (!Array.isArray(expr) || expr.length !== 2) throw new CommandError(ErrorCodes.BadValue, '$cmp takes exactly 2 arguments');
    const [a, b] = evalArgs(obj, expr, options);
    return compareExpressionValues(a, b);
  },
  $add: arithmetic('add', '$add'),
  $subtract: arithmetic('subtract', '$subtract'),
  $multiply: arithmetic('multiply', '$multiply'),
  $_bucketOf: $bucketOf,
};

/**
 * True for a filter number compared exactly: a Long beyond 2^53 or a Decimal128 (a JS double cannot
 * stand for them), or a double of 2^53 or more (stored Longs near it have no exact double view).
 */
function needsExactMatch(v: unknown): v is Long | Decimal128 | Double {
  if (bsonTag(v) === 'Decimal128') return true;
  if (typeof v === 'number' || bsonTag(v) === 'Double') return Math.abs(toNumber(v)) >= 2 ** 53;
  if (bsonTag(v) !== 'Long') return false;
  const b = (v as Long).toBigInt();
  return b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER);
}

/** The view of a raw filter, except that Longs beyond 2^53 and Decimal128s stay BSON values (matched exactly, see exactQuery). */
function filterView(raw: unknown): unknown {
  if (needsExactMatch(raw)) return typeof raw === 'number' ? new DoubleValue(raw) : raw;
  if (Array.isArray(raw)) return raw.some(containsUnsafeLong) ? raw.map(filterView) : toView(raw);
  if (isPlainObject(raw)) {
    if (!containsUnsafeLong(raw)) return toView(raw);
    const out: Document = {};
    for (const [k, v] of Object.entries(raw)) out[k] = filterView(v);
    return out;
  }
  return toView(raw);
}

function containsUnsafeLong(v: unknown): boolean {
  if (needsExactMatch(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnsafeLong);
  if (isPlainObject(v)) return Object.values(v).some(containsUnsafeLong);
  return false;
}

type QueryOp = (selector: string, value: unknown, options: Options) => (obj: AnyObject) => boolean;

/** Document values at a path, raw (exact numbers) when the view document's raw document is known. */
function docValues(obj: AnyObject, selector: string): unknown[] {
  const raw = rawOf(obj);
  const vals = collectPathValues(raw ?? obj, selector, true);
  const whole = collectPathValues(raw ?? obj, selector, false).filter(Array.isArray);
  return [...vals, ...whole];
}

function equalsExactly(a: unknown, b: unknown): boolean {
  if (typeof b === 'bigint' || isNumeric(b)) return isNumeric(a) && compareNumeric(a, b) === 0;
  return compareValues(a, toView(b)) === 0 || compareValues(toView(a), b) === 0;
}

/** Wraps mingo's query operator: filter values a double cannot hold (kept as BSON values in the filter view) compare exactly. */
function exactQuery(name: string, test: (values: unknown[], value: unknown) => boolean): QueryOp {
  const builtin = (queryOperators as unknown as Record<string, QueryOp>)[name] as QueryOp;
  return (selector, value, options) => {
    const exact = needsExactMatch(value) || (Array.isArray(value) && value.some(needsExactMatch));
    if (!exact) return builtin(selector, value, options);
    return (obj) => test(docValues(obj, selector), value);
  };
}

const numericTest = (t: (c: number) => boolean) => (values: unknown[], value: unknown) =>
  values.some((v) => isNumeric(v) && t(compareNumeric(v, value)));
const inTest = (values: unknown[], value: unknown) =>
  (value as unknown[]).some((x) => values.some((v) => equalsExactly(v, x)) || (x === null && values.length === 0));

const QUERY_OVERRIDES = {
  $eq: exactQuery('$eq', numericTest((c) => c === 0)),
  $ne: exactQuery('$ne', (vs, v) => !numericTest((c) => c === 0)(vs, v)),
  $gt: exactQuery('$gt', numericTest((c) => c > 0)),
  $gte: exactQuery('$gte', numericTest((c) => c >= 0)),
  $lt: exactQuery('$lt', numericTest((c) => c < 0)),
  $lte: exactQuery('$lte', numericTest((c) => c <= 0)),
  $in: exactQuery('$in', inTest),
  $nin: exactQuery('$nin', (vs, v) => !inTest(vs, v)),
};

/** mingo's operators with this server's MongoDB-conformant replacements. */
export const MONGO_CONTEXT: Context = Context.init({
  accumulator: { ...accumulatorOperators, $sum: $sumAccumulator } as never,
  expression: { ...expressionOperators, ...EXPRESSION_OVERRIDES } as never,
  pipeline: { ...pipelineOperators, $bucket } as never,
  projection: projectionOperators as never,
  query: { ...queryOperators, ...QUERY_OVERRIDES } as never,
  window: windowOperators as never,
});

/** A mingo Aggregator running with {@link MONGO_CONTEXT}. */
export class Aggregator extends MingoAggregator {
  constructor(pipeline: AnyObject[], options?: Partial<Options>) {
    super(pipeline, { ...options, context: MONGO_CONTEXT });
  }
}

/** A mingo Query running with {@link MONGO_CONTEXT} (`$expr` uses the expression operators above). */
export class Query<T = AnyObject> extends MingoQuery<T> {
  constructor(condition: AnyObject, options?: Partial<Options>) {
    // Longs beyond 2^53 and Decimal128s are matched exactly: the filter keeps them as BSON values (see exactQuery)
    const raw = rawOf(condition);
    const view = raw !== undefined && containsUnsafeLong(raw) ? (filterView(raw) as AnyObject) : condition;
    super(view as never, { ...options, context: MONGO_CONTEXT });
  }
}
