// Read commands: find, getMore, killCursors, count and distinct.
import type { Document } from '../bson-values.js';
import { isPlainObject, isTruthy, optionalNumber } from '../bson-values.js';
import { canonicalKey } from '../canonical.js';
import type { CommandHandler } from '../command-context.js';
import { compareValues } from '../compare.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from '../errors.js';
import { collectPathValues } from '../paths.js';
import { compileProjection } from '../projection.js';
import { parseSort } from '../sort.js';
import { checkFields, collectionArg, findMatching, nonNegative, notInTransaction, rejectCollation } from './helpers.js';

/** `find` command. */
export const find: CommandHandler = (ctx) => {
  checkFields(ctx, ['filter', 'sort', 'projection', 'skip', 'limit', 'batchSize', 'singleBatch', 'noCursorTimeout', 'collation', 'let', 'returnKey', 'showRecordId', 'allowPartialResults']);
  rejectCollation(ctx.cmd.collation);
  if (ctx.cmd.let != null) throw notImplemented("the 'let' option");
  if (isTruthy(ctx.cmd.returnKey) || isTruthy(ctx.cmd.showRecordId)) throw notImplemented('returnKey/showRecordId');
  const coll = collectionArg(ctx);
  const cmd = ctx.cmd;
  if (cmd.filter !== undefined && !isPlainObject(cmd.filter)) {
    throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'FindCommandRequest.filter' is the wrong type, expected type 'object'");
  }
  let limit = optionalNumber(cmd.limit);
  let singleBatch = isTruthy(cmd.singleBatch);
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const skip = nonNegative(cmd.skip, 'skip');
  const batchSize = nonNegative(cmd.batchSize, 'batchSize');
  const project = compileProjection(cmd.projection, cmd.filter);
  const matches = findMatching(ctx.ws, ctx.db, coll, cmd.filter, { sort: parseSort(cmd.sort), skip, limit: limit === 0 ? undefined : limit });
  const docs = matches.map(([, d]) => (project ? project(d.raw) : d.raw));
  const firstBatch = singleBatch && batchSize === undefined && limit !== undefined && limit > 0 ? limit : batchSize;
  const cursor = ctx.cursors.open(`${ctx.db}.${coll}`, docs, firstBatch, singleBatch, isTruthy(cmd.noCursorTimeout));
  return { cursor };
};

/** `getMore` command. */
export const getMore: CommandHandler = (ctx) => {
  checkFields(ctx, ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime']);
  if (typeof ctx.cmd.collection !== 'string') throw badValue("BSON field 'getMore.collection' is missing but a required field");
  const cursor = ctx.cursors.getMore(ctx.cmd.getMore, ctx.cmd.collection, nonNegative(ctx.cmd.batchSize, 'batchSize'));
  return { cursor };
};

/** `killCursors` command. */
export const killCursors: CommandHandler = (ctx) => {
  checkFields(ctx, ['cursors']);
  const ids = Array.isArray(ctx.cmd.cursors) ? ctx.cmd.cursors : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
};

/** `count` command. */
export const count: CommandHandler = (ctx) => {
  checkFields(ctx, ['query', 'limit', 'skip', 'collation', 'fields']);
  notInTransaction(ctx);
  rejectCollation(ctx.cmd.collation);
  const coll = collectionArg(ctx);
  const limit = Math.abs(optionalNumber(ctx.cmd.limit) ?? 0);
  const skip = nonNegative(ctx.cmd.skip, 'skip');
  const state = ctx.ws.read(ctx.db, coll);
  const q = ctx.cmd.query;
  const empty = q === undefined || q === null || (isPlainObject(q) && Object.keys(q).length === 0);
  if (state !== undefined && empty && skip === undefined && limit === 0) return { n: state.docs.size };
  const n = findMatching(ctx.ws, ctx.db, coll, q ?? {}, { skip, limit: limit === 0 ? undefined : limit }).length;
  return { n };
};

/** `distinct` command. */
export const distinct: CommandHandler = (ctx) => {
  checkFields(ctx, ['key', 'query', 'collation']);
  rejectCollation(ctx.cmd.collation);
  const coll = collectionArg(ctx);
  const key = ctx.cmd.key;
  if (typeof key !== 'string') throw badValue("BSON field 'distinct.key' is missing but a required field");
  const seen = new Map<string, unknown>();
  for (const [, doc] of findMatching(ctx.ws, ctx.db, coll, ctx.cmd.query ?? {})) {
    for (const v of collectPathValues(doc.raw, key, true)) {
      if (v === undefined) continue;
      const k = canonicalKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  const values: Document[] | unknown[] = [...seen.values()].sort(compareValues);
  return { values };
};
