// Collection and index management commands: create, drop, renameCollection, listCollections and index commands.
import type { Document } from '../bson-values.js';
import { isPlainObject, isTruthy, toView } from '../bson-values.js';
import { canonicalKey } from '../canonical.js';
import { checkCollectionName } from '../catalog.js';
import type { CommandHandler } from '../command-context.js';
import { CommandError, ErrorCodes, badValue, notImplemented } from '../errors.js';
import { formatDoc } from '../format.js';
import { parseIndexSpec } from '../index-spec.js';
import { compileFilter } from '../query.js';
import { checkFields, collectionArg, cursorBatchSize, notInTransaction } from './helpers.js';

const ID_INDEX: Document = { v: 2, key: { _id: 1 }, name: '_id_' };

/** `create` command. */
export const create: CommandHandler = (ctx) => {
  const unsupported = ['capped', 'size', 'max', 'validator', 'viewOn', 'pipeline', 'timeseries', 'clusteredIndex', 'collation', 'changeStreamPreAndPostImages', 'encryptedFields', 'expireAfterSeconds'];
  for (const k of unsupported) if (ctx.cmd[k] != null) throw notImplemented(`the '${k}' option of create`);
  checkFields(ctx, ['validationLevel', 'validationAction', 'storageEngine', 'indexOptionDefaults', 'idIndex', 'autoIndexId']);
  const name = collectionArg(ctx);
  ctx.catalog.create(ctx.db, name, {});
  return {};
};

/** `drop` command. */
export const drop: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  const name = collectionArg(ctx);
  const meta = ctx.catalog.get(ctx.db, name);
  if (meta === undefined) return {};
  ctx.catalog.drop(ctx.db, name);
  return { nIndexesWas: meta.state.indexes.length + 1, ns: `${ctx.db}.${name}` };
};

/** `renameCollection` command (admin). */
export const renameCollection: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  checkFields(ctx, ['to', 'dropTarget', 'stayTemp']);
  const from = ctx.cmd.renameCollection;
  const to = ctx.cmd.to;
  if (typeof from !== 'string' || typeof to !== 'string' || !from.includes('.') || !to.includes('.')) {
    throw new CommandError(ErrorCodes.InvalidNamespace, 'Invalid namespace specified');
  }
  const [fdb, fcoll] = [from.slice(0, from.indexOf('.')), from.slice(from.indexOf('.') + 1)];
  const [tdb, tcoll] = [to.slice(0, to.indexOf('.')), to.slice(to.indexOf('.') + 1)];
  checkCollectionName(tdb, tcoll);
  const source = ctx.catalog.get(fdb, fcoll);
  if (source === undefined) throw new CommandError(ErrorCodes.NamespaceNotFound, `Source collection ${from} does not exist`);
  if (from === to) throw new CommandError(ErrorCodes.IllegalOperation, "Can't rename a collection to itself");
  if (ctx.catalog.get(tdb, tcoll) !== undefined) {
    if (!isTruthy(ctx.cmd.dropTarget)) throw new CommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
    ctx.catalog.drop(tdb, tcoll);
  }
  ctx.catalog.rename([fdb, fcoll], [tdb, tcoll]);
  return {};
};

/** `listCollections` command. */
export const listCollections: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  checkFields(ctx, ['filter', 'nameOnly', 'authorizedCollections', 'cursor']);
  const nameOnly = isTruthy(ctx.cmd.nameOnly);
  const matcher = compileFilter(ctx.cmd.filter ?? {});
  const entries: Document[] = [];
  for (const name of ctx.ws.collectionNames(ctx.db).sort()) {
    const meta = ctx.catalog.get(ctx.db, name);
    const full: Document = {
      name,
      type: 'collection',
      options: meta?.options ?? {},
      info: { readOnly: false, ...(meta === undefined ? {} : { uuid: meta.uuid }) },
      idIndex: ID_INDEX,
    };
    if (!matcher.testView(toView(full) as Document)) continue;
    entries.push(nameOnly ? { name, type: 'collection' } : full);
  }
  return { cursor: ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, entries, cursorBatchSize(ctx.cmd)) };
};

function sameOptions(a: Document, b: Document): boolean {
  const strip = (d: Document): string => {
    const c: Document = { ...d };
    delete c.v;
    delete c.name;
    delete c.key;
    delete c.background;
    return canonicalKey(Object.fromEntries(Object.entries(c).sort(([x], [y]) => (x < y ? -1 : 1))));
  };
  return strip(a) === strip(b);
}

/** `createIndexes` command. */
export const createIndexes: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  checkFields(ctx, ['indexes', 'commitQuorum', 'isTimeseriesNamespace']);
  const coll = collectionArg(ctx);
  const specs = ctx.cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0) throw badValue('Must specify at least one index to create');
  const ns = `${ctx.db}.${coll}`;
  const existed = ctx.catalog.get(ctx.db, coll) !== undefined;
  const defs = specs.map(parseIndexSpec);
  const state = ctx.catalog.writable(ctx.db, coll);
  const before = state.indexes.length + 1;
  let created = 0;
  // whatever happens below, the catalog record is rewritten (an index may have been added before a later one failed)
  ctx.catalog.touch(ctx.db, coll);
  for (const def of defs) {
    const existing = [{ name: '_id_', spec: ID_INDEX }, ...state.indexes.map((ix) => ({ name: ix.def.name, spec: ix.def.spec }))];
    const keyStr = canonicalKey(def.spec.key);
    const sameName = existing.find((e) => e.name === def.name);
    if (sameName !== undefined) {
      if (canonicalKey(sameName.spec.key) !== keyStr) {
        throw new CommandError(
          ErrorCodes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatDoc(def.spec)}, existing index: ${formatDoc(sameName.spec)}`,
        );
      }
      if (def.name === '_id_' || sameOptions(sameName.spec, def.spec)) continue;
      throw new CommandError(
        ErrorCodes.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. Requested index: ${formatDoc(def.spec)}, existing index: ${formatDoc(sameName.spec)}`,
      );
    }
    const sameKey = existing.find((e) => canonicalKey(e.spec.key) === keyStr);
    if (sameKey !== undefined) {
      throw new CommandError(ErrorCodes.IndexOptionsConflict, `Index already exists with a different name: ${sameKey.name}`);
    }
    state.addIndex(ns, def);
    created++;
  }
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: state.indexes.length + 1, createdCollectionAutomatically: !existed };
  if (created === 0) reply.note = 'all indexes already exist';
  return reply;
};

/** `listIndexes` command. */
export const listIndexes: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  checkFields(ctx, ['cursor', 'includeBuildUUIDs', 'includeIndexBuildInfo']);
  const coll = collectionArg(ctx);
  const state = ctx.ws.read(ctx.db, coll);
  if (state === undefined) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${coll}`);
  const docs = [ID_INDEX, ...state.indexes.map((ix) => ix.def.spec)];
  return { cursor: ctx.cursors.open(`${ctx.db}.${coll}`, docs, cursorBatchSize(ctx.cmd)) };
};

/** `dropIndexes` command. */
export const dropIndexes: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  checkFields(ctx, ['index']);
  const coll = collectionArg(ctx);
  if (ctx.catalog.get(ctx.db, coll) === undefined) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns not found ${ctx.db}.${coll}`);
  const state = ctx.catalog.writable(ctx.db, coll);
  const was = state.indexes.length + 1;
  const index = ctx.cmd.index;
  let names: string[];
  if (index === '*') names = state.indexes.map((ix) => ix.def.name);
  else if (typeof index === 'string') names = [index];
  else if (Array.isArray(index)) names = index.map(String);
  else if (isPlainObject(index)) {
    const key = canonicalKey(index);
    if (key === canonicalKey({ _id: 1 })) throw new CommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    const found = state.indexes.find((ix) => canonicalKey(ix.def.spec.key) === key);
    if (found === undefined) throw new CommandError(ErrorCodes.IndexNotFound, `can't find index with key: ${formatDoc(index)}`);
    names = [found.def.name];
  } else throw badValue("'index' must be a string, array of strings or an object");
  for (const name of names) {
    if (name === '_id_') throw new CommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    if (!state.indexes.some((ix) => ix.def.name === name)) throw new CommandError(ErrorCodes.IndexNotFound, `index not found with name [${name}]`);
  }
  for (const name of names) state.dropIndex(name);
  ctx.catalog.touch(ctx.db, coll);
  return { nIndexesWas: was };
};
