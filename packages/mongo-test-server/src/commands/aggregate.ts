// The aggregate command: runs pipelines through mingo on document views ($sort uses BSON order).
import { Aggregator } from '../mingo-context.js';
import type { Document } from '../bson-values.js';
import { fromViewDoc, isNumeric, isPlainObject, toNumber, toView, toViewDoc } from '../bson-values.js';
import type { CommandContext, CommandHandler } from '../command-context.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from '../errors.js';
import type { CollectionState } from '../collection-state.js';
import type { Matcher } from '../query.js';
import { compileFilter } from '../query.js';
import { matchingEntries } from '../query-plan.js';
import type { StoredDoc } from '../stored-doc.js';
import { parseSort, sortBy } from '../sort.js';
import { canonicalKey } from '../canonical.js';
import { checkCollectionName } from '../catalog.js';
import { checkFields, cursorBatchSize, rejectCollation } from './helpers.js';

const UNSUPPORTED_STAGES = new Set([
  '$out',
  '$merge',
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$changeStream',
  '$collStats',
  '$indexStats',
  '$listSessions',
  '$listLocalSessions',
  '$currentOp',
  '$planCacheStats',
  '$listSearchIndexes',
]);

function checkStages(pipeline: unknown[]): void {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(ErrorCodes.Location40324, 'A pipeline stage specification object must contain exactly one field.');
    }
    const [name, spec] = Object.entries(stage)[0] as [string, unknown];
    if (UNSUPPORTED_STAGES.has(name)) throw notImplemented(`the ${name} aggregation stage`);
    if (isPlainObject(spec)) {
      if (Array.isArray(spec.pipeline)) checkStages(spec.pipeline);
      if (name === '$facet') for (const sub of Object.values(spec)) if (Array.isArray(sub)) checkStages(sub);
    }
  }
}

/** Documents streamed from a collection into a pipeline: `[_id key, record]` in natural order. */
export type CollectionInput = Iterable<[string, StoredDoc]>;

/**
 * Runs a pipeline over raw documents (or documents streamed from a collection, converted one at a
 * time as the pipeline pulls them) and returns raw results.
 */
export function runPipeline(ctx: CommandContext, source: Document[] | CollectionInput, pipeline: unknown[]): Document[] {
  const resolver = (name: string): Document[] => {
    const state = ctx.ws.read(ctx.db, name);
    if (state === undefined) return [];
    return [...state.docs.values()].map((d) => toViewDoc(d.raw));
  };
  let current: Document[] = Array.isArray(source) ? source : [];
  let stream: CollectionInput | undefined = Array.isArray(source) ? undefined : source;
  const materialize = (): void => {
    if (stream === undefined) return;
    current = Array.from(stream, ([, d]) => d.raw);
    stream = undefined;
  };
  let segment: Document[] = [];
  const flush = (): void => {
    if (segment.length === 0) return;
    // raw documents by _id: outputs that keep an _id reuse the original BSON number types where values are unchanged
    const byId = new Map<string, Document>();
    let views: Iterable<Document>;
    if (stream !== undefined) {
      const input = stream;
      stream = undefined;
      views = (function* () {
        for (const [idKey, d] of input) {
          byId.set(idKey, d.raw);
          yield toViewDoc(d.raw);
        }
      })();
    } else {
      views = current.map(toViewDoc);
      for (const d of current) if (d._id !== undefined) byId.set(canonicalKey(d._id), d);
    }
    let out: Document[];
    try {
      out = new Aggregator(toView(segment) as Document[], { collectionResolver: resolver }).run(views);
    } catch (err) {
      if (err instanceof CommandError) throw err;
      throw badValue(err instanceof Error ? err.message : String(err));
    }
    current = out.map((d) => fromViewDoc(d, d._id === undefined ? undefined : byId.get(canonicalKey(d._id))));
    segment = [];
  };
  for (const stage of pipeline as Document[]) {
    if (stage.$sort !== undefined) {
      flush();
      materialize();
      const spec = parseSort(stage.$sort);
      if (spec === undefined) throw badValue('$sort stage must have at least one sort key');
      current = sortBy(current, spec, (d) => d);
    } else {
      segment.push(stage);
      // after a grouping stage, its results (exact Long/Decimal128 sums) are seen by later stages as numbers
      if (stage.$group !== undefined || stage.$bucket !== undefined || stage.$bucketAuto !== undefined) flush();
    }
  }
  flush();
  materialize();
  return current;
}

/** The documents of a collection that match a filter (all without one), lazily, in natural order. */
function matching(state: CollectionState, filter: unknown, matcher: Matcher | undefined): Iterable<[string, StoredDoc]> {
  return matcher === undefined ? state.docs : matchingEntries(state, filter, matcher);
}

function numberArg(v: unknown): number | undefined {
  return isNumeric(v) ? toNumber(v) : undefined;
}

/**
 * Answers a counting pipeline (what `countDocuments` sends after its `$match`: optional `$skip` and
 * `$limit`, then `{ $group: { _id: <constant>, n: { $sum: 1 } } }`) without converting documents;
 * with no filter, from the collection size. Undefined for any other pipeline.
 */
function countOnly(state: CollectionState, filter: unknown, matcher: Matcher | undefined, stages: unknown[]): Document[] | undefined {
  const last = stages[stages.length - 1];
  if (!isPlainObject(last) || !isPlainObject(last.$group) || Object.keys(last).length !== 1) return undefined;
  const group = last.$group;
  const keys = Object.keys(group);
  if (keys.length !== 2 || keys[0] !== '_id') return undefined;
  const id = group._id;
  if (!(id === null || isNumeric(id) || (typeof id === 'string' && !id.startsWith('$')))) return undefined;
  const field = keys[1] as string;
  const acc = group[field];
  if (field.includes('.') || !isPlainObject(acc) || Object.keys(acc).length !== 1 || numberArg(acc.$sum) !== 1) return undefined;
  let skip = 0;
  let limit = Infinity;
  for (const stage of stages.slice(0, -1)) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) return undefined;
    const s = numberArg(stage.$skip);
    const l = numberArg(stage.$limit);
    if (s !== undefined && Number.isInteger(s) && s >= 0 && limit === Infinity) skip += s;
    else if (l !== undefined && Number.isInteger(l) && l > 0) limit = Math.min(limit, l);
    else return undefined;
  }
  let n = 0;
  if (matcher === undefined || matcher.matchesAll) n = state.docs.size;
  else for (const _ of matching(state, filter, matcher)) n++;
  n = Math.min(Math.max(0, n - skip), limit);
  return n === 0 ? [] : [{ _id: id, [field]: n }];
}

/** `aggregate` command. */
export const aggregate: CommandHandler = (ctx) => {
  checkFields(ctx, ['pipeline', 'cursor', 'explain', 'collation', 'let', 'fromMongos', 'needsMerge']);
  rejectCollation(ctx.cmd.collation);
  if (ctx.cmd.explain != null) throw notImplemented('explain');
  if (ctx.cmd.let != null) throw notImplemented("the 'let' option of aggregate");
  const pipeline = ctx.cmd.pipeline;
  if (!Array.isArray(pipeline)) throw badValue("'pipeline' option must be specified as an array");
  if (!isPlainObject(ctx.cmd.cursor)) throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  checkStages(pipeline);
  const target = ctx.cmd.aggregate;
  let source: Document[] | CollectionInput = [];
  let ns: string;
  let stages = pipeline;
  if (typeof target === 'string') {
    const coll = checkCollectionName(ctx.db, target);
    ns = `${ctx.db}.${coll}`;
    const state = ctx.ws.read(ctx.db, coll);
    if (state !== undefined) {
      // the collection is streamed into the pipeline; a first $match picks its candidates with the query planner
      const first = stages[0];
      let filter: unknown;
      let matcher: Matcher | undefined;
      if (isPlainObject(first) && isPlainObject(first.$match)) {
        filter = first.$match;
        matcher = compileFilter(filter);
        stages = stages.slice(1);
      }
      const counted = countOnly(state, filter, matcher, stages);
      if (counted !== undefined) return { cursor: ctx.cursors.open(ns, counted, cursorBatchSize(ctx.cmd)) };
      source = matching(state, filter, matcher);
    }
  } else {
    ns = `${ctx.db}.$cmd.aggregate`;
    const first = stages[0];
    if (!isPlainObject(first) || first.$documents === undefined) {
      throw new CommandError(ErrorCodes.InvalidNamespace, "{aggregate: 1} is not valid for '$match'; a collection is required.");
    }
  }
  const results = runPipeline(ctx, source, stages);
  return { cursor: ctx.cursors.open(ns, results, cursorBatchSize(ctx.cmd)) };
};
