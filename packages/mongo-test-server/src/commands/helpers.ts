// Shared helpers for command handlers: argument parsing, document lookup and option checks.
import type { Document } from '../bson-values.js';
import { isPlainObject, optionalNumber } from '../bson-values.js';
import { checkCollectionName } from '../catalog.js';
import type { CommandContext } from '../command-context.js';
import { CommandError, ErrorCodes, notImplemented } from '../errors.js';
import { compileFilter } from '../query.js';
import { matchingEntries } from '../query-plan.js';
import type { SortSpec } from '../sort.js';
import { sortBy } from '../sort.js';
import type { StoredDoc } from '../stored-doc.js';
import type { Workspace } from '../workspace.js';

/** Returns the collection name given as the command's first field value. */
export function collectionArg(ctx: CommandContext): string {
  const name = Object.keys(ctx.cmd)[0] as string;
  return checkCollectionName(ctx.db, ctx.cmd[name]);
}

/** Fields every command may carry that this server ignores. */
const GENERIC_FIELDS = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'readConcern',
  'writeConcern',
  '$readPreference',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'bypassDocumentValidation',
  'allowDiskUse',
  'hint',
  '$audit',
  '$client',
  'mayBypassWriteBlocking',
]);

/** Throws NotImplemented for any top-level command field not in `allowed` (generic fields are always allowed). */
export function checkFields(ctx: CommandContext, allowed: readonly string[]): void {
  const name = Object.keys(ctx.cmd)[0] as string;
  for (const [k, v] of Object.entries(ctx.cmd)) {
    if (k === name || GENERIC_FIELDS.has(k) || allowed.includes(k) || v == null) continue;
    throw notImplemented(`the '${k}' option of the ${name} command`);
  }
}

/** Throws NotImplemented when a collation is requested. */
export function rejectCollation(v: unknown): void {
  if (v !== undefined && v !== null && !(isPlainObject(v) && (v.locale === 'simple' || Object.keys(v).length === 0))) {
    throw notImplemented('collations');
  }
}

/** Throws when a command is not allowed inside a multi-document transaction. */
export function notInTransaction(ctx: CommandContext): void {
  if (ctx.ws.inTransaction) {
    const name = Object.keys(ctx.cmd)[0] as string;
    throw new CommandError(ErrorCodes.OperationNotSupportedInTransaction, `Cannot run '${name}' in a multi-document transaction.`);
  }
}

/** Options for {@link findMatching}. */
export interface FindOptions {
  /** Sort specification. */
  readonly sort?: SortSpec;
  /** Documents to skip. */
  readonly skip?: number;
  /** Maximum number of documents (0/undefined = no limit). */
  readonly limit?: number;
}

/** Returns the stored documents matching a filter, sorted/skipped/limited. */
export function findMatching(ws: Workspace, db: string, coll: string, filter: unknown, opts: FindOptions = {}): Array<[string, StoredDoc]> {
  const state = ws.read(db, coll);
  if (state === undefined) return [];
  const matcher = compileFilter(filter);
  let out: Array<[string, StoredDoc]> = [];
  const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : undefined;
  const skip = opts.skip ?? 0;
  const earlyStop = opts.sort === undefined && limit !== undefined ? skip + limit : undefined;
  for (const entry of matchingEntries(state, filter, matcher)) {
    out.push(entry);
    if (earlyStop !== undefined && out.length >= earlyStop) break;
  }
  if (opts.sort !== undefined) out = sortBy(out, opts.sort, (e) => e[1].raw);
  if (skip > 0 || limit !== undefined) out = out.slice(skip, limit === undefined ? undefined : skip + limit);
  return out;
}

/** Reads a non-negative integer option. */
export function nonNegative(v: unknown, name: string): number | undefined {
  const n = optionalNumber(v);
  if (n === undefined) return undefined;
  if (n < 0) throw new CommandError(ErrorCodes.BadValue, `${name} value must be non-negative, but received: ${n}`);
  return Math.trunc(n);
}

/** Returns `cursor.batchSize` of a command. */
export function cursorBatchSize(cmd: Document): number | undefined {
  const c = cmd.cursor;
  if (!isPlainObject(c)) return undefined;
  return nonNegative(c.batchSize, 'batchSize');
}
