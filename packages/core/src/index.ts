// Public entry of @ssot/core: models, adapters, stores, diff and sync.
export { Adapter, uniqueIdOf } from './adapter.js';
export type { AdapterOptions, AdapterSnapshot, AdapterSyncOptions, ModelMap, ModelName, RecordOfModel, RecordRef, RemoveOptions, TreeOptions } from './adapter.js';
export { comparators, deepEqual, normalizers } from './compare.js';
export type { Comparator } from './compare.js';
export { Diff, emptySummary } from './diff.js';
export type { DiffDetails, DiffJSON, DiffSummary, DiffTextOptions, OutOfScopeModels, UnlistedRecords } from './diff.js';
export { DiffElement } from './diff-element.js';
export type { AttributeChange, DiffAction, DiffElementJSON, ParentRef } from './diff-element.js';
export { calculateDiff, changedFields, UNLISTED_WARNING_IDS } from './differ.js';
export type { DiffOptions, DiffWarning, UnlistedWarning } from './differ.js';
export {
  AdapterDefinitionError,
  FileWriteError,
  InvalidDiffError,
  InvalidRecordError,
  ModelDefinitionError,
  ModelMismatchError,
  ObjectAlreadyExistsError,
  ObjectCrudError,
  ObjectNotCreatedError,
  ObjectNotDeletedError,
  ObjectNotFoundError,
  ObjectNotUpdatedError,
  SsotError,
  ScopeError,
  SyncAbortedError,
  WrongModelError,
} from './errors.js';
export type { CrudAction, DiffLocation, ErrorLocation, SsotErrorCode } from './errors.js';
export { PROGRESS_INTERVAL } from './events.js';
export type { ProgressEvent, ProgressListener } from './events.js';
export { mergeFlags } from './flags.js';
export { formatBytes, formatDuration } from './format-units.js';
export type { GlobalFlags, RecordFlags } from './flags.js';
export { isSoftFailure, softFailure } from './handlers.js';
export type {
  Awaitable,
  CreateInput,
  DeleteInput,
  HandlerInputBase,
  HandlerOutcome,
  HandlersFor,
  ModelHandlers,
  SoftFailure,
  UpdateInput,
  WrittenRecord,
} from './handlers.js';
export { silentLogger } from './logger.js';
export type { LogFn, Logger } from './logger.js';
export { defineModel } from './model.js';
export type { AnyRecord, ChildFieldsOf, ListFieldOf, ModelDefinition, ModelSpec, RecordInput, RecordOf } from './model.js';
export { formatScope, parseScope } from './scope.js';
export type { DiffScope, ScopeSubtree } from './scope.js';
export { MemoryStore } from './store.js';
export type { Store } from './store.js';
export { executeSync } from './sync.js';
export type { SyncOptions } from './sync.js';
export { emptyCounts } from './sync-result.js';
export type { ElementResult, ElementStatus, SyncCounts, SyncResult } from './sync-result.js';
export { decodeUniqueId, encodeIdentifier, UID_SEPARATOR } from './unique-id.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { defineJob } from './jobs/job.js';
export type { DataMapping, JobContext, JobDefinition, JobDirection, JobFlags, JobSpec, ObjectLink } from './jobs/job.js';
export { startCpuProfile } from './jobs/cpu-profile.js';
export { describeParameters } from './jobs/describe-parameters.js';
export type { ParameterInfo } from './jobs/describe-parameters.js';
export type { CpuProfiler } from './jobs/cpu-profile.js';
export { FileRecorder } from './jobs/file-recorder.js';
export type { FileRecorderOptions, Retention } from './jobs/file-recorder.js';
export { flattenDiff, unflattenDiff, withoutDiff } from './jobs/history-query.js';
export { sampleMemory } from './jobs/memory-sampler.js';
export type { MemorySampler } from './jobs/memory-sampler.js';
export { JobParameterError, runJob } from './jobs/run-job.js';
export { ParameterReferenceError, resolveParameterReferences } from './jobs/parameter-references.js';
export type { ReferenceSources, ResolvedParameters, ResolvedReference } from './jobs/parameter-references.js';
export type { RunJobOptions } from './jobs/run-job.js';
export { MemoryRecorder } from './jobs/sync-record.js';
export type { LoadedCounts, RunError, RunStatus, RunWarning, StepMemory, StepName, StepRecord, SyncLogEntry, SyncRecord, SyncRecorder } from './jobs/sync-record.js';
export type { RunEvent, RunEventListener } from './jobs/run-events.js';
export type { DiffAncestor, DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunOverview, RunPage, RunQuery, SyncHistory } from './jobs/sync-history.js';
