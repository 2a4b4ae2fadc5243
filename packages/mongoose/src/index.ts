// Public entry of @ssot/mongoose: schema-driven MongoDB adapters, the change log, the stamp plugin and the sync history.
export { ChangeLog, DEFAULT_CHANGE_LOG_RETENTION } from './change-log.js';
export type { ChangeEntry, ChangeLogDocument, ChangeLogOptions, ChangeLogRetention } from './change-log.js';
export { custom, path, ref, refList } from './field-mapping.js';
export type { CustomField, FieldMapping, PathField, RefField, RefListField } from './field-mapping.js';
export { defineMongooseMapping } from './mapping.js';
export type { AnyMongooseModel, CollectionMapping, ParentLink, MongooseMapping, MongooseMappingSpec, ResolvedField, ResolvedModelMapping } from './mapping.js';
export { MongooseAdapter } from './mongoose-adapter.js';
export type { MongooseAdapterOptions, RunIdentity } from './mongoose-adapter.js';
export { idKey, readPath, writePath } from './paths.js';
export { checkStampPath, syncStampPlugin } from './stamp.js';
export type { StampOptions, SyncStamp } from './stamp.js';
export { writeErrorsOf } from './write-errors.js';
export type { OperationFailure } from './write-errors.js';
export { connectMongo, DEFAULT_EMBEDDED_DATA_DIR, redactMongoUri } from './connect.js';
export type { MongoConnectOptions, MongoHandle } from './connect.js';
export { MongoRecorder } from './mongo-recorder.js';
export type { MongoRecorderOptions } from './mongo-recorder.js';
export { restoreSnapshot, writeSnapshot } from './embedded-snapshot.js';
