// Durable storage: every acknowledged write survives a restart on the same data directory (LMDB).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Decimal128, Long, MongoClient, ObjectId } from 'mongodb';
import { open } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { startMongoTestServer } from './server.js';
import type { MongoTestServer } from './server.js';

const execFileAsync = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function withServer<T>(dataDir: string, fn: (client: MongoClient, server: MongoTestServer) => Promise<T>): Promise<T> {
  const server = await startMongoTestServer({ dataDir });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await fn(client, server);
  } finally {
    await client.close();
    await server.close();
  }
}

describe('storage on a data directory (LMDB)', () => {
  it('keeps every kind of acknowledged write across a restart', async () => {
    const dir = await tempDir('mts-storage-');
    const id = new ObjectId();
    let uuid = '';
    let live = 0;
    await withServer(dir, async (client) => {
      const db = client.db('app');
      const things = db.collection('things');
      await things.createIndex({ name: 1 }, { unique: true });
      await things.createIndex({ tag: 1 });
      await things.insertOne({ _id: id, name: 'a', when: new Date('2026-01-02T03:04:05Z'), big: Long.fromString('9007199254740993'), price: Decimal128.fromString('1.10') });
      await things.insertMany([{ _id: 2, name: 'b', n: 1 } as never, { _id: 3, name: 'c', n: 1 } as never, { _id: 4, name: 'd' } as never]);
      await things.updateOne({ _id: 2 as never }, { $inc: { n: 5 } });
      await things.updateOne({ name: 'z' }, { $set: { n: 9 } }, { upsert: true });
      await things.deleteOne({ _id: 4 as never });
      await things.findOneAndUpdate({ _id: 3 as never }, { $set: { n: 7 } });
      await things.bulkWrite([{ insertOne: { document: { _id: 5, name: 'e' } as never } }, { updateOne: { filter: { _id: 5 as never }, update: { $set: { bulk: true } } } }]);
      await things.dropIndex('tag_1');
      await db.createCollection('empty');
      await db.collection('gone').insertOne({ x: 1 });
      await db.collection('gone').drop();
      await db.collection('old').insertOne({ _id: 1 as never, moved: true });
      await db.collection('old').rename('renamed');
      const session = client.startSession();
      try {
        await session.withTransaction(async () => {
          await db.collection('ledger').insertOne({ _id: 1 as never, amount: 10 }, { session });
          await things.updateOne({ _id: 2 as never }, { $set: { inTxn: true } }, { session });
        });
      } finally {
        await session.endSession();
      }
      await client.db('other').collection('c').insertOne({ _id: 'x' as never });
      await client.db('dropped').collection('c').insertOne({ _id: 'x' as never });
      await client.db('dropped').dropDatabase();
      uuid = String(((await db.listCollections({ name: 'things' }, { nameOnly: false }).toArray())[0] as { info?: { uuid?: unknown } } | undefined)?.info?.uuid);
    });

    expect(uuid).not.toBe('undefined');
    await withServer(dir, async (client) => {
      const db = client.db('app');
      const things = db.collection('things');
      const doc = await things.findOne({ _id: id }, { promoteLongs: false });
      expect(doc?.name).toBe('a');
      expect(doc?.when).toEqual(new Date('2026-01-02T03:04:05Z'));
      expect(String(doc?.big)).toBe('9007199254740993');
      expect(String(doc?.price)).toBe('1.10');
      expect(await things.findOne({ _id: 2 as never })).toMatchObject({ n: 6, inTxn: true });
      expect(await things.findOne({ _id: 3 as never })).toMatchObject({ n: 7 });
      expect(await things.findOne({ _id: 4 as never })).toBeNull();
      expect(await things.findOne({ _id: 5 as never })).toMatchObject({ bulk: true });
      expect(await things.findOne({ name: 'z' })).toMatchObject({ n: 9 });
      expect((await things.listIndexes().toArray()).map((ix) => ix.name)).toEqual(['_id_', 'name_1']);
      await expect(things.insertOne({ name: 'a' })).rejects.toThrow(/E11000/);
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      expect(names).toEqual(['empty', 'ledger', 'renamed', 'things']);
      expect(await db.collection('renamed').findOne({ _id: 1 as never })).toMatchObject({ moved: true });
      expect(await db.collection('ledger').findOne({ _id: 1 as never })).toMatchObject({ amount: 10 });
      expect(String(((await db.listCollections({ name: 'things' }, { nameOnly: false }).toArray())[0] as { info?: { uuid?: unknown } } | undefined)?.info?.uuid)).toBe(uuid);
      const dbs = (await client.db('admin').admin().listDatabases()).databases.map((d) => d.name);
      expect(dbs).toContain('other');
      expect(dbs).not.toContain('dropped');
      for (const name of dbs) {
        for (const { name: coll } of await client.db(name).listCollections({}, { nameOnly: true }).toArray()) live += await client.db(name).collection(coll).countDocuments();
      }
    });
    // dropped collections and databases left no documents behind
    const root = open({ path: join(dir, 'storage.mdb'), readOnly: true });
    try {
      expect(root.openDB({ name: 'documents', encoding: 'binary' }).getCount()).toBe(live);
    } finally {
      await root.close();
    }
  });

  it('stores one LMDB entry per document, not one blob', async () => {
    const dir = await tempDir('mts-storage-entries-');
    await withServer(dir, async (client) => {
      await client.db('d').collection('c').insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i as never, v: `v${i}` })));
    });
    const files = await readdir(dir);
    expect(files).toContain('storage.mdb');
    const root = open({ path: join(dir, 'storage.mdb'), readOnly: true });
    try {
      const docs = root.openDB({ name: 'documents', encoding: 'binary' });
      expect(docs.getCount()).toBe(250);
      let largest = 0;
      for (const { value } of docs.getRange()) largest = Math.max(largest, (value as Buffer).length);
      expect(largest).toBeLessThan(100);
    } finally {
      await root.close();
    }
  });

  it('keeps data written by a server that was never closed (no close-time save)', async () => {
    const dir = await tempDir('mts-storage-unclosed-');
    const server = await startMongoTestServer({ dataDir: dir });
    const client = new MongoClient(server.uri);
    await client.db('d').collection('c').insertOne({ _id: 'kept' as never });
    await client.close();
    // Another process reads the files while this server still runs: the write is already committed.
    const script = `import('lmdb').then(({ open }) => { const root = open({ path: process.argv[1], readOnly: true }); console.log(root.openDB({ name: 'documents', encoding: 'binary' }).getCount()); })`;
    const { stdout } = await execFileAsync(process.execPath, ['-e', script, join(dir, 'storage.mdb')]);
    expect(stdout.trim()).toBe('1');
    await server.close();
  });

  it('keeps a document of the full 16 MiB', async () => {
    const dir = await tempDir('mts-storage-big-');
    const big = 'a'.repeat(16 * 1024 * 1024 - 100);
    await withServer(dir, async (client) => {
      await client.db('d').collection('c').insertOne({ _id: 1 as never, big });
    });
    await withServer(dir, async (client) => {
      expect((await client.db('d').collection('c').findOne({ _id: 1 as never }))?.big).toHaveLength(big.length);
    });
  });

  it('reset() clears the data directory too', async () => {
    const dir = await tempDir('mts-storage-reset-');
    await withServer(dir, async (client, server) => {
      await client.db('d').collection('c').insertOne({ _id: 1 as never });
      server.reset();
      await client.db('admin').command({ ping: 1 });
    });
    await withServer(dir, async (client) => {
      expect(await client.db('d').collection('c').countDocuments()).toBe(0);
    });
  });

  it('stays in memory without a data directory', async () => {
    const server = await startMongoTestServer();
    const client = new MongoClient(server.uri);
    await client.db('d').collection('c').insertOne({ _id: 1 as never });
    await client.close();
    await server.close();
  });
});
