// Test child for the crash test: starts a server on a data directory, writes through the real driver and prints
// every acknowledged write on stdout (before it is made, it announces transaction commits and index builds).
import { MongoClient } from 'mongodb';

const [entry, dir, prefix] = process.argv.slice(2);
const { startMongoTestServer } = await import(entry);
const server = await startMongoTestServer({ dataDir: dir });
const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
await client.connect();
const db = client.db('crash');
const say = (line) => process.stdout.write(`${line}\n`);
say('ready');
for (let i = 0; ; i++) {
  const id = `${prefix}-${i}`;
  if (i % 5 === 4) {
    // a multi-document transaction over two collections: all of it or nothing
    const session = client.startSession();
    try {
      session.startTransaction();
      await db.collection('txn').insertMany([{ _id: `${id}-a`, group: id }, { _id: `${id}-b`, group: id }, { _id: `${id}-c`, group: id }], { session });
      await db.collection('groups').insertOne({ _id: id, parts: 3 }, { session });
      say(`committing ${id}`);
      await session.commitTransaction();
      say(`txn ${id}`);
    } finally {
      await session.endSession();
    }
  } else if (i % 7 === 6) {
    const docs = Array.from({ length: 50 }, (_, k) => ({ _id: `${id}-m${k}`, i, k }));
    await db.collection('docs').insertMany(docs);
    for (const d of docs) say(`ack ${d._id}`);
  } else if (i % 11 === 10) {
    say(`indexing ix-${id}`);
    await db.collection('docs').createIndex({ [`f_${prefix}_${i}`]: 1 }, { name: `ix-${id}` });
    say(`index ix-${id}`);
  } else if (i % 3 === 2 && i > 2) {
    const target = `${prefix}-${i - 2}`;
    const r = await db.collection('docs').updateOne({ _id: target }, { $set: { updated: i } });
    if (r.matchedCount === 1) say(`upd ${target} ${i}`);
  } else {
    await db.collection('docs').insertOne({ _id: id, i });
    say(`ack ${id}`);
  }
}
