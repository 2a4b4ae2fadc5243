// The "last synced by <job> at <time>" stamp on written documents, and the schema plugin that allows it.
import { ModelDefinitionError } from '@ssot/core';
import type { Schema } from 'mongoose';
import type { AnyMongooseModel } from './mapping.js';

/** Where the stamp goes. */
export interface StampOptions {
  /** Document path of the stamp (default `_ssot`). */
  field?: string;
}

/** The stamp written on each created or updated document. */
export interface SyncStamp {
  /** Job that wrote the document last. */
  job: string | null;
  /** Run id of that sync. */
  runId: string | null;
  /** When. */
  at: Date;
}

/**
 * A mongoose schema plugin adding the sync stamp path (`_ssot` unless given), so strict schemas
 * keep it: `schema.plugin(syncStampPlugin)`.
 *
 * @param schema - the schema
 * @param options - `field`: the stamp's path
 */
export function syncStampPlugin(schema: Schema, options: StampOptions = {}): void {
  schema.add({ [options.field ?? '_ssot']: { job: { type: String, default: null }, runId: { type: String, default: null }, at: Date } });
}

/**
 * Checks that a model's schema has the stamp path, so the stamp is not silently dropped.
 *
 * @param modelName - the ssot model, for the error
 * @param model - the mongoose model
 * @param options - the stamp options
 * @throws ModelDefinitionError when the path is missing
 */
export function checkStampPath(modelName: string, model: AnyMongooseModel, options: StampOptions): void {
  const field = options.field ?? '_ssot';
  if (model.schema.path(`${field}.at`) === undefined && model.schema.path(field) === undefined) {
    throw new ModelDefinitionError(modelName, `the schema of mongoose model "${model.modelName}" has no "${field}" path for the sync stamp: add schema.plugin(syncStampPlugin)`);
  }
}
