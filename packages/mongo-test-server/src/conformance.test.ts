// Conformance suite: the real mongodb driver against the test server (or a real MongoDB via MONGODB_URI).
import { Binary, Decimal128, Double, Int32, Long, MongoBulkWriteError, MongoServerError, ObjectId, Timestamp, UUID } from 'mongodb';
import type { Db, Document, MongoClient } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, detectTestServer, mongoUri, serverError, uniqueDbName } from './__fixtures__/mongo.js';

const client: MongoClient = await connect();
const isTestServer = await detectTestServer(client);
const db: Db = client.db(uniqueDbName('conformance'));

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('CRUD', () => {
  const coll = () => db.collection('crud');
  beforeEach(async () => {
    await coll().deleteMany({});
  });

  it('inserts, finds, updates and deletes', async () => {
    const r = await coll().insertMany([{ name: 'a', n: 1 }, { name: 'b', n: 2 }, { name: 'c', n: 3 }]);
    expect(r.insertedCount).toBe(3);
    expect(Object.values(r.insertedIds).every((id) => id instanceof ObjectId)).toBe(true);
    expect(await coll().countDocuments({ n: { $gte: 2 } })).toBe(2);
    const u = await coll().updateMany({ n: { $lt: 3 } }, { $set: { small: true } });
    expect(u.matchedCount).toBe(2);
    expect(u.modifiedCount).toBe(2);
    const same = await coll().updateOne({ name: 'a' }, { $set: { small: true } });
    expect(same.matchedCount).toBe(1);
    expect(same.modifiedCount).toBe(0);
    const d = await coll().deleteOne({ small: true });
    expect(d.deletedCount).toBe(1);
    const dm = await coll().deleteMany({});
    expect(dm.deletedCount).toBe(2);
  });

  it('supports any _id type and rejects duplicate _id', async () => {
    await coll().insertMany([{ _id: 1 as never }, { _id: 'str' as never }, { _id: { a: 1 } as never }]);
    expect(await coll().findOne({ _id: 'str' as never })).toEqual({ _id: 'str' });
    expect(await coll().findOne({ _id: { a: 1 } as never })).toEqual({ _id: { a: 1 } });
    const err = await serverError(coll().insertOne({ _id: 1 as never }));
    expect(err.code).toBe(11000);
    expect(err.message).toMatch(/E11000 duplicate key error collection: .*\.crud index: _id_ dup key: \{ _id: 1 \}/);
  });

  it('replaceOne keeps _id and replaces fields', async () => {
    const { insertedId } = await coll().insertOne({ a: 1, b: 2 });
    await coll().replaceOne({ _id: insertedId }, { c: 3 });
    expect(await coll().findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
  });

  it('findOneAndUpdate / findOneAndDelete / findOneAndReplace', async () => {
    await coll().insertMany([{ k: 1, v: 'x' }, { k: 2, v: 'y' }]);
    const before = await coll().findOneAndUpdate({ k: 1 }, { $set: { v: 'z' } }, { returnDocument: 'before' });
    expect(before?.v).toBe('x');
    const after = await coll().findOneAndUpdate({ k: 1 }, { $set: { v: 'w' } }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(after).toEqual({ k: 1, v: 'w' });
    const up = await coll().findOneAndUpdate({ k: 9 }, { $set: { v: 'new' } }, { upsert: true, returnDocument: 'after' });
    expect(up).toMatchObject({ k: 9, v: 'new' });
    const none = await coll().findOneAndUpdate({ k: 99 }, { $set: { v: 'no' } });
    expect(none).toBeNull();
    const del = await coll().findOneAndDelete({}, { sort: { k: -1 } });
    expect(del?.k).toBe(9);
    const rep = await coll().findOneAndReplace({ k: 2 }, { k: 2, replaced: true }, { returnDocument: 'after' });
    expect(rep).toMatchObject({ k: 2, replaced: true });
    const full = await coll().findOneAndUpdate({ k: 2 }, { $inc: { n: 1 } }, { includeResultMetadata: true });
    expect(full.ok).toBe(1);
    expect(full.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
  });

  it('bulkWrite mixes operations', async () => {
    const r = await coll().bulkWrite([
      { insertOne: { document: { _id: 1 as never, a: 1 } } },
      { insertOne: { document: { _id: 2 as never, a: 2 } } },
      { updateOne: { filter: { _id: 1 as never }, update: { $inc: { a: 10 } } } },
      { updateOne: { filter: { _id: 3 as never }, update: { $set: { a: 3 } }, upsert: true } },
      { deleteOne: { filter: { _id: 2 as never } } },
      { replaceOne: { filter: { _id: 1 as never }, replacement: { a: 'r' } } },
    ]);
    expect(r.insertedCount).toBe(2);
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(2);
    expect(r.upsertedCount).toBe(1);
    expect(r.deletedCount).toBe(1);
    expect(await coll().find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, a: 'r' },
      { _id: 3, a: 3 },
    ]);
  });
});

describe('update operators', () => {
  const coll = () => db.collection('ops');
  beforeEach(async () => {
    await coll().deleteMany({});
  });

  it('applies field operators', async () => {
    const { insertedId: _id } = await coll().insertOne({ a: 1, b: 5, c: 'x', d: { e: 1 }, n: 2, old: 'o' });
    await coll().updateOne(
      { _id },
      {
        $set: { 'd.f': 2, 'g.h': 'deep' },
        $unset: { c: '' },
        $inc: { a: 2 },
        $mul: { n: 3 },
        $min: { b: 3 },
        $max: { m: 7 },
        $rename: { old: 'renamed' },
        $currentDate: { at: true },
      },
    );
    const doc = await coll().findOne({ _id });
    expect(doc).toMatchObject({ a: 3, b: 3, d: { e: 1, f: 2 }, g: { h: 'deep' }, n: 6, m: 7, renamed: 'o' });
    expect(doc?.c).toBeUndefined();
    expect(doc?.old).toBeUndefined();
    expect(doc?.at).toBeInstanceOf(Date);
  });

  it('applies array operators', async () => {
    const { insertedId: _id } = await coll().insertOne({ tags: ['a'], nums: [5, 1, 9], set: [1], q: [1, 2, 3, 4], objs: [{ k: 1 }, { k: 2 }] });
    await coll().updateOne({ _id }, { $push: { tags: { $each: ['c', 'b'], $sort: 1, $slice: 3 } } as never, $addToSet: { set: { $each: [1, 2] } }, $pop: { nums: 1 } });
    await coll().updateOne({ _id }, { $pull: { q: { $gte: 3 }, objs: { k: 2 } } as never, $push: { nums: { $each: [0], $position: 0 } } as never });
    await coll().updateOne({ _id }, { $pullAll: { set: [2] } as never });
    expect(await coll().findOne({ _id }, { projection: { _id: 0 } })).toEqual({ tags: ['a', 'b', 'c'], nums: [0, 5, 1], set: [1], q: [1, 2], objs: [{ k: 1 }] });
  });

  it('reports errors for invalid updates', async () => {
    await coll().insertOne({ _id: 1 as never, s: 'str' });
    const inc = await serverError(coll().updateOne({ _id: 1 as never }, { $inc: { s: 1 } }));
    expect(inc.code).toBe(14);
    const conflict = await serverError(coll().updateOne({ _id: 1 as never }, { $set: { a: 1 }, $inc: { a: 1 } }));
    expect(conflict.code).toBe(40);
    const notViable = await serverError(coll().updateOne({ _id: 1 as never }, { $set: { 's.x': 1 } }));
    expect(notViable.code).toBe(28);
    expect(notViable.message).toBe('Cannot create field \'x\' in element {s: "str"}');
    const idChange = await serverError(coll().updateOne({ _id: 1 as never }, { $set: { _id: 2 } }));
    expect(idChange.code).toBe(66);
    const unknown = await serverError(db.command({ update: 'ops', updates: [{ q: {}, u: { $frobnicate: { a: 1 } } }] }).then((r) => {
      if (r.writeErrors) throw new MongoServerError(r.writeErrors[0]);
      return r;
    }));
    expect(unknown.code).toBe(9);
  });

  it('upserts with equality fields from the query', async () => {
    const r = await coll().updateOne({ name: 'x', 'meta.kind': 'k', age: { $gt: 3 }, v: { $eq: 7 } }, { $set: { extra: true }, $setOnInsert: { created: 1 } }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await coll().findOne({ _id: r.upsertedId as ObjectId }, { projection: { _id: 0 } });
    expect(doc).toEqual({ name: 'x', meta: { kind: 'k' }, v: 7, extra: true, created: 1 });
    const again = await coll().updateOne({ name: 'x' }, { $set: { extra: false }, $setOnInsert: { created: 2 } }, { upsert: true });
    expect(again.upsertedCount).toBe(0);
    expect((await coll().findOne({ name: 'x' }))?.created).toBe(1);
    const withId = await coll().updateOne({ _id: 'fixed' as never }, { $set: { a: 1 } }, { upsert: true });
    expect(withId.upsertedId).toBe('fixed');
    const repl = await coll().replaceOne({ name: 'y' }, { name: 'y', replaced: true }, { upsert: true });
    expect(repl.upsertedCount).toBe(1);
  });

  it('supports arrayFilters, $[] and the positional $ operator', async () => {
    const { insertedId: _id } = await coll().insertOne({ grades: [80, 95, 100, 70], items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }], all: [1, 2] });
    await coll().updateOne({ _id }, { $set: { 'grades.$[g]': 0 } }, { arrayFilters: [{ g: { $gte: 90 } }] });
    await coll().updateOne({ _id, 'items.sku': 'b' }, { $set: { 'items.$.qty': 5 } });
    await coll().updateOne({ _id }, { $inc: { 'all.$[]': 10 } });
    await coll().updateOne({ _id }, { $set: { 'items.$[it].flag': true } }, { arrayFilters: [{ 'it.qty': { $gt: 3 } }] });
    expect(await coll().findOne({ _id }, { projection: { _id: 0 } })).toEqual({
      grades: [80, 0, 0, 70],
      items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5, flag: true }],
      all: [11, 12],
    });
  });

  it('supports pipeline updates', async () => {
    const { insertedId: _id } = await coll().insertOne({ a: 2, b: 3, drop: 1 });
    await coll().updateOne({ _id }, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'drop' }]);
    expect(await coll().findOne({ _id }, { projection: { _id: 0 } })).toEqual({ a: 2, b: 3, total: 5 });
  });
});

describe('queries, sort and projection', () => {
  const coll = () => db.collection('sorting');

  it('sorts mixed types in BSON order', async () => {
    await coll().deleteMany({});
    const oid = new ObjectId('000000000000000000000001');
    await coll().insertMany([
      { _id: 1 as never, v: 'b' },
      { _id: 2 as never, v: 2.5 },
      { _id: 3 as never, v: null },
      { _id: 4 as never },
      { _id: 5 as never, v: true },
      { _id: 6 as never, v: { x: 1 } },
      { _id: 7 as never, v: new Date(0) },
      { _id: 8 as never, v: oid },
      { _id: 9 as never, v: [0, 50] },
      { _id: 10 as never, v: 'a' },
      { _id: 11 as never, v: false },
      { _id: 12 as never, v: Long.fromNumber(1) },
    ]);
    const asc = await coll().find({}).sort({ v: 1, _id: 1 }).toArray();
    expect(asc.map((d) => d._id)).toEqual([3, 4, 9, 12, 2, 10, 1, 6, 8, 11, 5, 7]);
    const desc = await coll().find({}).sort({ v: -1, _id: 1 }).toArray();
    expect(desc.map((d) => d._id)).toEqual([7, 5, 11, 8, 6, 1, 10, 9, 2, 12, 3, 4]);
  });

  it('filters with query operators', async () => {
    await coll().deleteMany({});
    await coll().insertMany([
      { _id: 1 as never, n: 1, tags: ['x', 'y'], s: 'apple' },
      { _id: 2 as never, n: 5, tags: ['y'], s: 'banana' },
      { _id: 3 as never, n: 10, s: 'cherry', sub: { a: 1 } },
    ]);
    const ids = async (f: Document) => (await coll().find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ n: { $in: [1, 10] } })).toEqual([1, 3]);
    expect(await ids({ tags: 'y' })).toEqual([1, 2]);
    expect(await ids({ tags: { $all: ['x', 'y'] } })).toEqual([1]);
    expect(await ids({ s: /an/ })).toEqual([2]);
    expect(await ids({ s: { $regex: '^C', $options: 'i' } })).toEqual([3]);
    expect(await ids({ sub: { $exists: true } })).toEqual([3]);
    expect(await ids({ $or: [{ n: 1 }, { 'sub.a': 1 }] })).toEqual([1, 3]);
    expect(await ids({ n: { $not: { $gt: 2 } } })).toEqual([1]);
    expect(await ids({ $expr: { $gt: ['$n', 4] } })).toEqual([2, 3]);
    expect(await ids({ tags: { $size: 1 } })).toEqual([2]);
    const bad = await serverError(coll().find({ n: { $frob: 1 } }).toArray());
    expect(bad.code).toBe(2);
  });

  it('projects fields', async () => {
    await coll().deleteMany({});
    await coll().insertOne({ _id: 1 as never, a: 1, b: { c: 2, d: 3 }, arr: [1, 2, 3, 4], objs: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }] });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { a: 1 } })).toEqual({ _id: 1, a: 1 });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { 'b.c': 1, _id: 0 } })).toEqual({ b: { c: 2 } });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { b: 0, arr: 0, objs: 0 } })).toEqual({ _id: 1, a: 1 });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { arr: { $slice: -2 }, a: 1 } })).toEqual({ _id: 1, a: 1, arr: [3, 4] });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { objs: { $elemMatch: { k: 2 } } } })).toEqual({ _id: 1, objs: [{ k: 2, v: 'b' }] });
    expect(await coll().findOne({ _id: 1 as never }, { projection: { 'objs.v': 1, _id: 0 } })).toEqual({ objs: [{ v: 'a' }, { v: 'b' }] });
    expect(await coll().findOne({ _id: 1 as never, 'objs.k': 2 }, { projection: { 'objs.$': 1 } })).toEqual({ _id: 1, objs: [{ k: 2, v: 'b' }] });
    expect(await coll().findOne({ arr: { $gte: 3 } }, { projection: { 'arr.$': 1, a: 1, _id: 0 } })).toEqual({ a: 1, arr: [3] });
    await coll().insertOne({ _id: 2 as never, n: { arr: [1, 2, 3] }, keep: true });
    expect(await coll().findOne({ _id: 2 as never }, { projection: { 'n.arr': { $slice: 1 } } })).toEqual({ _id: 2, n: { arr: [1] }, keep: true });
    expect(await coll().findOne({ _id: 2 as never })).toEqual({ _id: 2, n: { arr: [1, 2, 3] }, keep: true });
    const mixed = await serverError(coll().findOne({ _id: 1 as never }, { projection: { a: 1, b: 0 } }));
    expect(mixed.code).toBeGreaterThan(0);
  });

  it('iterates cursors with batchSize, skip and limit across getMore', async () => {
    await coll().deleteMany({});
    await coll().insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i as never, i })));
    const all = await coll().find({}).sort({ i: 1 }).batchSize(7).toArray();
    expect(all).toHaveLength(250);
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const page = await coll().find({}).sort({ i: -1 }).skip(10).limit(5).toArray();
    expect(page.map((d) => d.i)).toEqual([239, 238, 237, 236, 235]);
    const cursor = coll().find({}, { batchSize: 3 });
    const first = await cursor.next();
    expect(first).not.toBeNull();
    await cursor.close();
    const single = await db.command({ find: 'sorting', filter: {}, limit: 3, singleBatch: true, batchSize: 10 });
    expect(single.cursor.firstBatch).toHaveLength(3);
    expect(Number(single.cursor.id)).toBe(0);
    expect(await coll().find({}).limit(-4).toArray()).toHaveLength(4);
    const oneBatch = await db.command({ find: 'sorting', filter: {}, singleBatch: true, batchSize: 6 });
    expect(oneBatch.cursor.firstBatch).toHaveLength(6);
    expect(Number(oneBatch.cursor.id)).toBe(0);
    const raw = await db.command({ find: 'sorting', filter: {}, batchSize: 2 });
    expect(raw.cursor.firstBatch).toHaveLength(2);
    const more = await db.command({ getMore: raw.cursor.id, collection: 'sorting', batchSize: 5 });
    expect(more.cursor.nextBatch).toHaveLength(5);
    const killed = await db.command({ killCursors: 'sorting', cursors: [raw.cursor.id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const gone = await serverError(db.command({ getMore: raw.cursor.id, collection: 'sorting' }));
    expect(gone.code).toBe(43);
  });

  it('counts and distinct values', async () => {
    await coll().deleteMany({});
    await coll().insertMany([{ c: 'a', t: [1, 2] }, { c: 'b', t: [2, 3] }, { c: 'a' }]);
    expect(await coll().countDocuments()).toBe(3);
    expect(await coll().countDocuments({ c: 'a' })).toBe(2);
    expect(await coll().countDocuments({}, { limit: 2 })).toBe(2);
    expect(await coll().estimatedDocumentCount()).toBe(3);
    expect((await coll().distinct('c')).sort()).toEqual(['a', 'b']);
    expect((await coll().distinct('t', { c: 'a' })).sort()).toEqual([1, 2]);
    const count = await db.command({ count: 'sorting', query: { c: 'b' } });
    expect(count.n).toBe(1);
  });
});

describe('aggregation', () => {
  it('groups, sorts and looks up across collections', async () => {
    const orders = db.collection('orders');
    const customers = db.collection('customers');
    await customers.insertMany([{ _id: 1 as never, name: 'Ann' }, { _id: 2 as never, name: 'Bob' }]);
    await orders.insertMany([
      { cust: 1, total: 10 },
      { cust: 1, total: 5 },
      { cust: 2, total: 7 },
    ]);
    const grouped = await orders
      .aggregate([{ $group: { _id: '$cust', sum: { $sum: '$total' }, n: { $sum: 1 } } }, { $sort: { sum: -1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 1, sum: 15, n: 2 },
      { _id: 2, sum: 7, n: 1 },
    ]);
    const joined = await orders
      .aggregate([
        { $match: { total: { $gte: 7 } } },
        { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'customer' } },
        { $unwind: '$customer' },
        { $project: { _id: 0, total: 1, name: '$customer.name' } },
        { $sort: { total: 1 } },
      ])
      .toArray();
    expect(joined).toEqual([
      { total: 7, name: 'Bob' },
      { total: 10, name: 'Ann' },
    ]);
    const batched = await orders.aggregate([{ $sort: { total: 1 } }], { batchSize: 1 }).toArray();
    expect(batched.map((d) => d.total)).toEqual([5, 7, 10]);
    const counted = await orders.aggregate([{ $count: 'n' }]).toArray();
    expect(counted).toEqual([{ n: 3 }]);
  });

  it.skipIf(!isTestServer)('reports $out as not implemented (test server only)', async () => {
    const err = await serverError(db.collection('orders').aggregate([{ $out: 'x' }]).toArray());
    expect(err.code).toBe(238);
    expect(err.codeName).toBe('NotImplemented');
  });
});

describe('indexes', () => {
  it('enforces unique, compound, sparse and partial indexes with E11000 errors', async () => {
    const c = db.collection('idx');
    await c.drop().catch(() => undefined);
    expect(await c.createIndex({ name: 1 }, { unique: true })).toBe('name_1');
    await c.createIndex({ a: 1, b: -1 }, { unique: true });
    await c.createIndex({ s: 1 }, { unique: true, sparse: true, name: 'sparse_s' });
    await c.createIndex({ p: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([{ name: 'x', a: 1, b: 1 }, { name: 'y', a: 1, b: 2 }]);
    const dup = await serverError(c.insertOne({ name: 'x' }));
    expect(dup.code).toBe(11000);
    expect(dup.message).toContain('index: name_1 dup key: { name: "x" }');
    expect(dup.keyPattern).toEqual({ name: 1 });
    expect(dup.keyValue).toEqual({ name: 'x' });
    const compound = await serverError(c.insertOne({ name: 'z', a: 1, b: 2 }));
    expect(compound.keyValue).toEqual({ a: 1, b: 2 });
    expect(compound.message).toContain('index: a_1_b_-1 dup key: { a: 1, b: 2 }');
    await c.insertOne({ name: 'sparse-1', a: 2 });
    await c.insertOne({ name: 'sparse-2', a: 3 });
    await c.insertMany([{ name: 'p1', a: 4, p: 1, active: false }, { name: 'p2', a: 5, p: 1, active: false }, { name: 'p3', a: 6, p: 1, active: true }]);
    const partial = await serverError(c.insertOne({ name: 'p4', a: 7, p: 1, active: true }));
    expect(partial.code).toBe(11000);
    const upd = await serverError(c.updateOne({ name: 'y' }, { $set: { name: 'x' } }));
    expect(upd.code).toBe(11000);
    const fam = await serverError(c.findOneAndUpdate({ name: 'y' }, { $set: { name: 'x' } }));
    expect(fam.code).toBe(11000);
    expect(fam.keyValue).toEqual({ name: 'x' });
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'name_1', 'a_1_b_-1', 'sparse_s', 'p_1']);
    const spec = (await c.listIndexes().toArray()).find((i) => i.name === 'p_1');
    expect(spec).toMatchObject({ key: { p: 1 }, unique: true, partialFilterExpression: { active: true } });
    await c.dropIndex('name_1');
    await c.insertOne({ name: 'x', a: 100 });
    const missing = await serverError(c.dropIndex('nope'));
    expect(missing.code).toBe(27);
  });

  it('reports conflicting index options and duplicate data on build', async () => {
    const c = db.collection('idx2');
    await c.drop().catch(() => undefined);
    await c.createIndex({ a: 1 });
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    const opts = await serverError(c.createIndex({ a: 1 }, { unique: true }));
    expect([85, 86]).toContain(opts.code);
    const otherName = await serverError(c.createIndex({ a: 1 }, { name: 'other' }));
    expect(otherName.code).toBe(85);
    const sameName = await serverError(c.createIndex({ b: 1 }, { name: 'a_1' }));
    expect(sameName.code).toBe(86);
    await c.insertMany([{ u: 1 }, { u: 1 }]);
    const build = await serverError(c.createIndex({ u: 1 }, { unique: true }));
    expect(build.code).toBe(11000);
  });

  it('reports write errors for ordered and unordered inserts', async () => {
    const c = db.collection('idx3');
    await c.drop().catch(() => undefined);
    await c.createIndex({ k: 1 }, { unique: true });
    const docs = [{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 }];
    const ordered = await c.insertMany(docs.map((d) => ({ ...d }))).catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    const oe = ordered as MongoBulkWriteError;
    expect(oe.result.insertedCount).toBe(1);
    expect(oe.writeErrors).toHaveLength(1);
    const first = Array.isArray(oe.writeErrors) ? oe.writeErrors[0] : oe.writeErrors;
    expect(first?.index).toBe(1);
    expect(first?.code).toBe(11000);
    expect(first?.errmsg).toContain('index: k_1 dup key: { k: 1 }');
    const raw = await db.command({ insert: 'idx3', documents: [{ k: 1 }] });
    expect(raw.n).toBe(0);
    expect(raw.writeErrors).toHaveLength(1);
    expect(raw.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyPattern: { k: 1 }, keyValue: { k: 1 } });
    expect(raw.writeErrors[0].errmsg).toMatch(/^E11000 duplicate key error collection: \w+\.idx3 index: k_1 dup key: \{ k: 1 \}$/);
    await c.deleteMany({});
    const unordered = (await c.insertMany(docs.map((d) => ({ ...d })), { ordered: false }).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered.result.insertedCount).toBe(3);
    expect((unordered.writeErrors as unknown[]).length).toBe(2);
  });
});

describe('BSON round trips', () => {
  it('preserves BSON types exactly', async () => {
    const c = db.collection('bson');
    const oid = new ObjectId();
    const uuid = new UUID();
    const doc = {
      _id: oid,
      int: new Int32(7),
      dbl: new Double(1),
      dblFrac: new Double(2.5),
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('12345.6789'),
      date: new Date('2024-01-02T03:04:05.678Z'),
      bin: new Binary(Buffer.from([1, 2, 3]), 0),
      uuid,
      ts: new Timestamp({ t: 100, i: 1 }),
      str: 'héllo',
      bool: true,
      nil: null,
      nested: { arr: [new Int32(1), new Double(2), { x: Long.fromNumber(3) }] },
    };
    await c.insertOne(doc);
    const back = await c.findOne({ _id: oid }, { promoteValues: false, promoteLongs: false });
    expect(back?.int).toBeInstanceOf(Int32);
    expect(back?.dbl).toBeInstanceOf(Double);
    expect(back?.dbl.valueOf()).toBe(1);
    expect(back?.long).toBeInstanceOf(Long);
    expect(back?.long.toString()).toBe('9007199254740993');
    expect(back?.dec.toString()).toBe('12345.6789');
    expect(back?.date).toEqual(doc.date);
    expect(back?.bin.buffer).toEqual(doc.bin.buffer);
    expect(back?.uuid.toString('hex')).toBe(uuid.toString('hex'));
    expect(back?.ts).toEqual(doc.ts);
    expect(back?.nested.arr[1]).toBeInstanceOf(Double);
    expect(back?.nested.arr[2].x).toBeInstanceOf(Long);
    const promoted = await c.findOne({ _id: oid });
    expect(promoted?.int).toBe(7);
    expect(promoted?.dbl).toBe(1);
    // updates keep the types of untouched and incremented fields
    await c.updateOne({ _id: oid }, { $inc: { int: 1, dbl: 1, long: 1 } });
    const inc = await c.findOne({ _id: oid }, { promoteValues: false });
    expect(inc?.int).toBeInstanceOf(Int32);
    expect(inc?.dbl).toBeInstanceOf(Double);
    expect(inc?.long.toString()).toBe('9007199254740994');
    expect(inc?.dec.toString()).toBe('12345.6789');
  });

  it('queries by ObjectId, Date ranges, Long and UUID', async () => {
    const c = db.collection('bsonq');
    const ids: [ObjectId, ObjectId, ObjectId] = [new ObjectId(), new ObjectId(), new ObjectId()];
    const uuid = new UUID();
    await c.insertMany([
      { _id: ids[0], at: new Date('2024-01-01'), big: Long.fromNumber(10), u: uuid },
      { _id: ids[1], at: new Date('2024-02-01'), big: Long.fromNumber(20) },
      { _id: ids[2], at: new Date('2024-03-01'), big: 30 },
    ]);
    expect((await c.findOne({ _id: ids[1] }))?._id.equals(ids[1])).toBe(true);
    expect(await c.countDocuments({ _id: { $in: [ids[0], ids[2]] } })).toBe(2);
    expect(await c.countDocuments({ at: { $gte: new Date('2024-01-15'), $lt: new Date('2024-03-01') } })).toBe(1);
    expect(await c.countDocuments({ big: { $gt: 15 } })).toBe(2);
    expect(await c.countDocuments({ big: Long.fromNumber(30) })).toBe(1);
    expect(await c.countDocuments({ u: uuid })).toBe(1);
    const sorted = await c.find({}).sort({ _id: -1 }).toArray();
    expect(sorted.map((d) => d._id.toHexString())).toEqual([...ids].reverse().map((i) => i.toHexString()));
  });
});

describe('transactions', () => {
  const coll = () => db.collection('txn');
  beforeEach(async () => {
    await coll().deleteMany({});
    await coll().insertOne({ _id: 'acct' as never, balance: 100 });
  });

  it('commits writes atomically', async () => {
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: -10 } }, { session });
        await coll().insertOne({ _id: 'log' as never, amount: 10 }, { session });
        expect(await coll().countDocuments({}, { session })).toBe(2);
        expect(await coll().countDocuments({})).toBe(1);
      });
    } finally {
      await session.endSession();
    }
    expect((await coll().findOne({ _id: 'acct' as never }))?.balance).toBe(90);
    expect(await coll().countDocuments()).toBe(2);
  });

  it('discards writes on abort', async () => {
    const session = client.startSession();
    session.startTransaction();
    await coll().insertOne({ _id: 'tmp' as never }, { session });
    await coll().updateOne({ _id: 'acct' as never }, { $set: { balance: 0 } }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await coll().countDocuments()).toBe(1);
    expect((await coll().findOne({ _id: 'acct' as never }))?.balance).toBe(100);
  });

  it('reads from a snapshot', async () => {
    const session = client.startSession();
    session.startTransaction();
    expect((await coll().findOne({ _id: 'acct' as never }, { session }))?.balance).toBe(100);
    await coll().insertOne({ _id: 'outside' as never });
    expect(await coll().countDocuments({}, { session })).toBe(1);
    await session.commitTransaction();
    await session.endSession();
    expect(await coll().countDocuments()).toBe(2);
  });

  it('reports WriteConflict (112) with TransientTransactionError on concurrent writes', async () => {
    const s1 = client.startSession();
    const s2 = client.startSession();
    s1.startTransaction();
    s2.startTransaction();
    await coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: 1 } }, { session: s1 });
    const err = await serverError(coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: 2 } }, { session: s2 }));
    expect(err.code).toBe(112);
    expect(err.codeName).toBe('WriteConflict');
    expect(err.hasErrorLabel('TransientTransactionError')).toBe(true);
    await s2.abortTransaction().catch(() => undefined);
    await s1.commitTransaction();
    await s1.endSession();
    await s2.endSession();
    expect((await coll().findOne({ _id: 'acct' as never }))?.balance).toBe(101);
  });

  it('reports WriteConflict when the document changed after the snapshot', async () => {
    const session = client.startSession();
    session.startTransaction();
    await coll().findOne({ _id: 'acct' as never }, { session });
    await coll().updateOne({ _id: 'acct' as never }, { $set: { balance: 50 } });
    const err = await serverError(coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: 1 } }, { session }));
    expect(err.code).toBe(112);
    expect(err.hasErrorLabel('TransientTransactionError')).toBe(true);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect((await coll().findOne({ _id: 'acct' as never }))?.balance).toBe(50);
  });

  it('retries withTransaction after a transient conflict', async () => {
    const session = client.startSession();
    let attempts = 0;
    try {
      await session.withTransaction(async () => {
        attempts++;
        await coll().findOne({ _id: 'acct' as never }, { session });
        if (attempts === 1) await coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: 1000 } });
        await coll().updateOne({ _id: 'acct' as never }, { $inc: { balance: 1 } }, { session });
      });
    } finally {
      await session.endSession();
    }
    expect(attempts).toBe(2);
    expect((await coll().findOne({ _id: 'acct' as never }))?.balance).toBe(1101);
  });
});

describe('more query and aggregation shapes', () => {
  const coll = () => db.collection('shapes');

  it('supports $natural order, compound sorts, $facet, $unionWith, $documents and expression projections', async () => {
    await coll().deleteMany({});
    await coll().insertMany([
      { _id: 1 as never, g: 'a', at: new Date(3), v: 1 },
      { _id: 2 as never, g: 'b', at: new Date(2), v: 2 },
      { _id: 3 as never, g: 'a', at: new Date(2), v: 3 },
    ]);
    expect((await coll().find({}).sort({ $natural: -1 }).toArray()).map((d) => d._id)).toEqual([3, 2, 1]);
    expect((await coll().find({}).sort({ at: -1, _id: -1 }).limit(2).toArray()).map((d) => d._id)).toEqual([1, 3]);
    const [facet] = await coll()
      .aggregate([{ $facet: { total: [{ $count: 'n' }], byGroup: [{ $group: { _id: '$g', n: { $sum: 1 } } }, { $sort: { _id: 1 } }] } }])
      .toArray();
    expect(facet).toEqual({ total: [{ n: 3 }], byGroup: [{ _id: 'a', n: 2 }, { _id: 'b', n: 1 }] });
    await db.collection('shapes_extra').deleteMany({});
    await db.collection('shapes_extra').insertOne({ _id: 4 as never, g: 'c' });
    const union = await coll().aggregate([{ $project: { g: 1 } }, { $unionWith: 'shapes_extra' }, { $sort: { _id: 1 } }]).toArray();
    expect(union.map((d) => d._id)).toEqual([1, 2, 3, 4]);
    const docs = await db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: { $gt: 1 } } }]).toArray();
    expect(docs).toEqual([{ x: 2 }]);
    const projected = await coll().find({ _id: 2 as never }, { projection: { _id: 0, double: { $multiply: ['$v', 2] }, g: 1 } }).toArray();
    expect(projected).toEqual([{ g: 'b', double: 4 }]);
  });

  it('seeds upserts from $and equality conditions and dotted paths', async () => {
    await coll().deleteMany({});
    await coll().updateOne({ $and: [{ tenant: 't1' }, { 'key.id': 5 }] }, { $inc: { hits: 1 } }, { upsert: true });
    expect(await coll().findOne({}, { projection: { _id: 0 } })).toEqual({ tenant: 't1', key: { id: 5 }, hits: 1 });
  });

  it('answers hello like a writable replica-set primary', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxBsonObjectSize).toBe(16777216);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
    expect(typeof hello.setName).toBe('string');
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
  });

  it.skipIf(isTestServer)('runs $text search and $out (real MongoDB only: not implemented by the test server)', async () => {
    const articles = db.collection('articles');
    await articles.createIndex({ body: 'text' });
    await articles.insertMany([{ body: 'coffee and tea' }, { body: 'just tea' }, { body: 'more coffee' }]);
    expect(await articles.countDocuments({ $text: { $search: 'coffee' } })).toBe(2);
    await articles.aggregate([{ $match: { body: /tea/ } }, { $out: 'articles_tea' }]).toArray();
    expect(await db.collection('articles_tea').countDocuments()).toBe(2);
  });

  it.skipIf(!isTestServer)('reports unsupported features as NotImplemented (test server only)', async () => {
    const collation = await serverError(coll().find({}, { collation: { locale: 'fr' } }).toArray());
    expect(collation.code).toBe(238);
    const text = await serverError(coll().find({ $text: { $search: 'x' } }).toArray());
    expect(text.code).toBe(238);
    const capped = await serverError(db.createCollection('capped_x', { capped: true, size: 1000 }));
    expect(capped.code).toBe(238);
    const explain = await serverError(db.command({ aggregate: 'shapes', pipeline: [], explain: true }));
    expect(explain.code).toBe(238);
  });
});

describe('commands and collections', () => {
  it('answers unknown commands with CommandNotFound', async () => {
    const err = await serverError(db.command({ frobnicateTheServer: 1 }));
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.message).toBe("no such command: 'frobnicateTheServer'");
  });

  it('creates, lists, renames and drops collections', async () => {
    await db.createCollection('c_one');
    const exists = await serverError(db.createCollection('c_one'));
    expect(exists.code).toBe(48);
    await db.collection('c_two').insertOne({ a: 1 });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['c_one', 'c_two']));
    const filtered = await db.listCollections({ name: 'c_two' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'c_two', type: 'collection' });
    await db.renameCollection('c_two', 'c_three');
    expect(await db.collection('c_three').countDocuments()).toBe(1);
    expect(await db.listCollections({ name: 'c_two' }).toArray()).toHaveLength(0);
    const noSource = await serverError(db.renameCollection('c_missing', 'c_four'));
    expect(noSource.code).toBe(26);
    const target = await serverError(db.renameCollection('c_one', 'c_three'));
    expect(target.code).toBe(48);
    expect(await db.collection('c_three').drop()).toBe(true);
    expect(await db.listCollections({ name: 'c_three' }).toArray()).toHaveLength(0);
    const listIdx = await serverError(db.collection('c_missing').listIndexes().toArray());
    expect(listIdx.code).toBe(26);
  });

  it('lists and drops databases', async () => {
    const other = client.db(uniqueDbName('other'));
    await other.collection('x').insertOne({ a: 1 });
    const dbs = await client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(other.databaseName);
    await other.dropDatabase();
    const after = await client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(other.databaseName);
  });

  it('pings and reports build info', async () => {
    expect((await db.command({ ping: 1 })).ok).toBe(1);
    const info = await db.admin().buildInfo();
    expect(typeof info.version).toBe('string');
  });

  it.skipIf(!isTestServer)('accepts replicaSet and directConnection URIs (test server only: real set names differ)', async () => {
    const base = mongoUri();
    for (const suffix of ['?replicaSet=ssot-test', '?directConnection=true']) {
      const c = await connect({}, `${base}${suffix}`);
      try {
        await c.db(db.databaseName).collection('uri').insertOne({ suffix });
        const session = c.startSession();
        await session.withTransaction(async () => {
          await c.db(db.databaseName).collection('uri').insertOne({ suffix, txn: true }, { session });
        });
        await session.endSession();
      } finally {
        await c.close();
      }
    }
    expect(await db.collection('uri').countDocuments()).toBe(4);
  });
});

describe('aggregation type fidelity', () => {
  it('keeps BSON number types of fields passed through a pipeline', async () => {
    const c = db.collection('aggtypes');
    await c.insertOne({ _id: 1 as never, d: new Double(1), l: Long.fromNumber(5), i: new Int32(2) });
    const [out] = await c.aggregate([{ $match: { _id: 1 } }, { $project: { d: 1, l: 1, i: 1 } }], { promoteValues: false }).toArray();
    expect(out?.d).toBeInstanceOf(Double);
    expect(out?.l).toBeInstanceOf(Long);
    expect(out?.i).toBeInstanceOf(Int32);
  });
});
