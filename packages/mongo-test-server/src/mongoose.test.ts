// Mongoose suite: schemas, indexes, CRUD, populate, lean, bulkWrite and transactions over the wire.
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoUri, uniqueDbName } from './__fixtures__/mongo.js';

const { Schema } = mongoose;

interface Author {
  name: string;
  email: string;
}

interface Book {
  title: string;
  author: mongoose.Types.ObjectId;
  year: number;
  tags: string[];
}

let conn: Connection;

const authorSchema = new Schema<Author>({
  name: { type: String, required: true },
  email: { type: String, required: true, unique: true },
});
const bookSchema = new Schema<Book>({
  title: { type: String, required: true, index: true },
  author: { type: Schema.Types.ObjectId, ref: 'Author', required: true },
  year: Number,
  tags: [String],
});

beforeAll(async () => {
  conn = await mongoose.createConnection(mongoUri(), { dbName: uniqueDbName('mongoose'), serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

describe('mongoose', () => {
  it('syncs indexes and enforces unique', async () => {
    const AuthorModel = conn.model<Author>('Author', authorSchema);
    await AuthorModel.syncIndexes();
    const indexes = await AuthorModel.listIndexes();
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['_id_', 'email_1']));
    await AuthorModel.create({ name: 'Ann', email: 'ann@example.com' });
    const err = await AuthorModel.create({ name: 'Ann 2', email: 'ann@example.com' }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(11000);
  });

  it('creates, finds, updates, populates and deletes', async () => {
    const AuthorModel = conn.model<Author>('Author', authorSchema);
    const BookModel = conn.model<Book>('Book', bookSchema);
    await BookModel.syncIndexes();
    const bob = await AuthorModel.create({ name: 'Bob', email: 'bob@example.com' });
    await BookModel.create([
      { title: 'A', author: bob._id, year: 2001, tags: ['x'] },
      { title: 'B', author: bob._id, year: 2005, tags: ['y'] },
      { title: 'C', author: bob._id, year: 2010, tags: [] },
    ]);
    const recent = await BookModel.find({ year: { $gte: 2005 } }).sort({ year: -1 }).exec();
    expect(recent.map((b) => b.title)).toEqual(['C', 'B']);
    const upd = await BookModel.updateOne({ title: 'A' }, { $push: { tags: 'z' } });
    expect(upd.modifiedCount).toBe(1);
    const a = await BookModel.findOne({ title: 'A' }).populate<{ author: Author }>('author').exec();
    expect(a?.author.name).toBe('Bob');
    expect(a?.tags).toEqual(['x', 'z']);
    const lean = await BookModel.find({}, { title: 1, _id: 0 }).sort({ title: 1 }).lean();
    expect(lean).toEqual([{ title: 'A' }, { title: 'B' }, { title: 'C' }]);
    expect(await BookModel.countDocuments({ author: bob._id })).toBe(3);
    const doc = await BookModel.findOne({ title: 'B' });
    if (doc === null) throw new Error('missing');
    doc.year = 2006;
    await doc.save();
    expect((await BookModel.findById(doc._id).lean())?.year).toBe(2006);
    const del = await BookModel.deleteMany({ year: { $lt: 2007 } });
    expect(del.deletedCount).toBe(2);
    expect(await BookModel.estimatedDocumentCount()).toBe(1);
  });

  it('runs bulkWrite', async () => {
    const Counter = conn.model('Counter', new Schema({ key: { type: String, unique: true }, n: Number }));
    await Counter.init();
    const res = await Counter.bulkWrite([
      { insertOne: { document: { key: 'a', n: 1 } } },
      { updateOne: { filter: { key: 'b' }, update: { $inc: { n: 5 } }, upsert: true } },
      { updateOne: { filter: { key: 'a' }, update: { $inc: { n: 1 } } } },
    ]);
    expect(res.insertedCount).toBe(1);
    expect(res.upsertedCount).toBe(1);
    expect(res.modifiedCount).toBe(1);
    const all = await Counter.find().sort({ key: 1 }).lean();
    expect(all.map((c) => [c.key, c.n])).toEqual([
      ['a', 2],
      ['b', 5],
    ]);
  });

  it('commits and aborts transactions', async () => {
    const Account = conn.model('Account', new Schema({ owner: String, balance: Number }));
    await Account.createCollection();
    await Account.create({ owner: 'x', balance: 10 });
    await conn.transaction(async (session) => {
      await Account.updateOne({ owner: 'x' }, { $inc: { balance: -5 } }, { session });
      await Account.create([{ owner: 'y', balance: 5 }], { session });
    });
    expect((await Account.findOne({ owner: 'x' }).lean())?.balance).toBe(5);
    expect(await Account.countDocuments()).toBe(2);
    const session = await conn.startSession();
    const failed = await session
      .withTransaction(async () => {
        await Account.create([{ owner: 'z', balance: 1 }], { session });
        throw new Error('rollback');
      })
      .catch((e: unknown) => e);
    await session.endSession();
    expect((failed as Error).message).toBe('rollback');
    expect(await Account.countDocuments({ owner: 'z' })).toBe(0);
  });
});
