// The delete guard: a run whose diff would delete more than a budget of the target's records stops before the sync.
import type { DiffSummary } from '../diff.js';
import { SsotError } from '../errors.js';

/**
 * How many records of one model a run may delete: at most `count` records and at most `share`
 * (0 to 1) of the model's records in the target (the records the diff compared: deleted, updated
 * and unchanged ones). A limit left out does not apply. The share always allows one record (unless
 * it is 0), so that one decommissioned device in a small inventory does not need a yes.
 */
export interface DeleteBudget {
  /** Most records of one model a run may delete. */
  count?: number;
  /** Largest share (0 to 1) of one model's target records a run may delete. */
  share?: number;
}

/**
 * The budget every run gets unless told otherwise: 10% of a model's records, and never more than
 * 50 records of one model. Routine changes (a site decommissioned, a few devices renamed) stay
 * well inside it, while the deletes of a wrong, truncated or half-loaded source (whole models or a
 * large part of them) are far outside it.
 */
export const DEFAULT_DELETE_BUDGET: Readonly<DeleteBudget> = Object.freeze({ count: 50, share: 0.1 });

/** One model whose deletes are over the budget. */
export interface DeleteGuardViolation {
  /** The model. */
  model: string;
  /** Records the diff would delete. */
  deletes: number;
  /** The model's records in the target that the diff compared. */
  records: number;
  /** Most deletes the budget allows for this model. */
  limit: number;
}

/** What the delete guard decided for a run, as kept in its sync record. */
export interface DeleteGuardReport {
  /** The budget applied, as `--max-deletes` takes it (`"50,10%"`), or `"off"` when deletes were allowed. */
  budget: string;
  /** Models over the budget (empty when none was). */
  violations: DeleteGuardViolation[];
}

/** A `--max-deletes` value that does not parse. Code `INVALID_DELETE_BUDGET`. */
export class DeleteBudgetError extends SsotError {
  /**
   * @param spec - the value given
   * @param reason - what is wrong
   */
  constructor(spec: string, reason: string) {
    super('INVALID_DELETE_BUDGET', `Invalid delete budget "${spec}": ${reason}. Give a count (50), a share (10%) or both (50,10%).`);
  }
}

/**
 * A run stopped by the delete guard before its sync step. Code `DELETE_GUARD`. The run is recorded
 * with status `blocked`, its diff kept for review.
 */
export class DeleteGuardError extends SsotError {
  /** The models over the budget. */
  readonly violations: readonly DeleteGuardViolation[];

  /**
   * @param violations - the models over the budget
   * @param budget - the budget, formatted
   */
  constructor(violations: readonly DeleteGuardViolation[], budget: string) {
    const worst = violations.map((v) => `${v.model}: ${v.deletes} of ${v.records} (limit ${v.limit})`).join('; ');
    super(
      'DELETE_GUARD',
      `The run would delete more than its delete budget (${budget} per model) allows: ${worst}. Nothing was written. ` +
        'Review the diff; if these deletes are meant, run again with a larger budget (--max-deletes 500 or 50%) or --allow-deletes, or apply this run as a plan (ssot apply <id> --allow-deletes).',
    );
    this.violations = violations;
  }
}

/**
 * Reads a budget as `--max-deletes` takes it: a count (`"50"`), a share (`"10%"`), or both
 * separated by a comma (`"50,10%"`). `"0"` allows no delete at all.
 *
 * @param spec - the budget
 * @returns the budget
 * @throws DeleteBudgetError when it does not parse
 * @example
 * ```ts
 * import { parseDeleteBudget } from '@ssot/core';
 *
 * parseDeleteBudget('200');     // { count: 200 }
 * parseDeleteBudget('25%');     // { share: 0.25 }
 * parseDeleteBudget('200,25%'); // { count: 200, share: 0.25 }
 * ```
 */
export function parseDeleteBudget(spec: string): DeleteBudget {
  const budget: DeleteBudget = {};
  const parts = spec.split(',').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => part === '')) throw new DeleteBudgetError(spec, 'expected at most one count and one share');
  for (const part of parts) {
    const share = /^(\d+(?:\.\d+)?)%$/.exec(part);
    if (share !== null) {
      const value = Number(share[1]) / 100;
      if (budget.share !== undefined) throw new DeleteBudgetError(spec, 'two shares');
      if (value > 1) throw new DeleteBudgetError(spec, 'a share is at most 100%');
      budget.share = value;
    } else if (/^\d+$/.test(part)) {
      if (budget.count !== undefined) throw new DeleteBudgetError(spec, 'two counts');
      budget.count = Number(part);
    } else {
      throw new DeleteBudgetError(spec, `"${part}" is neither a count nor a share`);
    }
  }
  return budget;
}

/**
 * Writes a budget the way {@link parseDeleteBudget} reads it.
 *
 * @param budget - the budget
 * @returns `"50,10%"`, `"50"`, `"10%"`, or `"unlimited"` when it sets no limit
 */
export function formatDeleteBudget(budget: DeleteBudget): string {
  const parts: string[] = [];
  if (budget.count !== undefined) parts.push(String(budget.count));
  if (budget.share !== undefined) parts.push(`${Math.round(budget.share * 10_000) / 100}%`);
  return parts.length === 0 ? 'unlimited' : parts.join(',');
}

/**
 * The models whose deletes are over a budget, from a diff's counts per model.
 *
 * @param summaryByModel - the diff's counts per model (`diff.summaryByModel()`)
 * @param budget - the budget
 * @returns the models over it, most deletes first (empty when none)
 */
export function checkDeleteBudget(summaryByModel: Readonly<Record<string, DiffSummary>>, budget: DeleteBudget): DeleteGuardViolation[] {
  const violations: DeleteGuardViolation[] = [];
  for (const [model, summary] of Object.entries(summaryByModel)) {
    if (summary.delete === 0) continue;
    const records = summary.delete + summary.update + summary.noChange;
    let limit = Number.POSITIVE_INFINITY;
    if (budget.count !== undefined) limit = Math.min(limit, budget.count);
    if (budget.share !== undefined) limit = Math.min(limit, budget.share === 0 ? 0 : Math.max(1, Math.floor(budget.share * records)));
    if (summary.delete > limit) violations.push({ model, deletes: summary.delete, records, limit });
  }
  return violations.sort((a, b) => b.deletes - a.deletes || a.model.localeCompare(b.model));
}
