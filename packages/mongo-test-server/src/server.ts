// The TCP server: accepts connections, frames wire messages and answers them via the engine.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import type { Server, Socket } from 'node:net';
import type { Document } from './bson-values.js';
import { Engine, errorReply } from './engine.js';
import { CommandError, ErrorCodes } from './errors.js';
import type { Logger } from './logger.js';
import { Storage } from './storage.js';
import { lockDataDir } from './data-dir-lock.js';
import type { DataDirLock } from './data-dir-lock.js';
import { MessageFramer, OP_MSG, OP_QUERY, encodeOpMsg, encodeOpReply, parseMessage } from './wire.js';
import type { WireMessage } from './wire.js';

/** Options for {@link startMongoTestServer}. */
export interface MongoTestServerOptions {
  /** TCP port to listen on; 0 or omitted picks a free port. */
  port?: number;
  /** Host/interface to bind; defaults to `127.0.0.1`. */
  host?: string;
  /** Replica set name reported to drivers; defaults to `ssot-test`. */
  replicaSetName?: string;
  /** Optional logger for connection-level events (the server is otherwise silent). */
  logger?: Logger;
  /**
   * A directory to keep the data in (created if missing): every write is durable there before it is
   * acknowledged, and a server started later on the same directory finds the data again. One server
   * at a time may use a directory. Omitted: the data lives in memory only.
   */
  dataDir?: string;
  /**
   * Idle cursors are closed after this many milliseconds, as MongoDB's `cursorTimeoutMillis`
   * (default 600000, 10 minutes); a later getMore answers CursorNotFound (43). Cursors opened
   * with `noCursorTimeout` stay open.
   */
  cursorTimeoutMillis?: number;
}

/** A running test server. */
export interface MongoTestServer {
  /** Connection string, e.g. `mongodb://127.0.0.1:12345/`. */
  readonly uri: string;
  /** The bound TCP port. */
  readonly port: number;
  /** The bound host. */
  readonly host: string;
  /** The data directory, when the server keeps its data on disk. */
  readonly dataDir: string | undefined;
  /** Removes all databases, cursors and sessions (connections stay open; with a data directory, its data too). */
  reset(): void;
  /** Closes all client connections and stops listening. */
  close(): Promise<void>;
}

function encodeSafely(encode: (doc: Document) => Buffer, reply: Document): Buffer {
  try {
    return encode(reply);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return encode(errorReply(new CommandError(ErrorCodes.InternalError, `failed to encode reply: ${message}`)));
  }
}

function handleMessage(engine: Engine, raw: Buffer, connectionId: number): Buffer | undefined {
  let msg: WireMessage;
  try {
    msg = parseMessage(raw);
  } catch (err) {
    const opCode = raw.readInt32LE(12);
    if (opCode !== OP_MSG && opCode !== OP_QUERY) throw err;
    const reply = errorReply(new CommandError(ErrorCodes.InvalidBSON, `invalid message: ${err instanceof Error ? err.message : String(err)}`));
    const requestId = raw.readInt32LE(4);
    return opCode === OP_MSG ? encodeOpMsg(requestId, reply) : encodeOpReply(requestId, reply);
  }
  if (msg.opCode === OP_QUERY) {
    const full = msg.fullCollectionName ?? '';
    const db = full.endsWith('.$cmd') ? full.slice(0, -5) : full.split('.')[0] ?? 'admin';
    let reply: Document;
    if (!full.endsWith('.$cmd')) {
      reply = errorReply(new CommandError(ErrorCodes.NotImplemented, 'OP_QUERY is only supported for commands (the handshake)'));
    } else reply = engine.run(msg.command, db, connectionId);
    return encodeSafely((d) => encodeOpReply(msg.requestId, d), reply);
  }
  const dbValue = msg.command.$db;
  const db = typeof dbValue === 'string' ? dbValue : 'admin';
  const reply = engine.run(msg.command, db, connectionId);
  if (msg.moreToCome) return undefined;
  return encodeSafely((d) => encodeOpMsg(msg.requestId, d), reply);
}

/**
 * Starts a MongoDB wire-protocol test server backed by in-memory collections.
 * @param options - Port/host and optional logger.
 * @returns The running server.
 */
export async function startMongoTestServer(options: MongoTestServerOptions = {}): Promise<MongoTestServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const info = { me: '', setName: options.replicaSetName ?? 'ssot-test', startedAt: new Date() };
  const dataDir = options.dataDir === undefined ? undefined : resolvePath(options.dataDir);
  let storage: Storage | undefined;
  let lock: DataDirLock | undefined;
  let engine: Engine;
  try {
    if (dataDir !== undefined) {
      await mkdir(dataDir, { recursive: true });
      lock = await lockDataDir(dataDir);
      storage = Storage.open(dataDir);
    }
    engine = new Engine(info, storage, { cursorTimeoutMillis: options.cursorTimeoutMillis });
  } catch (err) {
    await storage?.close();
    await lock?.release();
    throw err;
  }
  const server: Server = createServer((socket) => {
    const connectionId = nextConnectionId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    // Replies leave in request order, each only once every write before it is durable.
    let queue: Promise<void> | undefined;
    const send = (out: Buffer | undefined, durable: Promise<void> | undefined): void => {
      if (durable === undefined && queue === undefined) {
        if (out !== undefined) socket.write(out);
        return;
      }
      const next: Promise<void> = (queue ?? Promise.resolve())
        .then(() => durable)
        .then(
          () => {
            if (out !== undefined && !socket.destroyed) socket.write(out);
          },
          (err: unknown) => {
            // not durable: never acknowledge; the client sees the connection drop
            logger?.warn?.({ err: err instanceof Error ? err.message : String(err), connectionId }, 'mongo-test-server: storage commit failed');
            socket.destroy();
          },
        )
        .finally(() => {
          if (queue === next) queue = undefined;
        });
      queue = next;
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const raw of framer.push(chunk)) {
          const out = handleMessage(engine, raw, connectionId);
          send(out, engine.flush());
        }
      } catch (err) {
        logger?.warn?.({ err: err instanceof Error ? err.message : String(err), connectionId }, 'mongo-test-server: closing connection after protocol error');
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await storage?.close();
    await lock?.release();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const advertised = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = advertised.includes(':') ? `[${advertised}]` : advertised;
  info.me = `${hostPart}:${port}`;
  const running = engine;
  logger?.info({ host, port }, 'mongo-test-server listening');
  let closing: Promise<void> | undefined;
  return {
    uri: `mongodb://${hostPart}:${port}/`,
    port,
    host,
    dataDir,
    reset: () => running.reset(),
    close: () => {
      closing ??= (async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((done) => server.close(() => done()));
        if (storage === undefined) {
          running.reset();
          return;
        }
        running.stop();
        await running.flush()?.catch(() => undefined);
        await storage.close();
        await lock?.release();
      })();
      return closing;
    },
  };
}
