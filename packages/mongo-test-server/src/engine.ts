// The command engine: routes commands to handlers, manages transactions, and shapes ok/error replies.
import type { Document } from './bson-values.js';
import { Catalog } from './catalog.js';
import type { CommandContext, CommandHandler, ServerInfo } from './command-context.js';
import * as admin from './commands/admin.js';
import { aggregate } from './commands/aggregate.js';
import * as ddl from './commands/ddl.js';
import * as read from './commands/read.js';
import * as write from './commands/write.js';
import { runWithOptions } from './command-options.js';
import { CursorRegistry } from './cursors.js';
import { CommandError, ErrorCodes, notImplemented, toCommandError } from './errors.js';
import type { TxnContext } from './transactions.js';
import { SessionTable } from './transactions.js';
import { RetryableWrites } from './retryable-writes.js';
import type { Storage } from './storage.js';
import type { Workspace } from './workspace.js';
import { CommittedWorkspace } from './workspace.js';

const HANDLERS: Record<string, CommandHandler> = {
  hello: admin.hello,
  isMaster: admin.isMaster,
  ismaster: admin.isMaster,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  ping: admin.ping,
  endSessions: admin.endSessions,
  getParameter: admin.getParameter,
  getLog: admin.getLog,
  serverStatus: admin.serverStatus,
  hostInfo: admin.hostInfo,
  connectionStatus: admin.connectionStatus,
  whatsmyuri: admin.whatsmyuri,
  getCmdLineOpts: admin.getCmdLineOpts,
  listDatabases: admin.listDatabases,
  dropDatabase: admin.dropDatabase,
  dbStats: admin.dbStats,
  killAllSessions: admin.killAllSessions,
  create: ddl.create,
  drop: ddl.drop,
  renameCollection: ddl.renameCollection,
  listCollections: ddl.listCollections,
  createIndexes: ddl.createIndexes,
  listIndexes: ddl.listIndexes,
  dropIndexes: ddl.dropIndexes,
  deleteIndexes: ddl.dropIndexes,
  insert: write.insert,
  update: write.update,
  delete: write.del,
  findAndModify: write.findAndModify,
  findandmodify: write.findAndModify,
  find: read.find,
  getMore: read.getMore,
  killCursors: read.killCursors,
  count: read.count,
  distinct: read.distinct,
  aggregate,
};

/** Real MongoDB commands this server knows about but does not implement (answered with NotImplemented). */
const NOT_IMPLEMENTED_COMMANDS = new Set([
  'explain',
  'mapReduce',
  'collMod',
  'validate',
  'compact',
  'convertToCapped',
  'cloneCollectionAsCapped',
  'collStats',
  'dataSize',
  'createUser',
  'dropUser',
  'usersInfo',
  'saslStart',
  'saslContinue',
  'authenticate',
  'logout',
  'replSetGetStatus',
  'replSetGetConfig',
  'currentOp',
  'killOp',
  'fsync',
  'shardCollection',
  'createSearchIndexes',
  'listSearchIndexes',
  'bulkWrite',
  'setFeatureCompatibilityVersion',
  'createView',
  'refreshSessions',
  'startSession',
]);

/** Options of an {@link Engine}. */
export interface EngineOptions {
  /** Idle cursors are closed after this many milliseconds (MongoDB's `cursorTimeoutMillis`, default 10 minutes). */
  readonly cursorTimeoutMillis?: number;
}

/** Executes commands against an in-memory catalog. */
export class Engine {
  /** Committed data. */
  readonly catalog = new Catalog();
  /** Open cursors. */
  readonly cursors: CursorRegistry;
  /** Sessions and transactions. */
  readonly sessions = new SessionTable(this.catalog);
  private readonly committed: Workspace = new CommittedWorkspace(this.catalog);
  private readonly retryable = new RetryableWrites();

  /**
   * Creates an engine.
   * @param info - Facts reported by hello and admin commands.
   * @param storage - Durable storage to load from and write every change to (none: in memory only).
   * @param options - Engine options.
   */
  constructor(
    readonly info: ServerInfo,
    private readonly storage?: Storage,
    options: EngineOptions = {},
  ) {
    this.cursors = new CursorRegistry({ timeoutMs: options.cursorTimeoutMillis });
    if (storage !== undefined) {
      storage.load(this.catalog);
      this.catalog.trackChanges();
    }
  }

  /** Drops all data, cursors and sessions. */
  reset(): void {
    this.sessions.clear();
    this.retryable.clear();
    this.cursors.clear();
    this.catalog.clear();
    this.flush();
  }

  /** Aborts every transaction and closes every cursor, keeping the data (the server is stopping). */
  stop(): void {
    this.sessions.clear();
    this.cursors.clear();
  }

  /**
   * Starts writing the changes of the commands run so far to durable storage.
   * @returns A promise resolved once everything written so far is durable (undefined: nothing pending, or no storage).
   */
  flush(): Promise<void> | undefined {
    if (this.storage === undefined) return undefined;
    const changes = this.catalog.takeChanges();
    if (changes !== undefined) this.storage.commit(changes);
    return this.storage.pending;
  }

  /**
   * Runs one command and returns its reply document (always with `ok`).
   * @param cmd - The command document (first key is the command name).
   * @param db - The target database.
   * @param connectionId - The client connection id.
   */
  run(cmd: Document, db: string, connectionId: number): Document {
    const name = Object.keys(cmd)[0];
    if (name === undefined) return errorReply(new CommandError(ErrorCodes.CommandNotFound, 'no such command: \'\''));
    let txnCtx: TxnContext = { kind: 'none' };
    try {
      const failed = this.storage?.failed;
      if (failed !== undefined && name !== 'hello' && name !== 'isMaster' && name !== 'ismaster') {
        throw new CommandError(ErrorCodes.InternalError, `storage failed, restart the server: ${failed.message}`);
      }
      if (db === '' || /[/\\. "$\0]/.test(db)) throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
      txnCtx = this.sessions.resolve(cmd);
      if (name === 'commitTransaction' || name === 'abortTransaction') return { ...this.endTransaction(name, txnCtx), ok: 1 };
      const handler = HANDLERS[name];
      if (handler === undefined) {
        if (NOT_IMPLEMENTED_COMMANDS.has(name)) throw notImplemented(`the ${name} command`);
        throw new CommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
      }
      if (txnCtx.kind === 'committed') {
        throw new CommandError(ErrorCodes.IllegalOperation, `Transaction ${txnCtx.txn.txnNumber} has been committed.`);
      }
      const ws = txnCtx.kind === 'txn' ? txnCtx.txn : this.committed;
      const ctx: CommandContext = {
        db,
        cmd,
        ws,
        catalog: this.catalog,
        cursors: this.cursors,
        sessions: this.sessions,
        info: this.info,
        connectionId,
      };
      if (name === 'endSessions' && Array.isArray(cmd.endSessions)) this.retryable.endSessions(cmd.endSessions);
      const retried = txnCtx.kind === 'none' ? this.retryable.replay(name, cmd) : undefined;
      if (retried !== undefined) return retried;
      const reply = runWithOptions(ctx, handler);
      if (txnCtx.kind === 'txn' && Array.isArray(reply.writeErrors)) txnCtx.txn.abort();
      if (txnCtx.kind === 'none') this.retryable.record(name, cmd, { ...reply, ok: 1 });
      return { ...reply, ok: 1 };
    } catch (err) {
      const ce = toCommandError(err);
      if (txnCtx.kind === 'txn') txnCtx.txn.abort();
      return errorReply(ce);
    }
  }

  private endTransaction(name: string, txnCtx: TxnContext): Document {
    if (txnCtx.kind === 'none') {
      throw new CommandError(ErrorCodes.InvalidOptions, `${name} must be run within a transaction`);
    }
    if (name === 'commitTransaction') {
      if (txnCtx.kind === 'committed') return {};
      txnCtx.txn.commit();
      return {};
    }
    if (txnCtx.kind === 'committed') {
      throw new CommandError(ErrorCodes.IllegalOperation, 'Cannot abort a committed transaction');
    }
    txnCtx.txn.abort();
    return {};
  }
}

/** Builds the `{ ok: 0, errmsg, code, codeName }` reply for an error. */
export function errorReply(err: CommandError): Document {
  const reply: Document = { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
  if (err.errorLabels.length > 0) reply.errorLabels = err.errorLabels;
  return reply;
}
