// The query planner answers exactly like a full scan (random documents, indexes, writes and filters with fast-check), and indexes stay in sync through the driver.
import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, uniqueDbName } from './__fixtures__/mongo.js';
import type { Document } from './bson-values.js';
import { CollectionState } from './collection-state.js';
import { parseIndexSpec } from './index-spec.js';
import { compileFilter } from './query.js';
import { candidateEntries, matchingEntries, planCandidateKeys, planQuery } from './query-plan.js';

const NS = 'db.c';
const OIDS = ['000000000000000000000001', '000000000000000000000002', '0000000000000000000000ff'].map((h) => new ObjectId(h));

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0.5, -0, Number.NaN, Infinity, -Infinity, 2 ** 53 + 2),
  fc.integer({ min: -3, max: 3 }).map((n) => new Int32(n)),
  fc.integer({ min: -3, max: 3 }).map((n) => Long.fromNumber(n)),
  fc.integer({ min: -3, max: 3 }).map((n) => new Double(n)),
  fc.constantFrom('1', '2.5', 'NaN').map((s) => Decimal128.fromString(s)),
  fc.constantFrom('', 'a', 'b', 'ab', 'B', 'é'),
  fc.integer({ min: 0, max: 3 }).map((n) => new Date(n * 1000)),
  fc.constantFrom(...OIDS),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.record({ d: scalar }) },
  { weight: 1, arbitrary: fc.array(fc.record({ d: scalar }), { maxLength: 2 }) },
);
const idValue: fc.Arbitrary<unknown> = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom('a', 'b', 'c', 'ab'), fc.constantFrom(...OIDS), fc.integer({ min: 0, max: 3 }).map((n) => new Date(n)));

const doc: fc.Arbitrary<Document> = fc.record(
  { _id: idValue, a: value, b: value, c: value, n: fc.integer({ min: 0, max: 9 }) },
  { requiredKeys: ['_id'] },
);

const FIELDS = ['_id', 'a', 'b', 'c', 'c.d', 'n', 'missing'];
const op: fc.Arbitrary<unknown> = fc.oneof(
  value,
  fc.record({ $eq: value }),
  fc.record({ $in: fc.array(value, { maxLength: 3 }) }),
  fc.record({ $gt: scalar }),
  fc.record({ $gte: scalar }),
  fc.record({ $lt: scalar }),
  fc.record({ $lte: scalar }),
  fc.record({ $gt: scalar, $lt: scalar }),
  fc.record({ $gte: scalar, $lte: scalar }),
  fc.record({ $gte: scalar, $ne: scalar }),
  fc.record({ $in: fc.array(scalar, { maxLength: 3 }), $gt: scalar }),
);
const condition: fc.Arbitrary<Document> = fc.tuple(fc.constantFrom(...FIELDS), op).map(([f, o]) => ({ [f]: o }));
const filter: fc.Arbitrary<Document> = fc.oneof(
  condition,
  fc.tuple(condition, condition).map(([x, y]) => ({ ...x, ...y })),
  fc.array(condition, { minLength: 1, maxLength: 3 }).map((cs) => ({ $and: cs })),
  fc.tuple(condition, condition).map(([x, y]) => ({ ...x, $or: [y] })),
);

const INDEXES: Document[] = [
  { key: { a: 1 }, name: 'a_1' },
  { key: { b: -1, a: 1 }, name: 'b_-1_a_1' },
  { key: { 'c.d': 1 }, name: 'c.d_1', sparse: true },
  { key: { c: 1 }, name: 'c_1' },
  { key: { n: 1 }, name: 'n_1', unique: true, partialFilterExpression: { n: { $gt: 5 } } },
  { key: { _id: 1, a: 1 }, name: 'id_a' },
];

/** A write applied to a state. */
type Write = { kind: 'insert'; doc: Document } | { kind: 'replace'; at: number; doc: Document } | { kind: 'remove'; at: number };
const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: doc.map((d) => ({ kind: 'insert' as const, doc: d })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), doc).map(([at, d]) => ({ kind: 'replace' as const, at, doc: d })) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: 'remove' as const, at })) },
);

function apply(state: CollectionState, w: Write): void {
  try {
    if (w.kind === 'insert') state.insert(NS, w.doc);
    else {
      const keys = [...state.docs.keys()];
      if (keys.length === 0) return;
      const key = keys[w.at % keys.length] as string;
      if (w.kind === 'remove') state.remove(key);
      else state.replace(NS, key, { ...w.doc, _id: state.docs.get(key)?.raw._id });
    }
  } catch {
    // duplicate keys: the write is refused, the state unchanged
  }
}

function run(state: CollectionState, f: Document, forceScan: boolean): string[] {
  return [...matchingEntries(state, f, compileFilter(f), { forceScan })].map(([key]) => key);
}

function expectSame(state: CollectionState, filters: Document[]): void {
  for (const f of filters) expect(run(state, f, false), JSON.stringify(f)).toEqual(run(state, f, true));
}

describe('query planner', () => {
  it('gives the same documents in the same order as a full scan', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 40 }),
        fc.array(write, { maxLength: 10 }),
        fc.subarray(INDEXES),
        fc.nat({ max: 40 }),
        fc.array(filter, { minLength: 1, maxLength: 15 }),
        (writes, more, indexes, indexAt, filters) => {
          const state = new CollectionState();
          writes.forEach((w, i) => {
            if (i === indexAt) for (const ix of indexes) tryAddIndex(state, ix);
            apply(state, w);
          });
          if (indexAt >= writes.length) for (const ix of indexes) tryAddIndex(state, ix);
          expectSame(state, filters);
          // a transaction's private copy: writes to it leave the original's indexes alone
          const copy = state.clone();
          for (const w of more) apply(copy, w);
          expectSame(copy, filters);
          expectSame(state, filters);
        },
      ),
      { numRuns: Number(process.env.QUERY_PLAN_RUNS ?? 400) },
    );
  });

  it('uses indexes for equality, $in and ranges on _id and on the first field of an index', () => {
    const state = new CollectionState();
    state.addIndex(NS, parseIndexSpec({ key: { name: 1, n: 1 }, name: 'name_1_n_1' }));
    state.addIndex(NS, parseIndexSpec({ key: { n: 1 }, name: 'n_1' }));
    for (let i = 0; i < 1000; i++) state.insert(NS, { _id: i, name: `u${i % 100}`, n: i });
    expect(planCandidateKeys(state, { _id: 5 })?.size).toBe(1);
    expect(planCandidateKeys(state, { _id: { $in: [1, 2, 3, 5000] } })?.size).toBe(3);
    expect(planCandidateKeys(state, { _id: { $gte: 10, $lt: 20 } })?.size).toBe(11); // bounds are inclusive: the filter is exact
    expect(planCandidateKeys(state, { name: 'u7' })?.size).toBe(10);
    expect(planCandidateKeys(state, { $and: [{ n: { $gt: 990 } }, { name: { $exists: true } }] })?.size).toBe(10);
    expect(planCandidateKeys(state, { n: { $gt: 'x' } })?.size).toBe(0);
    expect(planCandidateKeys(state, { missing: 1 })).toBeUndefined();
    expect(planCandidateKeys(state, { name: { $regex: '^u' } })).toBeUndefined();
    expect(planCandidateKeys(state, { n: null })).toBeUndefined();
    expect([...candidateEntries(state, { n: { $in: [7, 3, 5] } })].map(([k]) => k)).toEqual(['n3', 'n5', 'n7']);
    state.remove('n5');
    state.replace(NS, 'n3', { _id: 3, name: 'zz', n: 700 });
    expect([...candidateEntries(state, { n: { $in: [7, 3, 5, 700] } })].map(([k]) => k)).toEqual(['n3', 'n7', 'n700']);
    expect(planCandidateKeys(state, { name: 'zz' })?.size).toBe(1);
    // exact plans skip the filter: single equality/$in on _id, or on an index with non-numeric values
    expect(planQuery(state, { _id: { $in: [1, 2] } })?.exact).toBe(true);
    expect(planQuery(state, { name: { $in: ['u1', 'u2'] } })?.exact).toBe(true);
    expect(planQuery(state, { n: 5 })?.exact).toBe(false);
    expect(planQuery(state, { _id: 1, name: 'u1' })?.exact).toBe(false);
    expect(planQuery(state, { name: { $in: ['u1'], $ne: 'u2' } })?.exact).toBe(false);
  });
});

function tryAddIndex(state: CollectionState, spec: Document): void {
  try {
    state.addIndex(NS, parseIndexSpec(spec));
  } catch {
    // existing documents violate a unique index: not created
  }
}

describe('queries through the driver', async () => {
  const client = await connect();
  const db = client.db(uniqueDbName('plan'));
  const coll = db.collection<{ _id: number; name: string; n: number; tags?: string[] }>('people');
  await coll.createIndex({ name: 1 });
  await coll.createIndex({ n: 1 });
  await coll.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, name: `u${i % 50}`, n: (i * 37) % 500 })));

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('answers indexed queries, counts and aggregations like full scans', async () => {
    expect((await coll.find({ name: 'u7' }).toArray()).map((d) => d._id)).toEqual(Array.from({ length: 10 }, (_, i) => 7 + 50 * i));
    expect(await coll.countDocuments({})).toBe(500);
    expect(await coll.countDocuments({}, { skip: 490, limit: 50 })).toBe(10);
    expect(await coll.countDocuments({ name: { $in: ['u1', 'u2'] } }, { skip: 5, limit: 10 })).toBe(10);
    expect(await coll.countDocuments({ n: { $gte: 100, $lt: 200 } })).toBe(100);
    expect(await coll.countDocuments({ name: 'nobody' })).toBe(0);
    expect(await coll.estimatedDocumentCount()).toBe(500);
    const agg = await coll.aggregate([{ $match: { n: { $lt: 10 } } }, { $group: { _id: null, ids: { $push: '$_id' } } }]).toArray();
    expect((agg[0]?.ids as number[]).sort((a, b) => a - b)).toEqual((await coll.find({ n: { $lt: 10 } }).toArray()).map((d) => d._id).sort((a, b) => a - b));
    expect(await coll.aggregate([{ $match: { name: 'nobody' } }, { $group: { _id: 1, n: { $sum: 1 } } }]).toArray()).toEqual([]);
  });

  it('keeps indexes in sync with updates, deletes and aborted transactions', async () => {
    await coll.updateMany({ name: 'u3' }, { $set: { name: 'renamed', tags: ['a', 'b'] } });
    expect(await coll.countDocuments({ name: 'u3' })).toBe(0);
    expect(await coll.countDocuments({ name: 'renamed' })).toBe(10);
    await coll.deleteMany({ n: { $gte: 490 } });
    expect(await coll.countDocuments({ n: { $gte: 480 } })).toBe(10);
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 10_000, name: 'in-txn', n: 10_000 }, { session });
      await coll.updateOne({ _id: 0 }, { $set: { name: 'changed-in-txn' } }, { session });
      expect(await coll.countDocuments({ name: 'in-txn' }, { session })).toBe(1);
      expect(await coll.findOne({ name: 'changed-in-txn' }, { session })).toMatchObject({ _id: 0 });
      expect(await coll.countDocuments({ name: 'in-txn' })).toBe(0);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({ name: 'in-txn' })).toBe(0);
    expect(await coll.countDocuments({ n: { $gte: 10_000 } })).toBe(0);
    expect(await coll.findOne({ name: 'changed-in-txn' })).toBeNull();
    expect(await coll.findOne({ name: 'u0' })).toMatchObject({ _id: 0 });
  });
});
