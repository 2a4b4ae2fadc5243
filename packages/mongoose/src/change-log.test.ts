// The change log is bounded: documents older than the retention, or beyond its newest N, are dropped once per run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangeLog, type ChangeLogDocument } from './change-log.js';
import { connectMongo, type MongoHandle } from './connect.js';

let handle: MongoHandle;
beforeAll(async () => {
  handle = await connectMongo({ dbName: `ssot_change_log_${process.pid}` });
});
afterAll(async () => {
  await handle.connection.dropDatabase();
  await handle.close();
});

const DAY = 86_400_000;
const entry = (uid: string) => ({ action: 'create' as const, model: 'device', uid, before: null, after: { name: uid } });
const collection = () => handle.connection.collection<ChangeLogDocument>('ssot_changelog');

beforeEach(async () => {
  await collection().deleteMany({});
  // A year of history: one document per 10 days.
  await collection().insertMany(Array.from({ length: 37 }, (_, i) => ({ ...entry(`old${i}`), at: new Date(Date.now() - i * 10 * DAY), runId: `r${i}`, job: 'j' })));
});

describe('change log retention', () => {
  it('keeps 90 days by default, dropping older documents when a run first writes', async () => {
    await new ChangeLog(handle.connection).write([entry('new')], { id: 'now', job: 'j' });
    const left = await collection().find({}).toArray();
    expect(left.every((doc) => doc.at.getTime() >= Date.now() - 90 * DAY - 60_000)).toBe(true);
    expect(left.map((doc) => doc.uid)).toContain('new');
    expect(left).toHaveLength(9 + 1); // 0 to 80 days old, and the new one
  });

  it('can keep the newest N entries, or everything', async () => {
    await new ChangeLog(handle.connection, { retention: { entries: 5 } }).write([entry('new')], undefined);
    expect((await collection().find({}).sort({ at: -1 }).toArray()).map((doc) => doc.uid)).toEqual(['new', 'old0', 'old1', 'old2', 'old3']);
    await new ChangeLog(handle.connection, { retention: false }).write([entry('more')], undefined);
    expect(await collection().countDocuments()).toBe(6);
  });
});
