// Silently wrong answers (issue 14 §3): each test states what a real MongoDB answers, and runs against
// the test server (or a real MongoDB via MONGODB_URI).
import { Decimal128, Double, Int32, Long } from 'mongodb';
import type { Db, Document, MongoClient } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, serverError, uniqueDbName } from './__fixtures__/mongo.js';

const client: MongoClient = await connect();
const db: Db = client.db(uniqueDbName('wrong_answers'));
const raw = { promoteValues: false, promoteLongs: false } as const;

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const coll = () => db.collection('wa');
const insertMany = (docs: object[]) => coll().insertMany(docs as Document[]);
beforeEach(async () => {
  await coll().deleteMany({});
});

describe('$bucket boundaries', () => {
  it('puts a value equal to a boundary in the bucket it is the lower bound of, values outside into default', async () => {
    await insertMany([{ v: 0 }, { v: 10 }, { v: 19 }, { v: 20 }, { v: 30 }, { v: -1 }]);
    const out = await coll()
      .aggregate([{ $bucket: { groupBy: '$v', boundaries: [0, 10, 20, 30], default: 'other', output: { vs: { $push: '$v' } } } }])
      .toArray();
    const byId = Object.fromEntries(out.map((b) => [String(b._id), (b.vs as number[]).sort((a, b) => a - b)]));
    expect(byId).toEqual({ '0': [0], '10': [10, 19], '20': [20], other: [-1, 30] });
  });

  it('fails with 40066 when a value is outside all buckets and there is no default', async () => {
    await insertMany([{ v: 5 }, { v: 30 }]);
    const err = await serverError(coll().aggregate([{ $bucket: { groupBy: '$v', boundaries: [0, 10, 30] } }]).toArray());
    expect(err.code).toBe(40066);
  });
});

describe('$expr comparisons follow BSON order', () => {
  it('a string is greater than any number ($gt true), null/missing lower than numbers, missing lower than null', async () => {
    await insertMany([{ _id: 1, a: 'x' }, { _id: 2, a: 3 }, { _id: 3, a: null }, { _id: 4 }, { _id: 5, a: { o: 1 } }]);
    const gt = await coll().find({ $expr: { $gt: ['$a', 5] } }).sort({ _id: 1 }).toArray();
    expect(gt.map((d) => d._id)).toEqual([1, 5]);
    const lt = await coll().find({ $expr: { $lt: ['$a', 5] } }).sort({ _id: 1 }).toArray();
    expect(lt.map((d) => d._id)).toEqual([2, 3, 4]);
    // in expressions a missing field is lower than null: $eq to null matches only the null
    const isNull = await coll().find({ $expr: { $eq: ['$a', null] } }).toArray();
    expect(isNull.map((d) => d._id)).toEqual([3]);
    const agg = await coll()
      .aggregate([{ $sort: { _id: 1 } }, { $project: { gt: { $gt: ['$a', 5] }, cmp: { $cmp: ['$a', 'a'] } } }])
      .toArray();
    expect(agg.map((d) => [d.gt, d.cmp])).toEqual([
      [true, 1],
      [false, -1],
      [false, -1],
      [false, -1],
      [true, 1],
    ]);
  });

  it('Int32, Double, Long and Decimal128 compare numerically, Longs beyond 2^53 exactly', async () => {
    await insertMany([
      { _id: 1, a: new Int32(2), b: new Double(2.5) },
      { _id: 2, a: Long.fromBigInt(9007199254740993n), b: Long.fromBigInt(9007199254740992n) },
      { _id: 3, a: Decimal128.fromString('0.3'), b: new Double(0.3) },
    ]);
    const out = await coll()
      .aggregate([{ $sort: { _id: 1 } }, { $project: { gt: { $gt: ['$a', '$b'] }, eq: { $eq: ['$a', '$b'] } } }])
      .toArray();
    // Decimal128('0.3') is greater than the double 0.29999999999999998889...
    expect(out.map((d) => [d.gt, d.eq])).toEqual([
      [false, false],
      [true, false],
      [true, false],
    ]);
  });
});

describe('Long (Int64) precision', () => {
  it('matches Longs beyond 2^53 exactly (9007199254740993 is not 9007199254740992)', async () => {
    await insertMany([{ _id: 1, n: Long.fromBigInt(9007199254740992n) }, { _id: 2, n: Long.fromBigInt(9007199254740993n) }]);
    const eq = await coll().find({ n: Long.fromBigInt(9007199254740993n) }).toArray();
    expect(eq.map((d) => d._id)).toEqual([2]);
    const gt = await coll().find({ n: { $gt: Long.fromBigInt(9007199254740992n) } }).toArray();
    expect(gt.map((d) => d._id)).toEqual([2]);
    const inList = await coll().find({ n: { $in: [Long.fromBigInt(9007199254740993n), 'x'] } }).toArray();
    expect(inList.map((d) => d._id)).toEqual([2]);
    const ne = await coll().find({ n: { $ne: Long.fromBigInt(9007199254740993n) } }).toArray();
    expect(ne.map((d) => d._id)).toEqual([1]);
    expect(await coll().countDocuments({ $expr: { $eq: ['$n', Long.fromBigInt(9007199254740993n)] } })).toBe(1);
    // the same answers when an index on n picks the candidates
    await coll().createIndex({ n: 1 });
    await insertMany([{ _id: 3, n: 9007199254740992 }]);
    expect((await coll().find({ n: Long.fromBigInt(9007199254740993n) }).toArray()).map((d) => d._id)).toEqual([2]);
    expect((await coll().find({ n: { $gte: Long.fromBigInt(9007199254740993n) } }).toArray()).map((d) => d._id)).toEqual([2]);
    expect((await coll().find({ n: { $lt: Long.fromBigInt(9007199254740993n) } }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    expect((await coll().find({ n: 9007199254740992 }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    await coll().dropIndex('n_1');
  });

  it('$sum of Longs is an exact Long; Int32 overflow promotes to Long, Long overflow to Double', async () => {
    await insertMany([
      { g: 'long', n: Long.fromBigInt(9007199254740993n) },
      { g: 'long', n: Long.fromBigInt(2n) },
      { g: 'int', n: new Int32(2147483647) },
      { g: 'int', n: new Int32(1) },
      { g: 'over', n: Long.MAX_VALUE },
      { g: 'over', n: Long.fromInt(1) },
    ]);
    const out = await coll()
      .aggregate([{ $group: { _id: '$g', s: { $sum: '$n' } } }, { $sort: { _id: 1 } }], raw)
      .toArray();
    const s = Object.fromEntries(out.map((d) => [String(d._id), d.s as unknown]));
    expect(s.long).toBeInstanceOf(Long);
    expect((s.long as Long).toBigInt()).toBe(9007199254740995n);
    expect(s.int).toBeInstanceOf(Long);
    expect((s.int as Long).toBigInt()).toBe(2147483648n);
    expect(s.over).toBeInstanceOf(Double);
    expect((s.over as Double).value).toBe(9223372036854775808);
  });
});

describe('Decimal128 arithmetic', () => {
  it('$add, $subtract, $multiply and $sum of Decimal128 return exact Decimal128 (0.1 + 0.2 = 0.3)', async () => {
    await insertMany([
      { a: Decimal128.fromString('0.1'), b: Decimal128.fromString('0.2') },
      { a: Decimal128.fromString('0.2'), b: new Int32(3) },
    ]);
    const out = await coll()
      .aggregate(
        [
          { $sort: { _id: 1 } },
          { $project: { _id: 0, add: { $add: ['$a', '$b'] }, sub: { $subtract: ['$a', '$b'] }, mul: { $multiply: ['$a', '$b'] } } },
        ],
        raw,
      )
      .toArray();
    for (const d of out) for (const v of Object.values(d)) expect(v).toBeInstanceOf(Decimal128);
    expect(out.map((d) => [String(d.add), String(d.sub), String(d.mul)])).toEqual([
      ['0.3', '-0.1', '0.02'],
      ['3.2', '-2.8', '0.6'],
    ]);
    // a filter on a Decimal128 compares exactly: 0.3 (decimal) is not the double 0.1 + 0.2
    await insertMany([{ d: new Double(0.1 + 0.2) }, { d: Decimal128.fromString('0.30') }]);
    expect(await coll().countDocuments({ d: Decimal128.fromString('0.3') })).toBe(1);
    expect(await coll().countDocuments({ d: { $gt: Decimal128.fromString('0.3') } })).toBe(1);
    const [sum] = await coll().aggregate([{ $group: { _id: null, s: { $sum: '$a' } } }], raw).toArray();
    expect(sum?.s).toBeInstanceOf(Decimal128);
    expect(String(sum?.s)).toBe('0.3');
    // later stages see the exact sum
    const [next] = await coll()
      .aggregate([{ $group: { _id: null, s: { $sum: '$a' } } }, { $match: { s: { $gt: 0.29 } } }, { $project: { t: { $add: ['$s', Decimal128.fromString('0.1')] }, r: { $round: ['$s', 1] } } }], raw)
      .toArray();
    expect(String(next?.t)).toBe('0.4');
    expect(Number(String(next?.r))).toBe(0.3);
  });
});

describe('update keeps numeric BSON types', () => {
  it('$set of an Int32 stays Int32; $inc Int32 by Int32 stays Int32, and becomes Long on overflow', async () => {
    await insertMany([{ _id: 1, n: new Int32(1), m: new Int32(2147483647) }]);
    await coll().updateOne({ _id: 1 } as Document, { $set: { s: 5 } });
    await coll().updateOne({ _id: 1 } as Document, { $inc: { n: 1, m: 1 } });
    const d = await coll().findOne({ _id: 1 } as Document, raw);
    expect(d?.s).toBeInstanceOf(Int32);
    expect(d?.n).toBeInstanceOf(Int32);
    expect((d?.n as Int32).value).toBe(2);
    expect(d?.m).toBeInstanceOf(Long);
    expect(await coll().countDocuments({ s: { $type: 'int' }, n: { $type: 'int' }, m: { $type: 'long' } })).toBe(1);
  });

  it('$mul of Int32s overflowing is an exact Long; $inc overflowing a Long fails with 2 BadValue', async () => {
    await insertMany([{ _id: 1, i: new Int32(2147483647), l: Long.MAX_VALUE }]);
    await coll().updateOne({ _id: 1 } as Document, { $mul: { i: new Int32(2147483647) } });
    const d = await coll().findOne({ _id: 1 } as Document, raw);
    expect(d?.i).toBeInstanceOf(Long);
    expect((d?.i as Long).toBigInt()).toBe(4611686014132420609n);
    const err = await serverError(coll().updateOne({ _id: 1 } as Document, { $inc: { l: 1 } }));
    expect(err.code).toBe(2);
    expect(err.message).toMatch(/Failed to apply \$inc operations to current value/);
  });
});

describe('retryable writes', () => {
  it('a retried write (same lsid and txnNumber) returns the first result and is not applied twice', async () => {
    await insertMany([{ _id: 1, n: 0 }]);
    // a client of its own: the explicit txnNumbers below must not meet this client's later automatic ones
    const own = await connect();
    const odb = own.db(db.databaseName);
    const session = own.startSession();
    try {
      const cmd = { update: 'wa', updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }], txnNumber: Long.fromInt(7) };
      const first = await odb.command(cmd, { session });
      const second = await odb.command(cmd, { session });
      expect(second.n).toBe(first.n);
      expect(second.nModified).toBe(1);
      expect((await coll().findOne({ _id: 1 } as Document))?.n).toBe(1);
      const ins = { insert: 'wa', documents: [{ _id: 2 }], txnNumber: Long.fromInt(8) };
      await odb.command(ins, { session });
      const again = await odb.command(ins, { session });
      expect(again.n).toBe(1);
      expect(again.writeErrors).toBeUndefined();
      // statements that succeeded are not run again when the command had a write error
      const partial = { insert: 'wa', documents: [{ _id: 3 }, { _id: 1 }], txnNumber: Long.fromInt(10) };
      const p1 = await odb.command(partial, { session });
      const p2 = await odb.command(partial, { session });
      expect([p1.n, p2.n]).toEqual([1, 1]);
      expect(p2.writeErrors?.map((e: Document) => [e.index, e.code])).toEqual([[1, 11000]]);
      // a new txnNumber is a new write
      await odb.command({ ...cmd, txnNumber: Long.fromInt(11) }, { session });
      expect((await coll().findOne({ _id: 1 } as Document))?.n).toBe(2);
    } finally {
      await session.endSession();
      await own.close();
    }
  });
});

describe('options are honoured or refused', () => {
  it('writeConcern w:1 and majority (with j, wtimeout) are honoured; w:2 fails with 100 UnsatisfiableWriteConcern', async () => {
    await coll().insertOne({ a: 1 }, { writeConcern: { w: 1, journal: true } });
    await coll().insertOne({ a: 2 }, { writeConcern: { w: 'majority', wtimeoutMS: 1000 } });
    // MongoDB applies the write and reports the unsatisfiable write concern in writeConcernError
    const err = await serverError(coll().insertOne({ a: 3 }, { writeConcern: { w: 2 } }));
    expect(err.code).toBe(100);
    expect(err.message).toMatch(/Not enough data-bearing nodes/);
    expect(await coll().countDocuments()).toBe(3);
  });

  it('hint naming an existing index gives the same answer; an unknown hint fails with 2 BadValue', async () => {
    await coll().createIndex({ a: 1 });
    await insertMany([{ a: 1 }, { a: 2 }]);
    expect(await coll().countDocuments({ a: 2 }, { hint: { a: 1 } })).toBe(1);
    expect((await coll().find({ a: 1 }, { hint: 'a_1' }).toArray()).length).toBe(1);
    const err = await serverError(coll().find({}, { hint: { nope: 1 } }).toArray());
    expect(err.code).toBe(2);
    expect(err.message).toMatch(/hint provided does not correspond to an existing index/);
    const aggErr = await serverError(coll().aggregate([], { hint: 'nope_1' }).toArray());
    expect(aggErr.code).toBe(2);
    const updErr = await serverError(coll().updateOne({ a: 1 }, { $set: { b: 1 } }, { hint: 'nope_1' }));
    expect(updErr.code).toBe(2);
  });

  it('maxTimeMS is honoured: a command exceeding it fails with 50 MaxTimeMSExpired', async () => {
    await insertMany(Array.from({ length: 200 }, (_, i) => ({ i, s: 'x'.repeat(50) })));
    // generous limit: succeeds
    expect((await coll().find({}, { maxTimeMS: 60_000 }).toArray()).length).toBe(200);
    // an aggregation doing a lot of work per document runs past 1 ms
    const pipeline = [
      { $project: { r: { $reduce: { input: { $range: [0, 500] }, initialValue: 0, in: { $add: ['$$value', '$$this'] } } } } },
      { $group: { _id: null, t: { $sum: '$r' } } },
    ];
    const err = await serverError(coll().aggregate(pipeline, { maxTimeMS: 1 }).toArray());
    expect(err.code).toBe(50);
    expect(err.codeName).toBe('MaxTimeMSExpired');
  });
});
