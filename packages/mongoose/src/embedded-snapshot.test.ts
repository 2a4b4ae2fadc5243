import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongo } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from './connect.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.skipIf(Boolean(process.env.MONGODB_URI))('embedded test server data directory (only without MONGODB_URI)', () => {
  it('keeps documents, BSON types and indexes from one process lifetime to the next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-embedded-'));
    dirs.push(dir);
    const id = new mongo.ObjectId();
    const first = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    expect(first.description).toContain(`data kept in ${dir}`);
    const things = first.connection.collection('things');
    await things.createIndex({ name: 1 }, { unique: true });
    await things.insertOne({ _id: id, name: 'a', when: new Date('2026-01-02T03:04:05Z'), big: mongo.Long.fromString('9007199254740993'), price: mongo.Decimal128.fromString('1.10') });
    await first.close();
    expect(await readdir(dir)).toEqual(['kept.ejson']);

    const second = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    const again = second.connection.collection('things');
    const doc = await again.findOne({ _id: id }, { promoteLongs: false });
    expect(doc?.name).toBe('a');
    expect(doc?.when).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(String(doc?.big)).toBe('9007199254740993');
    expect(String(doc?.price)).toBe('1.10');
    await expect(again.insertOne({ name: 'a' })).rejects.toThrow(/E11000/);
    await second.connection.dropDatabase();
    await second.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a data directory another running process holds, and takes over a stale lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-embedded-lock-'));
    dirs.push(dir);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      await writeFile(join(dir, '.lock'), String(other.pid));
      await expect(connectMongo({ embeddedDataDir: dir })).rejects.toThrow(`Another process (pid ${other.pid}) is using the embedded MongoDB data in ${dir}`);
    } finally {
      other.kill();
    }
    await writeFile(join(dir, '.lock'), '999999');
    const handle = await connectMongo({ embeddedDataDir: dir });
    expect(await readFile(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    await handle.close();
    expect(await readdir(dir)).not.toContain('.lock');
  });
});
