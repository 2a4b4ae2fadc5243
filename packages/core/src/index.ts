// Public entry of @ssot/core: models, adapters, stores, diff and sync.
export { Adapter, uniqueIdOf } from './adapter.js';
export type { AdapterOptions, AdapterSnapshot, AdapterSyncOptions, ModelMap, ModelName, RecordOfModel, RecordRef, RemoveOptions, TreeOptions, WriteProblem } from './adapter.js';
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
export { isSoftFailure, isUnknownOutcome, softFailure, unknownOutcome } from './handlers.js';
export type {
  Awaitable,
  CreateInput,
  DeleteInput,
  HandlerInputBase,
  HandlerOutcome,
  HandlersFor,
  ModelHandlers,
  SoftFailure,
  UnknownOutcome,
  UpdateInput,
  WrittenRecord,
} from './handlers.js';
export { silentLogger } from './logger.js';
export type { LogFn, Logger } from './logger.js';
export { defineModel } from './model.js';
export type { AnyRecord, ChildFieldsOf, ListFieldOf, ModelDefinition, ModelSpec, RecordInput, RecordOf } from './model.js';
export { isSensitiveHeader, isSensitiveParam, REDACTED, Redactor } from './redact.js';
export { formatScope, parseScope } from './scope.js';
export type { DiffScope, ScopeSubtree } from './scope.js';
export { MemoryStore } from './store.js';
export type { Store } from './store.js';
export { executeSync } from './sync.js';
export type { SyncOptions } from './sync.js';
export { allWritten, ELEMENT_STATUSES, emptyCounts, rollBack } from './sync-result.js';
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
export { JobParameterError } from './jobs/job-parameter-error.js';
export { runJob } from './jobs/run-job.js';
export { checkDeleteBudget, DEFAULT_DELETE_BUDGET, DeleteBudgetError, DeleteGuardError, formatDeleteBudget, parseDeleteBudget } from './jobs/delete-guard.js';
export type { DeleteBudget, DeleteGuardReport, DeleteGuardViolation } from './jobs/delete-guard.js';
export { findDrift, InvalidPlanError, PlanDriftedError, withoutDrifted } from './jobs/plan-drift.js';
export type { DriftedElement, PlanRemainder } from './jobs/plan-drift.js';
export { checkParameterNames, declaredParameters, UnknownParameterError } from './jobs/unknown-parameters.js';
export { ParameterReferenceError, resolveParameterReferences } from './jobs/parameter-references.js';
export type { ReferenceSources, ResolvedParameters, ResolvedReference } from './jobs/parameter-references.js';
export type { RunJobOptions } from './jobs/run-job.js';
export { MemoryRecorder, RUN_STATUSES } from './jobs/sync-record.js';
export { currentOwner, HEARTBEAT_INTERVAL_MS, isOwnerGone, STALE_AFTER_MS, withLiveness } from './jobs/run-owner.js';
export type { LivenessOptions, RunOwner } from './jobs/run-owner.js';
export type { LoadedCounts, RunError, RunStatus, RunWarning, StepMemory, StepName, StepRecord, SyncLogEntry, SyncRecord, SyncRecorder, WriteCheck } from './jobs/sync-record.js';
export type { RunEvent, RunEventListener } from './jobs/run-events.js';
export type { DiffAncestor, DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunOverview, RunPage, RunQuery, SyncHistory } from './jobs/sync-history.js';
