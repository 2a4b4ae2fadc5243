// Typed errors of the engine: each names its code and, where there is one, the model and record at fault.
import { isAbsolute, relative } from 'node:path';

/** Machine-readable codes of every error the engine throws. */
export type SsotErrorCode =
  | 'INVALID_MODEL_DEFINITION'
  | 'INVALID_ADAPTER'
  | 'INVALID_RECORD'
  | 'OBJECT_ALREADY_EXISTS'
  | 'OBJECT_NOT_FOUND'
  | 'WRONG_MODEL'
  | 'OBJECT_NOT_CREATED'
  | 'OBJECT_NOT_UPDATED'
  | 'OBJECT_NOT_DELETED'
  | 'INVALID_DIFF'
  | 'MODEL_MISMATCH'
  | 'INVALID_SCOPE'
  | 'SYNC_ABORTED'
  | 'SYNC_INCOMPLETE'
  | 'INVALID_JOB'
  | 'INVALID_PARAMETER'
  | 'RECORDER'
  | 'LOAD_STOPPED'
  | 'FILE_WRITE_FAILED'
  | 'UNKNOWN_PARAMETER'
  | 'DELETE_GUARD'
  | 'INVALID_DELETE_BUDGET'
  | 'INVALID_PLAN'
  | 'PLAN_DRIFTED';

/** Where an error happened: the model and, when known, the record's unique id and field. */
export interface ErrorLocation {
  /** Model name. */
  model?: string | undefined;
  /** Unique id of the record. */
  uid?: string | undefined;
  /** Field of the record at fault. */
  field?: string | undefined;
}

/** Base class of every error thrown by ssot packages. */
export class SsotError extends Error {
  /** Machine-readable error code. */
  readonly code: string;
  /** Model the error is about, if any. */
  readonly model: string | undefined;
  /** Unique id of the record the error is about, if any. */
  readonly uid: string | undefined;
  /** Field the error is about, if any. */
  readonly field: string | undefined;

  /**
   * @param code - machine-readable code
   * @param message - what happened and what to do next
   * @param location - model, record and field at fault
   * @param options - standard error options (`cause`)
   */
  constructor(code: string, message: string, location: ErrorLocation = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.model = location.model;
    this.uid = location.uid;
    this.field = location.field;
  }
}

/** A model definition is invalid (empty identifiers, overlapping or unknown fields, ...). */
export class ModelDefinitionError extends SsotError {
  /**
   * @param model - the model being defined
   * @param message - what is wrong with it
   * @param field - the field at fault, if any
   */
  constructor(model: string, message: string, field?: string) {
    super('INVALID_MODEL_DEFINITION', `Invalid model "${model}": ${message}`, { model, field });
  }
}

/** An adapter's configuration is invalid (unknown top-level model, unregistered child model, ...). */
export class AdapterDefinitionError extends SsotError {
  /**
   * @param adapter - the adapter's name
   * @param message - what is wrong with it
   */
  constructor(adapter: string, message: string) {
    super('INVALID_ADAPTER', `Invalid adapter "${adapter}": ${message}`);
  }
}

/** A record does not fit its model (missing identifier, non-scalar identifier, children field not a list). */
export class InvalidRecordError extends SsotError {
  /**
   * @param model - the record's model
   * @param field - the field at fault
   * @param message - what is wrong and how to fix it
   * @param uid - the record's unique id when it could be computed
   */
  constructor(model: string, field: string, message: string, uid?: string) {
    super('INVALID_RECORD', `Invalid ${model} record${uid === undefined ? '' : ` "${uid}"`}, field "${field}": ${message}`, {
      model,
      uid,
      field,
    });
  }
}

/** A different record with the same unique id is already stored. */
export class ObjectAlreadyExistsError extends SsotError {
  /** The record already stored. */
  readonly existing: unknown;
  /** The record that was being added. */
  readonly incoming: unknown;

  /**
   * @param model - the model
   * @param uid - the clashing unique id
   * @param existing - the record already stored
   * @param incoming - the record being added
   */
  constructor(model: string, uid: string, existing: unknown, incoming: unknown) {
    super(
      'OBJECT_ALREADY_EXISTS',
      `A different ${model} "${uid}" already exists: existing ${preview(existing)}, new ${preview(incoming)}. ` +
        'Use update() or updateOrInstantiate() to change a stored record.',
      { model, uid },
    );
    this.existing = existing;
    this.incoming = incoming;
  }
}

/** No record with this unique id is stored. */
export class ObjectNotFoundError extends SsotError {
  /**
   * @param model - the model
   * @param uid - the unique id that was looked up
   * @param where - the adapter's name
   */
  constructor(model: string, uid: string, where: string) {
    super('OBJECT_NOT_FOUND', `No ${model} "${uid}" in adapter "${where}".`, { model, uid });
  }
}

/**
 * The source and the target declare a model they share differently: their identifiers differ (so
 * records could not be matched by unique id), or the source compares an attribute the target's
 * definition does not declare. Thrown by the diff before it looks at any record.
 */
export class ModelMismatchError extends SsotError {
  /**
   * @param model - the model both sides declare
   * @param field - the identifier or attribute at fault
   * @param message - what differs and how to make the definitions agree
   */
  constructor(model: string, field: string, message: string) {
    super('MODEL_MISMATCH', message, { model, field });
  }
}

/**
 * A diff scope is invalid: a spec that does not parse, a model no adapter declares, or a subtree
 * root that exists on neither side (most often a typo). `model` and `uid` name what was not found.
 */
export class ScopeError extends SsotError {
  /**
   * @param message - what is wrong and how to write it instead
   * @param location - the model (and subtree root id) at fault, when there is one
   */
  constructor(message: string, location: ErrorLocation = {}) {
    super('INVALID_SCOPE', message, location);
  }
}

/** A model name is not registered on the adapter, or a record was passed for the wrong model. */
export class WrongModelError extends SsotError {
  /**
   * @param model - the model name that was asked for
   * @param message - what was expected instead
   */
  constructor(model: string, message: string) {
    super('WRONG_MODEL', message, { model });
  }
}

/** Which CRUD operation failed, for {@link ObjectCrudError}. */
export type CrudAction = 'create' | 'update' | 'delete';

/**
 * A target's create, update or delete handler could not write a record.
 * Thrown by handlers to mark an element as ERROR (the sync stops unless `continueOnFailure` is set).
 */
export class ObjectCrudError extends SsotError {
  /** The operation that failed. */
  readonly action: CrudAction;

  /**
   * @param action - the operation that failed
   * @param model - the model
   * @param uid - the record's unique id
   * @param message - why it failed
   * @param options - standard error options (`cause`)
   */
  constructor(action: CrudAction, model: string, uid: string, message: string, options?: ErrorOptions) {
    const code = action === 'create' ? 'OBJECT_NOT_CREATED' : action === 'update' ? 'OBJECT_NOT_UPDATED' : 'OBJECT_NOT_DELETED';
    super(code, `Could not ${action} ${model} "${uid}": ${message}`, { model, uid }, options);
    this.action = action;
  }
}

/** A create handler could not write a record. */
export class ObjectNotCreatedError extends ObjectCrudError {
  /**
   * @param model - the model
   * @param uid - the record's unique id
   * @param message - why it failed
   * @param options - standard error options (`cause`)
   */
  constructor(model: string, uid: string, message: string, options?: ErrorOptions) {
    super('create', model, uid, message, options);
  }
}

/** An update handler could not write a record. */
export class ObjectNotUpdatedError extends ObjectCrudError {
  /**
   * @param model - the model
   * @param uid - the record's unique id
   * @param message - why it failed
   * @param options - standard error options (`cause`)
   */
  constructor(model: string, uid: string, message: string, options?: ErrorOptions) {
    super('update', model, uid, message, options);
  }
}

/** A delete handler could not remove a record. */
export class ObjectNotDeletedError extends ObjectCrudError {
  /**
   * @param model - the model
   * @param uid - the record's unique id
   * @param message - why it failed
   * @param options - standard error options (`cause`)
   */
  constructor(model: string, uid: string, message: string, options?: ErrorOptions) {
    super('delete', model, uid, message, options);
  }
}

/** Where in a serialized diff the input is wrong, for {@link InvalidDiffError}. */
export interface DiffLocation {
  /** JSON path of the value at fault (`elements[3].children[0].action`). */
  path?: string | undefined;
  /** Model of the element at fault, when it could be read. */
  model?: string | undefined;
  /** Unique id of the element at fault, when it could be read. */
  uid?: string | undefined;
}

/** A serialized diff could not be read back. `path` names the value at fault (also in `field`). */
export class InvalidDiffError extends SsotError {
  /** JSON path of the value at fault (`elements[3].children[0].action`); `undefined` when the input is not an object. */
  readonly path: string | undefined;

  /**
   * @param message - what is wrong with the input
   * @param location - the JSON path and the element (model, uid) at fault
   */
  constructor(message: string, location: DiffLocation = {}) {
    const element = location.model === undefined ? '' : ` (${location.model}${location.uid === undefined ? '' : ` "${location.uid}"`})`;
    const at = location.path === undefined ? '' : ` at ${location.path}${element}`;
    super('INVALID_DIFF', `Invalid diff${at}: ${message}`, { model: location.model, uid: location.uid, field: location.path });
    this.path = location.path;
  }
}

/** The sync was stopped: by an abort signal, or by an error without `continueOnFailure`. */
export class SyncAbortedError extends SsotError {
  /**
   * @param message - why the sync stopped
   * @param options - standard error options (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super('SYNC_ABORTED', message, {}, options);
  }
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** A file could not be written. The file itself is untouched: writes go to a temporary file renamed over it. */
export class FileWriteError extends SsotError {
  /** Path of the file that was not written. */
  readonly file: string;

  /**
   * @param file - the file that was not written
   * @param message - why, and what to do
   * @param options - standard error options (`cause`)
   */
  constructor(file: string, message: string, options?: ErrorOptions) {
    super('FILE_WRITE_FAILED', `Could not write ${displayPath(file)}: ${message}`, {}, options);
    this.file = file;
  }
}

/** A path for messages: relative to the working directory when it is inside it, else as given. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
