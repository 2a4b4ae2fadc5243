// Generic command options that change the answer: writeConcern, hint and maxTimeMS are honoured or refused.
import type { Document } from './bson-values.js';
import { isNumeric, isPlainObject, toNumber } from './bson-values.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { valuesEqual } from './compare.js';
import { CommandError, ErrorCodes, badValue } from './errors.js';
import type { Workspace } from './workspace.js';

/** Commands whose top-level `hint` names an index of the target collection. */
const HINTED_COMMANDS = new Set(['find', 'count', 'aggregate', 'findAndModify', 'findandmodify', 'distinct']);

/** Commands that honour `maxTimeMS` (reads; they run to completion, then fail when they took too long). */
const TIMED_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct']);

function sameKeyPattern(a: Document, b: Document): boolean {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && valuesEqual(v, eb[i]?.[1]));
}

/**
 * Refuses a `hint` that does not name an index of the collection (code 2, as mongod), like MongoDB.
 * A hint that names an existing index is honoured: every plan gives the same answer.
 * @param ws - Where the collection is read.
 * @param db - The database.
 * @param coll - The collection.
 * @param hint - The hint (index name or key pattern; `{$natural: ±1}` is always valid).
 */
export function checkHint(ws: Workspace, db: string, coll: string, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  if (typeof hint === 'string' && hint === '') return;
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return;
  if (isPlainObject(hint) && Object.keys(hint)[0] === '$natural') return;
  if (typeof hint !== 'string' && !isPlainObject(hint)) throw badValue('hint must be a string or an object');
  const state = ws.read(db, coll);
  if (state === undefined) return; // MongoDB answers an empty result for a missing collection
  const specs: Document[] = [{ key: { _id: 1 }, name: '_id_' }, ...state.indexes.map((ix) => ix.def.spec)];
  const found = specs.some((s) => (typeof hint === 'string' ? s.name === hint : isPlainObject(s.key) && sameKeyPattern(s.key, hint)));
  if (!found) throw badValue('error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
}

/** Returns the `writeConcernError` MongoDB reports for a write concern a one-member replica set cannot satisfy. */
function writeConcernError(wc: unknown): Document | undefined {
  if (!isPlainObject(wc)) return undefined;
  const w = wc.w;
  if (w === undefined || w === null || w === 'majority') return undefined;
  if (isNumeric(w)) {
    const n = toNumber(w);
    if (n <= 1) return undefined;
    return { code: ErrorCodes.UnsatisfiableWriteConcern, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes' };
  }
  if (typeof w === 'string') {
    return {
      code: ErrorCodes.UnknownReplWriteConcern,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${w}' found in replica set configuration`,
    };
  }
  return undefined;
}

function maxTimeMS(cmd: Document): number | undefined {
  const v = cmd.maxTimeMS;
  if (v === undefined || v === null) return undefined;
  if (!isNumeric(v) || !Number.isInteger(toNumber(v)) || toNumber(v) < 0 || toNumber(v) > 0x7fffffff) {
    throw badValue(`${String(v)} value for maxTimeMS is out of range [0, 2147483647]`);
  }
  const n = toNumber(v);
  return n === 0 ? undefined : n;
}

/**
 * Runs a command handler honouring the generic options: a `hint` must name an existing index, a
 * read taking longer than `maxTimeMS` fails with MaxTimeMSExpired (50), and a write concern the
 * one-member replica set cannot satisfy is reported as `writeConcernError` (the write is applied, as
 * in MongoDB).
 * @param ctx - The command context.
 * @param handler - The command implementation.
 */
export function runWithOptions(ctx: CommandContext, handler: CommandHandler): Document {
  const name = Object.keys(ctx.cmd)[0] as string;
  const target = ctx.cmd[name];
  if (HINTED_COMMANDS.has(name) && typeof target === 'string') checkHint(ctx.ws, ctx.db, target, ctx.cmd.hint);
  const limit = TIMED_COMMANDS.has(name) ? maxTimeMS(ctx.cmd) : undefined;
  const started = limit === undefined ? 0 : performance.now();
  const reply = handler(ctx);
  if (limit !== undefined && performance.now() - started > limit) {
    const cursor = reply.cursor;
    if (isPlainObject(cursor) && cursor.id !== undefined) ctx.cursors.kill([cursor.id]);
    throw new CommandError(ErrorCodes.MaxTimeMSExpired, 'operation exceeded time limit');
  }
  const wcError = writeConcernError(ctx.cmd.writeConcern);
  if (wcError !== undefined) reply.writeConcernError = wcError;
  return reply;
}
