// Cursor lifetime: idle cursors time out (cursorTimeoutMillis), noCursorTimeout is honoured, killed cursors answer CursorNotFound (43).
import { MongoClient } from 'mongodb';
import type { Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { CursorRegistry } from './cursors.js';
import { CommandError, ErrorCodes } from './errors.js';
import { startMongoTestServer } from './server.js';

const docs = (n: number): Document[] => Array.from({ length: n }, (_, i) => ({ _id: i }));

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CommandError ? err.code : -1;
  }
  return undefined;
}

describe('CursorRegistry', () => {
  it('closes cursors idle for longer than the timeout (measured from the last use)', () => {
    let now = 0;
    const reg = new CursorRegistry({ timeoutMs: 1000, now: () => now });
    const c = reg.open('db.c', docs(10), 2);
    now = 900;
    expect(reg.getMore(c.id, 'c', 2).nextBatch).toHaveLength(2);
    now = 1800;
    expect(reg.getMore(c.id, 'c', 2).nextBatch).toHaveLength(2);
    now = 2801;
    expect(codeOf(() => reg.getMore(c.id, 'c', 2))).toBe(ErrorCodes.CursorNotFound);
    expect(reg.size).toBe(0);
  });

  it('defaults to MongoDB’s 10 minutes', () => {
    let now = 0;
    const reg = new CursorRegistry({ now: () => now });
    const c = reg.open('db.c', docs(10), 2);
    now = 599_999;
    expect(reg.getMore(c.id, 'c', 2).nextBatch).toHaveLength(2);
    now = 599_999 + 600_001;
    expect(codeOf(() => reg.getMore(c.id, 'c', 2))).toBe(ErrorCodes.CursorNotFound);
  });

  it('keeps noCursorTimeout cursors', () => {
    let now = 0;
    const reg = new CursorRegistry({ timeoutMs: 1000, now: () => now });
    const c = reg.open('db.c', docs(10), 2, false, true);
    now = 1e9;
    expect(reg.getMore(c.id, 'c', 2).nextBatch).toHaveLength(2);
  });

  it('answers CursorNotFound after killCursors', () => {
    const reg = new CursorRegistry();
    const c = reg.open('db.c', docs(10), 2);
    expect(reg.kill([c.id]).killed).toHaveLength(1);
    expect(codeOf(() => reg.getMore(c.id, 'c', 2))).toBe(ErrorCodes.CursorNotFound);
  });
});

describe('cursor timeout through the driver', async () => {
  const server = await startMongoTestServer({ cursorTimeoutMillis: 150 });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, directConnection: true });
  await client.connect();
  const coll = client.db('cursors').collection('c');
  await coll.insertMany(docs(10));

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('reports CursorNotFound (43) for a getMore on an idle cursor that timed out', async () => {
    const cursor = coll.find({}, { batchSize: 2 });
    await cursor.next();
    await new Promise((r) => setTimeout(r, 400));
    await expect(cursor.toArray()).rejects.toMatchObject({ code: 43, codeName: 'CursorNotFound' });
  });

  it('honours noCursorTimeout', async () => {
    const cursor = coll.find({}, { batchSize: 2, noCursorTimeout: true });
    await cursor.next();
    await new Promise((r) => setTimeout(r, 400));
    expect(await cursor.toArray()).toHaveLength(9);
  });

  it('reports CursorNotFound (43) for a getMore on a killed cursor', async () => {
    const reply = await client.db('cursors').command({ find: 'c', batchSize: 2 });
    const id = (reply.cursor as Document).id as unknown;
    await client.db('cursors').command({ killCursors: 'c', cursors: [id] });
    await expect(client.db('cursors').command({ getMore: id, collection: 'c' })).rejects.toMatchObject({ code: 43 });
  });
});
