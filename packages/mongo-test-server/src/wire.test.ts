// Wire protocol tests on raw sockets: framing of split/coalesced chunks, OP_QUERY handshake, OP_MSG sections.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { deserialize, serialize } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoTestServer } from './server.js';
import type { MongoTestServer } from './server.js';
import { MessageFramer, OP_MSG, OP_QUERY, OP_REPLY } from './wire.js';

let server: MongoTestServer;

beforeAll(async () => {
  server = await startMongoTestServer();
});

afterAll(async () => {
  await server.close();
});

function header(len: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(len, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opQuery(requestId: number, ns: string, query: Record<string, unknown>): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(`${ns}\0`), Buffer.alloc(8), Buffer.from(serialize(query))]);
  body.writeInt32LE(-1, 4 + ns.length + 1 + 4);
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body]);
}

function opMsg(requestId: number, body: Record<string, unknown>, sequences: Array<[string, Array<Record<string, unknown>>]> = [], flags = 0): Buffer {
  const parts: Buffer[] = [];
  const f = Buffer.alloc(4);
  f.writeUInt32LE(flags, 0);
  parts.push(f, Buffer.from([0]), Buffer.from(serialize(body)));
  for (const [id, docs] of sequences) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  if (flags & 1) parts.push(Buffer.alloc(4));
  const rest = Buffer.concat(parts);
  return Buffer.concat([header(16 + rest.length, requestId, OP_MSG), rest]);
}

interface Reply {
  responseTo: number;
  opCode: number;
  doc: Record<string, unknown>;
}

function openSocket(): Promise<{ socket: Socket; next: () => Promise<Reply> }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(server.port, '127.0.0.1');
    const framer = new MessageFramer();
    const queue: Reply[] = [];
    const waiters: Array<(r: Reply) => void> = [];
    socket.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const opCode = msg.readInt32LE(12);
        const responseTo = msg.readInt32LE(8);
        const docStart = opCode === OP_REPLY ? 36 : 21;
        const reply: Reply = { responseTo, opCode, doc: deserialize(msg.subarray(docStart)) };
        const w = waiters.shift();
        if (w) w(reply);
        else queue.push(reply);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        next: () => {
          const r = queue.shift();
          return r ? Promise.resolve(r) : new Promise<Reply>((res) => waiters.push(res));
        },
      }),
    );
  });
}

describe('wire protocol', () => {
  it('frames messages split into single bytes and answers the OP_QUERY handshake with OP_REPLY', async () => {
    const { socket, next } = await openSocket();
    const msg = opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true });
    for (const byte of msg) socket.write(Buffer.from([byte]));
    const reply = await next();
    expect(reply.opCode).toBe(OP_REPLY);
    expect(reply.responseTo).toBe(7);
    expect(reply.doc).toMatchObject({ ok: 1, ismaster: true, helloOk: true, setName: 'ssot-test', maxWireVersion: 21 });
    socket.destroy();
  });

  it('handles coalesced OP_MSGs, document sequences, checksums and moreToCome', async () => {
    const { socket, next } = await openSocket();
    const insert = opMsg(1, { insert: 'w', $db: 'wiretest' }, [['documents', [{ _id: 1 }, { _id: 2 }]]], 1);
    const fireAndForget = opMsg(2, { insert: 'w', $db: 'wiretest', documents: [{ _id: 3 }] }, [], 2);
    const count = opMsg(3, { count: 'w', $db: 'wiretest' });
    socket.write(Buffer.concat([insert, fireAndForget, count]));
    const r1 = await next();
    expect(r1.responseTo).toBe(1);
    expect(r1.doc).toMatchObject({ ok: 1, n: 2 });
    const r3 = await next();
    expect(r3.responseTo).toBe(3);
    expect(r3.doc).toMatchObject({ ok: 1, n: 3 });
    socket.write(opMsg(4, { nope: 1, $db: 'wiretest' }));
    const r4 = await next();
    expect(r4.doc).toEqual({ ok: 0, errmsg: "no such command: 'nope'", code: 59, codeName: 'CommandNotFound' });
    socket.destroy();
  });

  it('answers malformed BSON with an error and keeps the connection usable', async () => {
    const { socket, next } = await openSocket();
    const bad = opMsg(5, { ping: 1, $db: 'admin' });
    bad.writeInt32LE(1000, 21);
    socket.write(bad);
    const r = await next();
    expect(r.responseTo).toBe(5);
    expect(r.doc).toMatchObject({ ok: 0, code: 22, codeName: 'InvalidBSON' });
    socket.write(opMsg(6, { ping: 1, $db: 'admin' }));
    expect((await next()).doc).toEqual({ ok: 1 });
    socket.destroy();
  });

  it('resets all data', async () => {
    const { socket, next } = await openSocket();
    socket.write(opMsg(1, { insert: 'r', $db: 'resettest', documents: [{ a: 1 }] }));
    await next();
    server.reset();
    socket.write(opMsg(2, { listDatabases: 1, nameOnly: true, $db: 'admin' }));
    const r = await next();
    expect(r.doc.databases).toEqual([]);
    socket.destroy();
  });
});
