// Connects to MongoDB: the server in MONGODB_URI (or given), else the embedded test server, saying plainly which one.
import { SsotError, silentLogger, type Logger } from '@ssot/core';
import { DataDirLockedError, startMongoTestServer, type MongoTestServer } from '@ssot/mongo-test-server';
import { resolve } from 'node:path';
import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import { importLegacySnapshots } from './embedded-snapshot.js';
import { startEmbeddedServerWorker } from './embedded-worker.js';

/** Options of {@link connectMongo}. */
export interface MongoConnectOptions {
  /** Connection string; default `MONGODB_URI`; when neither is set, the embedded test server. */
  uri?: string;
  /** Database name (default: the URI's, else `ssot`). */
  dbName?: string;
  /** Where to say which backend is in use. */
  logger?: Logger;
  /** More mongoose/driver connection options (for example `monitorCommands: true`). */
  connectOptions?: ConnectOptions;
  /**
   * For the embedded test server: the directory it keeps its data in (default:
   * `SSOT_EMBEDDED_MONGODB_DIR`; unset: in memory only). Every write is on disk there before it is
   * acknowledged, so the data survives the process however it ends; one process at a time may use a
   * directory. Files of earlier versions (`<db>.ejson`) are imported once. Used only without a URI;
   * while the embedded server runs on one directory, asking for another is refused.
   */
  embeddedDataDir?: string;
}

/** An open connection and what it is connected to. */
export interface MongoHandle {
  /** The mongoose connection. */
  readonly connection: Connection;
  /** `mongodb` for a real server, `test-server` for the embedded one. */
  readonly backend: 'mongodb' | 'test-server';
  /** For people and logs, credentials removed: `MongoDB at mongodb://host:27017/db` or `MongoDB test server (not MongoDB) at ...`. */
  readonly description: string;
  /** Closes the connection (and the embedded server when nothing else uses it). */
  close(): Promise<void>;
}

/** Where the embedded test server keeps its data when a job or the CLI does not say otherwise. */
export const DEFAULT_EMBEDDED_DATA_DIR = '.ssot/mongodb';

let embedded: { server: Promise<MongoTestServer>; users: number; dataDir: string | undefined } | undefined;
/** The embedded server being stopped, if any: a new one waits for it (it may still hold the data directory). */
let stopping: Promise<void> | undefined;

async function startEmbedded(dataDir: string | undefined): Promise<MongoTestServer> {
  await stopping;
  // In a worker thread by default (the server's work runs beside the job's); SSOT_EMBEDDED_IN_PROCESS=1 keeps it on this thread.
  const start = process.env.SSOT_EMBEDDED_IN_PROCESS === '1' ? startMongoTestServer : startEmbeddedServerWorker;
  if (dataDir === undefined) return start();
  let server: MongoTestServer;
  try {
    server = await start({ dataDir });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const { pid, host, startedAt } = error.holder;
    throw new SsotError(
      'EMBEDDED_MONGODB_LOCKED',
      `Another process (pid ${pid}) is using the embedded MongoDB data in ${dataDir} (on ${host}, since ${startedAt}). Wait for it to finish, or set MONGODB_URI to share a real MongoDB server between processes.`,
      undefined,
      { cause: error },
    );
  }
  try {
    const client = new mongoose.mongo.MongoClient(server.uri);
    try {
      await importLegacySnapshots(client, dataDir);
    } finally {
      await client.close();
    }
    return server;
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Removes credentials from a MongoDB connection string.
 *
 * @param uri - the connection string
 * @returns the same string with `user:password@` replaced by `***@`
 */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/i, '$1***@');
}

/**
 * Opens a mongoose connection. With a URI (or `MONGODB_URI`) it connects to that server; without,
 * it starts the embedded MongoDB wire-protocol test server in this process (in memory, or durably in
 * `embeddedDataDir` when set) and says so through the logger.
 *
 * @param options - URI, database name, logger
 * @returns the open connection
 * @example
 * ```ts
 * import { connectMongo } from '@ssot/mongoose';
 *
 * // Neither `uri` nor MONGODB_URI: the embedded MongoDB test server starts in this process (tests, demos).
 * const mongo = await connectMongo({ dbName: 'inventory' });
 * console.log(mongo.backend, mongo.description); // 'test-server' 'MongoDB test server (not MongoDB) at mongodb://127.0.0.1:…/, in memory'
 * try {
 *   console.log(await mongo.connection.collection('devices').countDocuments());
 * } finally {
 *   await mongo.close();
 * }
 * // A real server: connectMongo({ uri: 'mongodb://sot.example.com:27017', dbName: 'inventory' }), or set MONGODB_URI.
 * ```
 */
export async function connectMongo(options: MongoConnectOptions = {}): Promise<MongoHandle> {
  const logger = options.logger ?? silentLogger;
  const uri = options.uri ?? process.env.MONGODB_URI;
  if (uri !== undefined && uri !== '') {
    const connection = await mongoose.createConnection(uri, { ...options.connectOptions, ...(options.dbName === undefined ? {} : { dbName: options.dbName }) }).asPromise();
    // A URI may point at a running MongoDB test server: say so rather than call it MongoDB.
    const testServer = await isTestServer(connection);
    const backend = testServer ? 'test-server' : 'mongodb';
    const description = testServer ? `MongoDB test server (not MongoDB) at ${redactMongoUri(uri)}` : `MongoDB at ${redactMongoUri(uri)}`;
    announce(logger, backend, description);
    return { connection, backend, description, close: () => connection.close() };
  }
  const setting = options.embeddedDataDir ?? (process.env.SSOT_EMBEDDED_MONGODB_DIR || undefined);
  const dataDir = setting === undefined ? undefined : resolve(setting);
  if (embedded !== undefined && embedded.dataDir !== dataDir) {
    throw new SsotError(
      'EMBEDDED_MONGODB_DIR_IN_USE',
      `The embedded MongoDB test server of this process already runs ${embedded.dataDir === undefined ? 'in memory' : `on ${embedded.dataDir}`}; it cannot also use ${dataDir ?? 'memory only'}. Close its connections first, or use one data directory per process.`,
    );
  }
  embedded ??= { server: startEmbedded(dataDir), users: 0, dataDir };
  embedded.users += 1;
  let server: MongoTestServer;
  try {
    server = await embedded.server;
  } catch (error) {
    embedded = undefined;
    throw error;
  }
  const persistedIn = embedded.dataDir;
  const connection = await mongoose.createConnection(server.uri, { ...options.connectOptions, dbName: options.dbName ?? 'ssot' }).asPromise();
  const description = `MongoDB test server (not MongoDB) at ${server.uri}, ${persistedIn === undefined ? 'in memory' : `data kept in ${persistedIn}`}`;
  announce(logger, 'test-server', description);
  return {
    connection,
    backend: 'test-server',
    description,
    async close() {
      if (embedded === undefined || embedded.users > 1) {
        if (embedded !== undefined) embedded.users -= 1;
        await connection.close();
        return;
      }
      // The last user stops the server (every acknowledged write is already on disk) and frees its directory.
      const last = embedded;
      embedded = undefined;
      const stopped = (async () => {
        try {
          await connection.close();
        } finally {
          await (await last.server).close();
        }
      })();
      stopping = stopped.then(
        () => undefined,
        () => undefined,
      );
      await stopped;
    },
  };
}

/** Whether the server behind a connection is `@ssot/mongo-test-server` (it names itself in `buildInfo`). */
async function isTestServer(connection: Connection): Promise<boolean> {
  try {
    const info = (await connection.getClient().db('admin').command({ buildInfo: 1 })) as { gitVersion?: unknown };
    return info.gitVersion === 'mongo-test-server';
  } catch {
    return false;
  }
}

/** Says which backend is in use: a warning for the test server, which is not MongoDB. */
function announce(logger: Logger, backend: MongoHandle['backend'], description: string): void {
  if (backend === 'test-server') logger.warn({ backend }, `${description}; set MONGODB_URI to use a MongoDB server`);
  else logger.info({ backend }, description);
}
