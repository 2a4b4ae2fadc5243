// Test fixture: connects the real mongodb driver to the server chosen by the vitest global setup.
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoServerError } from 'mongodb';
import type { MongoClientOptions } from 'mongodb';
import { inject } from 'vitest';

/** Returns the MongoDB URI provided by the global setup. */
export function mongoUri(): string {
  const injected = (inject as unknown as (key: string) => unknown)('mongodbUri');
  const uri = typeof injected === 'string' ? injected : process.env.MONGODB_URI;
  if (uri === undefined || uri === '') throw new Error('MONGODB_URI not provided by the global setup');
  return uri;
}

/** Connects a MongoClient to the suite's server. */
export async function connect(options: MongoClientOptions = {}, uri = mongoUri()): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ...options });
  await client.connect();
  return client;
}

/** Returns true when the client talks to mongo-test-server rather than a real MongoDB. */
export async function detectTestServer(client: MongoClient): Promise<boolean> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  return info.gitVersion === 'mongo-test-server';
}

/** Returns a unique database name for a test file. */
export function uniqueDbName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** The server error a command fails with (fails the test when it succeeds or fails otherwise). */
export async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected a server error');
}
