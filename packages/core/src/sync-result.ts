// What a sync did: one result per element, counts per action and status, and what stopped it, if anything.
import type { DiffAction } from './diff-element.js';

/**
 * What happened to one element: written (`success`), refused softly by the handler (`failure`),
 * thrown by the handler (`error`), not attempted because something it depends on failed or the
 * sync stopped (`skipped`), reported as equal on both sides (`unchanged`, with `logUnchanged`),
 * sent without an answer so that it may or may not have been written (`unknown`), or written and
 * then undone when the target's transaction was aborted (`rolledBack`), or, when a plan is applied,
 * left out because the target changed since the plan was made (`drifted`).
 */
export type ElementStatus = 'success' | 'failure' | 'error' | 'skipped' | 'unchanged' | 'unknown' | 'rolledBack' | 'drifted';

/** Every {@link ElementStatus}, in the order reports list them. */
export const ELEMENT_STATUSES: readonly ElementStatus[] = ['success', 'failure', 'error', 'skipped', 'unchanged', 'unknown', 'rolledBack', 'drifted'];

/** Statuses of elements with an action that make a sync not `ok`. */
const NOT_DONE: readonly ElementStatus[] = ['failure', 'error', 'skipped', 'unknown', 'rolledBack', 'drifted'];

/** The result of one element. */
export interface ElementResult {
  /** Model name. */
  model: string;
  /** Unique id. */
  uid: string;
  /** The diff's action for it. */
  action: DiffAction;
  /** What happened. */
  status: ElementStatus;
  /** Changed attributes (updates). */
  changed?: readonly string[];
  /** Why it failed or was skipped, or a note on how it was written. */
  message?: string;
  /** The error a handler threw (status `error`). */
  error?: Error;
}

/** Counts of element results per action and status. */
export type SyncCounts = Record<Exclude<DiffAction, 'none'> | 'none', Record<ElementStatus, number>>;

/** What a sync did. */
export interface SyncResult {
  /** Every element the sync handled, in the order they finished. */
  results: ElementResult[];
  /** Counts per action and status. */
  counts: SyncCounts;
  /** `true` when every element with an action succeeded. */
  ok: boolean;
  /** `completed` when every element was attempted; `stopped` after an error without `continueOnFailure`; `aborted` by the signal. */
  state: 'completed' | 'stopped' | 'aborted';
  /** The error that stopped the sync, if any. */
  error?: Error;
}

/** Empty counts. */
export function emptyCounts(): SyncCounts {
  const row = (): Record<ElementStatus, number> => ({ success: 0, failure: 0, error: 0, skipped: 0, unchanged: 0, unknown: 0, rolledBack: 0, drifted: 0 });
  return { create: row(), update: row(), delete: row(), none: row() };
}

/**
 * Whether every element with an action was written: no `failure`, `error`, `skipped`, `unknown`
 * or `rolledBack` among creates, updates and deletes.
 *
 * @param counts - a sync's counts
 * @returns `true` when everything asked for was written
 */
export function allWritten(counts: SyncCounts): boolean {
  return [counts.create, counts.update, counts.delete].every((row) => NOT_DONE.every((status) => row[status] === 0));
}

/**
 * Marks every written element of a sync as `rolledBack`: for a target whose transaction was
 * aborted after the writes, in `syncComplete`, so that the run's log says what really happened.
 * Counts and `ok` follow; `error` is set to `reason` when the result has none.
 *
 * @param result - the sync's result, changed in place
 * @param reason - why the writes were undone (kept as each element's message and as the error)
 * @example
 * ```ts
 * import { Adapter, rollBack, type SyncResult } from '@ssot/core';
 *
 * class LedgerAdapter extends Adapter<typeof models> {
 *   override get transactional(): boolean { return true; }
 *   override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
 *     if (result.ok) return this.tx.commit();
 *     await this.tx.abort();
 *     rollBack(result, new Error('some writes failed; the transaction was aborted and nothing was written'));
 *   }
 * }
 * ```
 */
export function rollBack(result: SyncResult, reason: Error): void {
  for (const element of result.results) {
    if (element.status !== 'success' || element.action === 'none') continue;
    result.counts[element.action].success -= 1;
    result.counts[element.action].rolledBack += 1;
    element.status = 'rolledBack';
    element.message = reason.message;
  }
  result.ok = false;
  result.error ??= reason;
}
