import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mongo } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from './connect.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const connectModule = fileURLToPath(new URL('./connect.ts', import.meta.url));

/** Starts a process that opens the embedded server on `dir`, runs `body` (with `db`), prints `ready` and waits. */
function holder(dir: string, body: string): { child: ReturnType<typeof spawn>; ready: Promise<string> } {
  const script = `const { connectMongo } = await import(${JSON.stringify(connectModule)});
const mongo = await connectMongo({ dbName: 'kept', embeddedDataDir: ${JSON.stringify(dir)} });
const db = mongo.connection;
${body}
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MONGODB_URI: '' } });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve(out);
    });
    child.on('exit', () => reject(new Error(`holder exited: ${err}`)));
  });
  return { child, ready };
}

async function killed(child: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(Boolean(process.env.MONGODB_URI))('embedded test server data directory (only without MONGODB_URI)', () => {
  it('keeps documents, BSON types and indexes from one process lifetime to the next', async () => {
    const dir = await tempDir('ssot-embedded-');
    const id = new mongo.ObjectId();
    const first = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    expect(first.description).toContain(`data kept in ${dir}`);
    const things = first.connection.collection('things');
    await things.createIndex({ name: 1 }, { unique: true });
    await things.insertOne({ _id: id, name: 'a', when: new Date('2026-01-02T03:04:05Z'), big: mongo.Long.fromString('9007199254740993'), price: mongo.Decimal128.fromString('1.10') });
    await first.close();
    expect((await readdir(dir)).filter((file) => file.endsWith('.ejson'))).toEqual([]);

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
    const third = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    expect(await third.connection.listCollections()).toEqual([]);
    await third.close();
  });

  it('keeps every acknowledged write of a process that is killed without closing', { timeout: 60_000 }, async () => {
    const dir = await tempDir('ssot-embedded-kill-');
    const { child, ready } = holder(dir, `await db.collection('things').insertOne({ _id: 'acknowledged' });`);
    await ready;
    await killed(child);
    const handle = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    expect(await handle.connection.collection('things').findOne({ _id: 'acknowledged' as never })).toEqual({ _id: 'acknowledged' });
    await handle.close();
  });

  it('refuses a data directory another running process holds, and takes it over once that process is gone', { timeout: 60_000 }, async () => {
    const dir = await tempDir('ssot-embedded-lock-');
    const { child, ready } = holder(dir, '');
    await ready;
    try {
      const err = await connectMongo({ embeddedDataDir: dir }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EMBEDDED_MONGODB_LOCKED' });
      expect((err as Error).message).toContain(`Another process (pid ${child.pid}) is using the embedded MongoDB data in ${dir}`);
    } finally {
      await killed(child);
    }
    const handle = await connectMongo({ embeddedDataDir: dir });
    await handle.close();
  });

  it('imports the Extended JSON files of earlier versions once, then moves them aside', async () => {
    const dir = await tempDir('ssot-embedded-legacy-');
    const snapshot = {
      collections: [
        {
          name: 'things',
          indexes: [
            { v: 2, key: { _id: 1 }, name: '_id_' },
            { v: 2, key: { name: 1 }, name: 'name_1', unique: true },
          ],
          documents: [
            { _id: 1, name: 'a', big: mongo.Long.fromString('9007199254740993') },
            { _id: 2, name: 'b' },
          ],
        },
      ],
    };
    await writeFile(join(dir, 'kept.ejson'), mongo.BSON.EJSON.stringify(snapshot, { relaxed: false }));
    const first = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    const things = first.connection.collection('things');
    expect(await things.countDocuments()).toBe(2);
    expect(String((await things.findOne({ _id: 1 as never }, { promoteLongs: false }))?.big)).toBe('9007199254740993');
    await expect(things.insertOne({ name: 'a' })).rejects.toThrow(/E11000/);
    await things.deleteOne({ _id: 2 as never });
    await first.close();
    const files = await readdir(dir);
    expect(files).not.toContain('kept.ejson');
    expect(files.some((file) => file.startsWith('kept.ejson.imported-'))).toBe(true);

    const second = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    expect(await second.connection.collection('things').countDocuments()).toBe(1);
    await second.close();
  });

  it('starts again on the same directory while the previous embedded server is still stopping', async () => {
    const dir = await tempDir('ssot-embedded-restart-');
    const first = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    await first.connection.collection('things').insertOne({ _id: 'first' as never });
    const closing = first.close();
    const second = await connectMongo({ dbName: 'kept', embeddedDataDir: dir });
    await closing;
    expect(await second.connection.collection('things').countDocuments()).toBe(1);
    await second.close();
  });

  it('refuses another data directory while the embedded server runs on one (never ignores it)', async () => {
    const dir = await tempDir('ssot-embedded-one-');
    const other = await tempDir('ssot-embedded-two-');
    const first = await connectMongo({ embeddedDataDir: dir });
    try {
      await expect(connectMongo({ embeddedDataDir: other })).rejects.toMatchObject({ code: 'EMBEDDED_MONGODB_DIR_IN_USE' });
      const same = await connectMongo({ embeddedDataDir: dir });
      await same.close();
    } finally {
      await first.close();
    }
  });
});
