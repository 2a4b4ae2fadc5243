// MongoDB's 16 MiB document limit on every write path, answered with MongoDB's codes and messages.
import { calculateObjectSize } from 'bson';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, uniqueDbName } from './__fixtures__/mongo.js';

const MAX = 16 * 1024 * 1024;
const client = await connect();
const db = client.db(uniqueDbName('docsize'));

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

/** A string that makes `{ _id, <field>: s }` exactly `size` bytes of BSON. */
function filler(id: unknown, size: number, field = 'x'): string {
  const overhead = calculateObjectSize({ _id: id, [field]: '' });
  return 'a'.repeat(size - overhead);
}

describe('16 MiB document limit', () => {
  it('accepts a document of exactly 16 MiB and refuses one byte more on insert (BadValue, like mongod)', async () => {
    const coll = db.collection('insert');
    const ok = await db.command({ insert: 'insert', documents: [{ _id: 1, x: filler(1, MAX) }] });
    expect(ok.n).toBe(1);
    const res = await db.command({ insert: 'insert', documents: [{ _id: 2, x: filler(2, MAX + 1) }, { _id: 3 }], ordered: false });
    expect(res.n).toBe(1);
    expect(res.writeErrors).toHaveLength(1);
    expect(res.writeErrors[0]).toMatchObject({ index: 0, code: 2, errmsg: `object to insert too large. size in bytes: ${MAX + 1}, max size: ${MAX}` });
    expect(await coll.countDocuments({ _id: { $in: [1, 3] } as never })).toBe(2);
    expect(await coll.countDocuments({ _id: 2 as never })).toBe(0);
  });

  it('refuses an update whose resulting document passes the limit (17419) and leaves the document as it was', async () => {
    const coll = db.collection('update');
    await coll.insertOne({ _id: 1 as never, x: filler(1, MAX - 100), n: 0 });
    const err = await coll.updateOne({ _id: 1 as never }, { $set: { y: 'b'.repeat(200) } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 17419, errmsg: `Resulting document after update is larger than ${MAX}` });
    await coll.updateOne({ _id: 1 as never }, { $inc: { n: 1 } });
    const doc = await coll.findOne({ _id: 1 as never }, { projection: { x: 0 } });
    expect(doc).toEqual({ _id: 1, n: 1 });
    const replaced = await coll.replaceOne({ _id: 1 as never }, { x: filler(1, MAX + 10) }).catch((e: unknown) => e);
    expect(replaced).toMatchObject({ code: 17419 });
  });

  it('refuses an upsert that would insert a too large document (17420)', async () => {
    const coll = db.collection('upsert');
    const err = await coll.updateOne({ _id: 1 as never }, { $set: { x: filler(1, MAX + 1) } }, { upsert: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 17420, errmsg: `Document to upsert is larger than ${MAX}` });
    expect(await coll.countDocuments()).toBe(0);
  });

  it('applies the limit to findAndModify and to bulk writes', async () => {
    const coll = db.collection('fam');
    await coll.insertOne({ _id: 1 as never, x: filler(1, MAX - 100) });
    const err = await coll.findOneAndUpdate({ _id: 1 as never }, { $set: { y: 'b'.repeat(200) } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 17419 });
    const upsert = await coll.findOneAndUpdate({ _id: 2 as never }, { $set: { y: filler(2, MAX + 1, 'y') } }, { upsert: true }).catch((e: unknown) => e);
    expect(upsert).toMatchObject({ code: 17420 });
    const bulk = await coll
      .bulkWrite([{ updateOne: { filter: { _id: 1 as never }, update: { $set: { y: 'b'.repeat(200) } } } }, { insertOne: { document: { _id: 3 } as never } }], { ordered: false })
      .catch((e: unknown) => e);
    expect(bulk).toMatchObject({ writeErrors: [expect.objectContaining({ code: 17419 })] });
    expect(await coll.countDocuments({ _id: 3 as never })).toBe(1);
  });

  it('applies the limit inside a transaction', async () => {
    const coll = db.collection('txn');
    await coll.insertOne({ _id: 1 as never, x: filler(1, MAX - 100) });
    const session = client.startSession();
    try {
      session.startTransaction();
      const err = await coll.updateOne({ _id: 1 as never }, { $set: { y: 'b'.repeat(200) } }, { session }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 17419 });
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await coll.findOne({ _id: 1 as never }, { projection: { x: 0 } })).toEqual({ _id: 1 });
  });
});
