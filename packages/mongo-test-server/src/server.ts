// The TCP server: accepts connections, frames wire messages and answers them via the engine.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Document } from './bson-values.js';
import { Engine, errorReply } from './engine.js';
import { CommandError, ErrorCodes } from './errors.js';
import type { Logger } from './logger.js';
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
}

/** A running test server. */
export interface MongoTestServer {
  /** Connection string, e.g. `mongodb://127.0.0.1:12345/`. */
  readonly uri: string;
  /** The bound TCP port. */
  readonly port: number;
  /** The bound host. */
  readonly host: string;
  /** Removes all databases, cursors and sessions (connections stay open). */
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
  const engine = new Engine(info);
  const server: Server = createServer((socket) => {
    const connectionId = nextConnectionId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const raw of framer.push(chunk)) {
          const out = handleMessage(engine, raw, connectionId);
          if (out !== undefined) socket.write(out);
        }
      } catch (err) {
        logger?.warn?.({ err: err instanceof Error ? err.message : String(err), connectionId }, 'mongo-test-server: closing connection after protocol error');
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const advertised = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = advertised.includes(':') ? `[${advertised}]` : advertised;
  info.me = `${hostPart}:${port}`;
  const running = engine;
  logger?.info({ host, port }, 'mongo-test-server listening');
  return {
    uri: `mongodb://${hostPart}:${port}/`,
    port,
    host,
    reset: () => running.reset(),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      running.reset();
    },
  };
}
