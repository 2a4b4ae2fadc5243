// What a sync did: one result per element, counts per action and status, and what stopped it, if anything.
import type { DiffAction } from './diff-element.js';

/**
 * What happened to one element: written (`success`), refused softly by the handler (`failure`),
 * thrown by the handler (`error`), not attempted because something it depends on failed or the
 * sync stopped (`skipped`), or reported as equal on both sides (`unchanged`, with `logUnchanged`).
 */
export type ElementStatus = 'success' | 'failure' | 'error' | 'skipped' | 'unchanged';

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
  const row = (): Record<ElementStatus, number> => ({ success: 0, failure: 0, error: 0, skipped: 0, unchanged: 0 });
  return { create: row(), update: row(), delete: row(), none: row() };
}
