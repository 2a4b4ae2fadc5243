// Bulk load check: 100k small documents via insertMany (hash-indexed _id and unique index, no scans).
import { afterAll, expect, it } from 'vitest';
import { connect, uniqueDbName } from './__fixtures__/mongo.js';

const client = await connect();
const db = client.db(uniqueDbName('bulk'));

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

it('inserts 100k small documents with insertMany', { timeout: 300_000 }, async () => {
  const coll = db.collection('many');
  await coll.createIndex({ k: 1 }, { unique: true });
  const docs = Array.from({ length: 100_000 }, (_, i) => ({ k: i, s: `v${i % 100}` }));
  const res = await coll.insertMany(docs);
  expect(res.insertedCount).toBe(100_000);
  expect(await coll.countDocuments()).toBe(100_000);
  expect(await coll.countDocuments({ s: 'v7' })).toBe(1000);
  expect((await coll.findOne({ k: 99_999 }))?.s).toBe('v99');
  const all = await coll.find({}, { projection: { _id: 0, k: 1 } }).toArray();
  expect(all).toHaveLength(100_000);
  const updated = await coll.updateMany({ k: { $lt: 50_000 } }, { $inc: { k: 1_000_000 } });
  expect(updated.modifiedCount).toBe(50_000);
  const removed = await coll.deleteMany({ s: 'v1' });
  expect(removed.deletedCount).toBe(1000);
});
