// Extended JSON snapshots of a server's databases (one canonical EJSON file per database): the format earlier
// versions kept the embedded data in. connectMongo imports such files once (importLegacySnapshots); restoreSnapshot
// and writeSnapshot stay as export/import tools.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@ssot/core';
import { mongo } from 'mongoose';

const SYSTEM_DATABASES = new Set(['admin', 'config', 'local']);
const SUFFIX = '.ejson';

interface DatabaseSnapshot {
  collections: { name: string; indexes: mongo.Document[]; documents: mongo.Document[] }[];
}

async function snapshotFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((file) => file.endsWith(SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function restoreFile(client: mongo.MongoClient, dir: string, file: string, dropFirst: boolean): Promise<void> {
  const snapshot = mongo.BSON.EJSON.parse(await readFile(join(dir, file), 'utf8'), { relaxed: false }) as unknown as DatabaseSnapshot;
  const db = client.db(file.slice(0, -SUFFIX.length));
  if (dropFirst) await db.dropDatabase();
  for (const collection of snapshot.collections) {
    await db.createCollection(collection.name);
    const indexes = collection.indexes.filter((index) => index.name !== '_id_').map(({ v: _v, ns: _ns, ...index }) => index as mongo.IndexDescription);
    if (indexes.length > 0) await db.collection(collection.name).createIndexes(indexes);
    for (let i = 0; i < collection.documents.length; i += 10_000) await db.collection(collection.name).insertMany(collection.documents.slice(i, i + 10_000));
  }
}

/**
 * Loads every `<db>.ejson` file of `dir` into the server behind `client` (indexes, then
 * documents). BSON types survive exactly: the files are canonical Extended JSON.
 *
 * @param client - a driver client connected to the (empty) server
 * @param dir - the directory of the files
 */
export async function restoreSnapshot(client: mongo.MongoClient, dir: string): Promise<void> {
  for (const file of await snapshotFiles(dir)) await restoreFile(client, dir, file, false);
}

/**
 * Imports the `<db>.ejson` files earlier versions kept the embedded data in, once: each file is
 * loaded into the server behind `client`, then renamed to `<db>.ejson.imported-<time>`. A database
 * named by a file is dropped first: a file still in place means its import did not finish, so
 * whatever of it the server holds is a partial earlier import.
 *
 * @param client - a driver client connected to the embedded server
 * @param dir - the data directory
 * @returns the files imported
 */
export async function importLegacySnapshots(client: mongo.MongoClient, dir: string): Promise<string[]> {
  const files = await snapshotFiles(dir);
  for (const file of files) {
    await restoreFile(client, dir, file, true);
    await rename(join(dir, file), join(dir, `${file}.imported-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  }
  return files;
}

/**
 * Writes every user database of the server behind `client` to `<dir>/<db>.ejson` (temporary file
 * + rename, so a crash never leaves a half-written file) and removes files of dropped databases.
 * An export tool: the embedded server keeps its data itself (see `connectMongo`'s `embeddedDataDir`).
 * Each database must fit in one string (about 512 MiB of Extended JSON).
 *
 * @param client - a driver client connected to the server
 * @param dir - the directory of the files
 */
export async function writeSnapshot(client: mongo.MongoClient, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { databases } = await client.db('admin').admin().listDatabases();
  const kept = new Set<string>();
  for (const { name } of databases) {
    if (SYSTEM_DATABASES.has(name)) continue;
    const db = client.db(name);
    const snapshot: DatabaseSnapshot = { collections: [] };
    for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      snapshot.collections.push({ name: collection, indexes: await db.collection(collection).listIndexes().toArray(), documents: await db.collection(collection).find().toArray() });
    }
    const file = join(dir, `${name}${SUFFIX}`);
    await writeFileAtomic(file, mongo.BSON.EJSON.stringify(snapshot, { relaxed: false }));
    kept.add(`${name}${SUFFIX}`);
  }
  for (const file of await readdir(dir)) if (file.endsWith(SUFFIX) && !kept.has(file)) await rm(join(dir, file), { force: true });
}
