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
 * What a handler returns: nothing (success), a {@link WrittenRecord} (success, with the stored
 * fields), or a {@link SoftFailure}.
 */
export type HandlerOutcome<R extends object> = void | undefined | WrittenRecord<R> | SoftFailure;

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
