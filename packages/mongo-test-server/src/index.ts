// Public entry point of @ssot/mongo-test-server.
export { startMongoTestServer } from './server.js';
export type { MongoTestServer, MongoTestServerOptions } from './server.js';
export type { Logger } from './logger.js';
export { DataDirLockedError } from './data-dir-lock.js';
export type { LockHolder } from './data-dir-lock.js';
