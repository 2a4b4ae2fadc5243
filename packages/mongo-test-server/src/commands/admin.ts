// Handshake and administrative commands: hello, buildInfo, ping, listDatabases, dropDatabase and friends.
import { ObjectId, calculateObjectSize } from 'bson';
import type { Document } from '../bson-values.js';
import { isTruthy, toView } from '../bson-values.js';
import type { CommandContext, CommandHandler } from '../command-context.js';
import { notInTransaction } from './helpers.js';
import { compileFilter } from '../query.js';

/** The MongoDB version this server claims to be compatible with. */
export const SERVER_VERSION = '7.0.0';
/** Highest wire protocol version reported by hello. */
export const MAX_WIRE_VERSION = 21;

const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

function helloReply(ctx: CommandContext, legacy: boolean): Document {
  const reply: Document = {};
  if (isTruthy(ctx.cmd.helloOk)) reply.helloOk = true;
  if (legacy) reply.ismaster = true;
  else reply.isWritablePrimary = true;
  Object.assign(reply, {
    secondary: false,
    setName: ctx.info.setName,
    setVersion: 1,
    hosts: [ctx.info.me],
    primary: ctx.info.me,
    me: ctx.info.me,
    electionId: ELECTION_ID,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  });
  return reply;
}

/** `hello` command. */
export const hello: CommandHandler = (ctx) => helloReply(ctx, false);

/** Legacy `isMaster` / `ismaster` command. */
export const isMaster: CommandHandler = (ctx) => helloReply(ctx, true);

/** `buildInfo` command. */
export const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'mongo-test-server',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['memory'],
  javascriptEngine: 'none',
  modules: [],
});

/** `ping` command. */
export const ping: CommandHandler = () => ({});

/** `endSessions` command. */
export const endSessions: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.cmd.endSessions) ? ctx.cmd.endSessions : [];
  ctx.sessions.end(ids);
  return {};
};

/** `getParameter` command (only featureCompatibilityVersion is meaningful). */
export const getParameter: CommandHandler = (ctx) => {
  const reply: Document = {};
  if (ctx.cmd.featureCompatibilityVersion !== undefined || ctx.cmd.getParameter === '*') {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  return reply;
};

/** `getLog` command. */
export const getLog: CommandHandler = (ctx) => {
  if (ctx.cmd.getLog === '*') return { names: ['global', 'startupWarnings'] };
  return { totalLinesWritten: 0, log: [] };
};

/** `serverStatus` command (minimal). */
export const serverStatus: CommandHandler = (ctx) => ({
  host: ctx.info.me,
  version: SERVER_VERSION,
  process: 'mongo-test-server',
  pid: process.pid,
  uptime: Math.floor((Date.now() - ctx.info.startedAt.getTime()) / 1000),
  localTime: new Date(),
  connections: { current: 0, available: 1000 },
});

/** `hostInfo` command (minimal). */
export const hostInfo: CommandHandler = () => ({
  system: { currentTime: new Date(), hostname: '127.0.0.1' },
  os: { type: process.platform },
  extra: {},
});

/** `connectionStatus` command. */
export const connectionStatus: CommandHandler = () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } });

/** `whatsmyuri` command. */
export const whatsmyuri: CommandHandler = () => ({ you: '127.0.0.1:0' });

/** `getCmdLineOpts` command. */
export const getCmdLineOpts: CommandHandler = () => ({ argv: ['mongo-test-server'], parsed: {} });

/** `listDatabases` command. */
export const listDatabases: CommandHandler = (ctx) => {
  const matcher = compileFilter(ctx.cmd.filter ?? {});
  const nameOnly = isTruthy(ctx.cmd.nameOnly);
  const databases: Document[] = [];
  let totalSize = 0;
  for (const [name, colls] of [...ctx.catalog.dbs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let size = 0;
    for (const meta of colls.values()) size += meta.state.docs.size * 64;
    totalSize += size;
    const entry: Document = nameOnly ? { name } : { name, sizeOnDisk: size, empty: size === 0 };
    if (matcher.testView(toView(entry) as Document)) databases.push(entry);
  }
  return nameOnly ? { databases } : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024) };
};

/** `dropDatabase` command. */
export const dropDatabase: CommandHandler = (ctx) => {
  notInTransaction(ctx);
  ctx.catalog.dropDatabase(ctx.db);
  return { dropped: ctx.db };
};

/** `dbStats` command (approximate sizes). */
export const dbStats: CommandHandler = (ctx) => {
  let objects = 0;
  let dataSize = 0;
  let indexes = 0;
  const colls = ctx.catalog.dbs.get(ctx.db);
  for (const meta of colls?.values() ?? []) {
    objects += meta.state.docs.size;
    indexes += meta.state.indexes.length + 1;
    for (const d of meta.state.docs.values()) dataSize += calculateObjectSize(d.raw);
  }
  return {
    db: ctx.db,
    collections: colls?.size ?? 0,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : dataSize / objects,
    dataSize,
    storageSize: dataSize,
    indexes,
    indexSize: 0,
    totalSize: dataSize,
    scaleFactor: 1,
  };
};

/** `killAllSessions` command. */
export const killAllSessions: CommandHandler = (ctx) => {
  if (Array.isArray(ctx.cmd.killAllSessions) && ctx.cmd.killAllSessions.length === 0) ctx.sessions.clear();
  return {};
};
