// Write commands: insert, update, delete and findAndModify.
import { ObjectId, calculateObjectSize } from 'bson';
import type { Document } from '../bson-values.js';
import { isPlainObject, isTruthy, optionalNumber } from '../bson-values.js';
import { canonicalKey } from '../canonical.js';
import type { CommandContext, CommandHandler } from '../command-context.js';
import { checkHint } from '../command-options.js';
import { CommandError, ErrorCodes, badValue, notImplemented, toCommandError } from '../errors.js';
import { compileProjection } from '../projection.js';
import { parseSort } from '../sort.js';
import { applyUpdate, idFirst, updateKind } from '../update.js';
import { buildUpsertDocument } from '../upsert.js';
import { checkFields, collectionArg, findMatching, rejectCollation } from './helpers.js';

function writeError(index: number, err: unknown): Document {
  const ce = toCommandError(err);
  if (ce.code === ErrorCodes.WriteConflict) throw ce;
  return { index, code: ce.code, errmsg: ce.message, ...ce.extra };
}

function prepareForInsert(doc: unknown): Document {
  if (!isPlainObject(doc)) throw badValue('document to insert must be an object');
  if (Array.isArray(doc._id)) throw new CommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type array");
  if (doc._id instanceof RegExp) throw new CommandError(ErrorCodes.InvalidIdField, "can't use a regex for _id");
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  return idFirst(doc);
}

/** MongoDB's largest user document (BSON bytes). */
export const MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;

/** Refuses a document to insert that is larger than 16 MiB, as mongod does (BadValue). */
function checkInsertSize(doc: Document): Document {
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_SIZE) throw badValue(`object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_SIZE}`);
  return doc;
}

/** Refuses an update's resulting document (17419) or an upsert's new document (17420) larger than 16 MiB. */
function checkUpdateSize(doc: Document, upsert: boolean): Document {
  if (calculateObjectSize(doc) <= MAX_DOCUMENT_SIZE) return doc;
  if (upsert) throw new CommandError(ErrorCodes.Location17420, `Document to upsert is larger than ${MAX_DOCUMENT_SIZE}`);
  throw new CommandError(ErrorCodes.Location17419, `Resulting document after update is larger than ${MAX_DOCUMENT_SIZE}`);
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
}

/** `insert` command. */
export const insert: CommandHandler = (ctx: CommandContext) => {
  checkFields(ctx, ['documents', 'ordered']);
  const coll = collectionArg(ctx);
  const docs = ctx.cmd.documents;
  if (!Array.isArray(docs)) throw badValue("The 'documents' field must be an array");
  const ordered = ctx.cmd.ordered !== false;
  const writer = ctx.ws.writer(ctx.db, coll);
  let n = 0;
  const writeErrors: Document[] = [];
  docs.forEach((doc, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      writer.insert(checkInsertSize(prepareForInsert(doc)));
      n++;
    } catch (err) {
      writeErrors.push(writeError(index, err));
    }
  });
  return withErrors({ n }, writeErrors);
};

interface UpdateOutcome {
  n: number;
  nModified: number;
  upsertedId?: unknown;
}

function runUpdate(ctx: CommandContext, coll: string, spec: Document): UpdateOutcome {
  for (const [k, v] of Object.entries(spec)) {
    if (v != null && !['q', 'u', 'upsert', 'multi', 'arrayFilters', 'hint', 'collation', 'sort', 'c', 'upsertSupplied'].includes(k)) {
      throw badValue(`BSON field 'update.updates.${k}' is an unknown field.`);
    }
  }
  if (spec.c != null) throw notImplemented("the 'c' (let) option of update statements");
  rejectCollation(spec.collation);
  checkHint(ctx.ws, ctx.db, coll, spec.hint);
  const filter = isPlainObject(spec.q) ? spec.q : {};
  const multi = isTruthy(spec.multi);
  const kind = updateKind(spec.u);
  if (multi && kind === 'replacement') throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
  const arrayFilters = Array.isArray(spec.arrayFilters) ? spec.arrayFilters : undefined;
  const writer = ctx.ws.writer(ctx.db, coll);
  const sort = parseSort(spec.sort);
  const targets = findMatching(ctx.ws, ctx.db, coll, filter, { sort, limit: multi ? undefined : 1 });
  if (targets.length === 0) {
    if (!isTruthy(spec.upsert)) return { n: 0, nModified: 0 };
    const doc = checkUpdateSize(buildUpsertDocument(filter, spec.u, arrayFilters), true);
    writer.insert(doc);
    return { n: 1, nModified: 0, upsertedId: doc._id };
  }
  let nModified = 0;
  for (const [idKey, stored] of targets) {
    const next = applyUpdate(stored.raw, spec.u, { arrayFilters, filter });
    if (canonicalKey(next) !== canonicalKey(stored.raw)) {
      checkUpdateSize(next, false);
      writer.replace(idKey, next);
      nModified++;
    }
  }
  return { n: targets.length, nModified };
}

/** `update` command. */
export const update: CommandHandler = (ctx) => {
  checkFields(ctx, ['updates', 'ordered', 'let']);
  if (ctx.cmd.let != null) throw notImplemented("the 'let' option");
  const coll = collectionArg(ctx);
  const updates = ctx.cmd.updates;
  if (!Array.isArray(updates)) throw badValue("The 'updates' field must be an array");
  const ordered = ctx.cmd.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  updates.forEach((spec, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      if (!isPlainObject(spec)) throw badValue('update statement must be an object');
      const r = runUpdate(ctx, coll, spec);
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index, _id: r.upsertedId });
    } catch (err) {
      writeErrors.push(writeError(index, err));
    }
  });
  const reply: Document = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
};

/** `delete` command. */
export const del: CommandHandler = (ctx) => {
  checkFields(ctx, ['deletes', 'ordered', 'let']);
  if (ctx.cmd.let != null) throw notImplemented("the 'let' option");
  const coll = collectionArg(ctx);
  const deletes = ctx.cmd.deletes;
  if (!Array.isArray(deletes)) throw badValue("The 'deletes' field must be an array");
  const ordered = ctx.cmd.ordered !== false;
  let n = 0;
  const writeErrors: Document[] = [];
  deletes.forEach((spec, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      if (!isPlainObject(spec)) throw badValue('delete statement must be an object');
      rejectCollation(spec.collation);
      checkHint(ctx.ws, ctx.db, coll, spec.hint);
      const limit = optionalNumber(spec.limit) ?? 0;
      if (limit !== 0 && limit !== 1) throw badValue('The limit field in delete objects must be 0 or 1');
      if (ctx.ws.read(ctx.db, coll) === undefined) return;
      const writer = ctx.ws.writer(ctx.db, coll);
      const targets = findMatching(ctx.ws, ctx.db, coll, spec.q ?? {}, { limit: limit === 1 ? 1 : undefined });
      for (const [idKey] of targets) writer.remove(idKey);
      n += targets.length;
    } catch (err) {
      writeErrors.push(writeError(index, err));
    }
  });
  return withErrors({ n }, writeErrors);
};

/** `findAndModify` command. */
export const findAndModify: CommandHandler = (ctx) => {
  checkFields(ctx, ['query', 'sort', 'remove', 'update', 'new', 'fields', 'upsert', 'arrayFilters', 'collation', 'let']);
  if (ctx.cmd.let != null) throw notImplemented("the 'let' option");
  rejectCollation(ctx.cmd.collation);
  const coll = collectionArg(ctx);
  const cmd = ctx.cmd;
  const filter = isPlainObject(cmd.query) ? cmd.query : {};
  const remove = isTruthy(cmd.remove);
  if (remove && cmd.update !== undefined) throw badValue('Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined) throw badValue('Either an update or remove=true must be specified');
  if (remove && isTruthy(cmd.upsert)) throw badValue('Cannot specify both upsert=true and remove=true');
  const project = compileProjection(cmd.fields, filter);
  const out = (doc: Document | undefined): Document | null => (doc === undefined ? null : project ? project(doc) : doc);
  const writer = ctx.ws.writer(ctx.db, coll);
  const [target] = findMatching(ctx.ws, ctx.db, coll, filter, { sort: parseSort(cmd.sort), limit: 1 });
  if (remove) {
    if (target === undefined) return { lastErrorObject: { n: 0 }, value: null };
    writer.remove(target[0]);
    return { lastErrorObject: { n: 1 }, value: out(target[1].raw) };
  }
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? cmd.arrayFilters : undefined;
  if (target === undefined) {
    if (!isTruthy(cmd.upsert)) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
    const doc = checkUpdateSize(buildUpsertDocument(filter, cmd.update, arrayFilters), true);
    writer.insert(doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: isTruthy(cmd.new) ? out(doc) : null,
    };
  }
  const [idKey, stored] = target;
  const next = applyUpdate(stored.raw, cmd.update, { arrayFilters, filter });
  if (canonicalKey(next) !== canonicalKey(stored.raw)) writer.replace(idKey, checkUpdateSize(next, false));
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: out(isTruthy(cmd.new) ? next : stored.raw) };
};
