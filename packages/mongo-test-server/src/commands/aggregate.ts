// The aggregate command: runs pipelines through mingo on document views ($sort uses BSON order).
import { Aggregator } from 'mingo';
import type { Document } from '../bson-values.js';
import { fromViewDoc, isPlainObject, toView, toViewDoc } from '../bson-values.js';
import type { CommandContext, CommandHandler } from '../command-context.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from '../errors.js';
import { compileFilter } from '../query.js';
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

/** Runs a pipeline over raw documents and returns raw results. */
export function runPipeline(ctx: CommandContext, source: Document[], pipeline: unknown[]): Document[] {
  const resolver = (name: string): Document[] => {
    const state = ctx.ws.read(ctx.db, name);
    if (state === undefined) return [];
    return [...state.docs.values()].map((d) => toViewDoc(d.raw));
  };
  let current: Document[] = source;
  let segment: Document[] = [];
  const flush = (): void => {
    if (segment.length === 0) return;
    const views = current.map(toViewDoc);
    // raw documents by _id: outputs that keep an _id reuse the original BSON number types where values are unchanged
    const byId = new Map<string, Document>();
    for (const d of current) if (d._id !== undefined) byId.set(canonicalKey(d._id), d);
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
      const spec = parseSort(stage.$sort);
      if (spec === undefined) throw badValue('$sort stage must have at least one sort key');
      current = sortBy(current, spec, (d) => d);
    } else segment.push(stage);
  }
  flush();
  return current;
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
  let source: Document[] = [];
  let ns: string;
  let stages = pipeline;
  if (typeof target === 'string') {
    const coll = checkCollectionName(ctx.db, target);
    ns = `${ctx.db}.${coll}`;
    const state = ctx.ws.read(ctx.db, coll);
    if (state !== undefined) {
      const first = stages[0];
      if (isPlainObject(first) && isPlainObject(first.$match)) {
        const m = compileFilter(first.$match);
        stages = stages.slice(1);
        for (const d of state.docs.values()) if (m.test(d)) source.push(d.raw);
      } else source = [...state.docs.values()].map((d) => d.raw);
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
