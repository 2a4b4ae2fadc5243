// Vitest globalSetup helper: uses MONGODB_URI when set, otherwise starts the test server for the run.
import { startMongoTestServer } from './server.js';
import type { MongoTestServer } from './server.js';

/** The subset of Vitest's `TestProject` used by {@link setup} (values are exposed to tests via `inject`). */
export interface GlobalSetupProject {
  /** Vitest's `project.provide(key, value)`. */
  provide?(key: string, value: unknown): void;
}

let running: MongoTestServer | undefined;

/** Removes `user:password@` from a MongoDB connection string. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1');
}

function announce(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Vitest global setup: provides `mongodbUri` (and sets `process.env.MONGODB_URI`). Uses an existing
 * `MONGODB_URI` when set, otherwise starts a {@link startMongoTestServer | test server} on a free port.
 * @param project - The Vitest project (optional; only `provide` is used).
 */
export async function setup(project?: GlobalSetupProject): Promise<void> {
  const existing = process.env.MONGODB_URI;
  let uri: string;
  if (existing !== undefined && existing !== '') {
    uri = existing;
    announce(`MongoDB at ${redactUri(uri)}`);
  } else {
    running = await startMongoTestServer();
    uri = running.uri;
    process.env.MONGODB_URI = uri;
    announce(`MongoDB test server (not MongoDB) at ${uri}`);
  }
  project?.provide?.('mongodbUri', uri);
}

/** Vitest global teardown: stops the test server started by {@link setup}, if any. */
export async function teardown(): Promise<void> {
  if (running === undefined) return;
  const server = running;
  running = undefined;
  delete process.env.MONGODB_URI;
  await server.close();
}
