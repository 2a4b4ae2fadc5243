// CRUD handlers a target adapter supplies per model: how the sync writes records to the real system.
import type { DiffElement } from './diff-element.js';
import type { AnyRecord, ModelDefinition, RecordOf } from './model.js';

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** What every handler call gets about the record it writes. */
export interface HandlerInputBase<R extends object> {
  /** Model name. */
  readonly model: string;
  /** Unique id of the record. */
  readonly uid: string;
  /** Identifier values of the record. */
  readonly keys: Partial<R>;
  /** The diff element being applied. */
  readonly element: DiffElement;
  /** Aborted when the sync is cancelled; pass it on to I/O. */
  readonly signal: AbortSignal;
}

/** Input of a create handler. */
export interface CreateInput<R extends object> extends HandlerInputBase<R> {
  /** The source's attribute values. */
  readonly attrs: Partial<R>;
  /** Identifiers and attributes together: the record to create. */
  readonly record: Partial<R>;
}

/** Input of an update handler. */
export interface UpdateInput<R extends object> extends HandlerInputBase<R> {
  /** The source's values of every attribute. */
  readonly attrs: Partial<R>;
  /** The changed attributes with their new (source) values only. */
  readonly changes: Partial<R>;
  /** Names of the changed attributes. */
  readonly changed: readonly string[];
  /** The record as the target has it now. */
  readonly current: R;
}

/** Input of a delete handler. */
export interface DeleteInput<R extends object> extends HandlerInputBase<R> {
  /** The record as the target has it now. */
  readonly current: R;
}

/** A handler's way to say "this record was not written" without throwing: the element is marked `failure`. */
export interface SoftFailure {
  /** Always `true`: marks the object as a soft failure. */
  readonly failed: true;
  /** Why the record was not written. */
  readonly message: string;
}

/** A handler's report of what the target stored, kept in the target adapter (for example a server-assigned id). */
export interface WrittenRecord<R extends object> {
  /** Fields as the target stored them. */
  readonly record: Partial<R>;
}

/**
 * A handler's way to say "this record may or may not have been written": the request went out but
 * no answer came back (a dropped connection, a timeout after sending a create). The element is
 * marked `unknown`, never `success` or `failure`; its children are skipped and the run fails, so that
 * the next run (which loads the target again) finds out what really happened.
 */
export interface UnknownOutcome {
  /** Always `true`: marks the object as an unknown outcome. */
  readonly unknown: true;
  /** What happened (the request sent, the answer that did not come). */
  readonly message: string;
}

/**
 * What a handler returns: nothing (success), a {@link WrittenRecord} (success, with the stored
 * fields), a {@link SoftFailure} or an {@link UnknownOutcome}.
 */
export type HandlerOutcome<R extends object> = void | undefined | WrittenRecord<R> | SoftFailure | UnknownOutcome;

/**
 * Marks a record as not written without stopping the sync: its children are skipped and the
 * sync goes on, with or without `continueOnFailure`.
 *
 * @param message - why the record was not written
 * @returns the soft failure to return from a handler
 * @example
 * ```ts
 * import { softFailure } from '@ssot/core';
 *
 * controller.handlers = {
 *   interface: {
 *     async update({ keys, changes, current }) {
 *       if (current.tags.includes('locked')) return softFailure(`${keys.name} on ${keys.device} is locked on the controller`);
 *       await api.patch(`/devices/${keys.device}/interfaces/${keys.name}`, changes);
 *       return undefined; // written
 *     },
 *   },
 * };
 * // A locked interface is marked `failure`, anything below it `skipped`, and the sync goes on.
 * ```
 */
export function softFailure(message: string): SoftFailure {
  return { failed: true, message };
}

/**
 * Marks a record whose write may or may not have happened (the request went out, no answer came
 * back). The element is logged as `unknown`, its children are skipped and the run fails.
 *
 * @param message - what was sent and what went wrong
 * @returns the unknown outcome to return from a handler
 * @example
 * ```ts
 * import { unknownOutcome } from '@ssot/core';
 *
 * controller.handlers = {
 *   device: {
 *     async create({ record }) {
 *       try {
 *         await api.post('/devices', record);
 *       } catch (error) {
 *         // The POST went out but the connection dropped: the device may exist now.
 *         if (isDroppedAnswer(error)) return unknownOutcome(`POST /devices sent, no answer: ${String(error)}`);
 *         throw error;
 *       }
 *       return undefined;
 *     },
 *   },
 * };
 * ```
 */
export function unknownOutcome(message: string): UnknownOutcome {
  return { unknown: true, message };
}

/** Whether a handler's outcome is an {@link UnknownOutcome}. */
export function isUnknownOutcome(outcome: unknown): outcome is UnknownOutcome {
  return typeof outcome === 'object' && outcome !== null && (outcome as { unknown?: unknown }).unknown === true;
}

/** Whether a handler's outcome is a {@link SoftFailure}. */
export function isSoftFailure(outcome: unknown): outcome is SoftFailure {
  return typeof outcome === 'object' && outcome !== null && (outcome as { failed?: unknown }).failed === true;
}

/**
 * How a target writes one model. Give single-record handlers, batch handlers, or both; the sync
 * prefers the batch form and groups ready elements of one model and action into bounded batches.
 * A batch handler returns nothing (all written) or one outcome per input, in input order.
 * Throwing marks the element (or the whole batch) as `error`.
 */
export interface ModelHandlers<R extends object = AnyRecord> {
  /** Creates one record. */
  create?(input: CreateInput<R>): Awaitable<HandlerOutcome<R>>;
  /** Updates one record. */
  update?(input: UpdateInput<R>): Awaitable<HandlerOutcome<R>>;
  /** Deletes one record. */
  delete?(input: DeleteInput<R>): Awaitable<HandlerOutcome<R>>;
  /** Creates many records of this model. */
  createMany?(inputs: readonly CreateInput<R>[]): Awaitable<void | readonly HandlerOutcome<R>[]>;
  /** Updates many records of this model. */
  updateMany?(inputs: readonly UpdateInput<R>[]): Awaitable<void | readonly HandlerOutcome<R>[]>;
  /** Deletes many records of this model. */
  deleteMany?(inputs: readonly DeleteInput<R>[]): Awaitable<void | readonly HandlerOutcome<R>[]>;
}

/** Handlers for the models of an adapter, keyed by model name. A model without handlers is synced in memory only. */
export type HandlersFor<M extends Record<string, ModelDefinition<object, string, string>>> = {
  [K in keyof M]?: ModelHandlers<RecordOf<M[K]>>;
};
