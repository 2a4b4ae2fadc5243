// Applying a plan: which of its elements no longer match the target, and the plan without them.
import type { Adapter } from '../adapter.js';
import { deepEqual } from '../compare.js';
import { Diff, type DiffSummary } from '../diff.js';
import { DiffElement, type DiffAction } from '../diff-element.js';
import { SsotError } from '../errors.js';
import type { AnyRecord } from '../model.js';

/** An element of a plan whose record changed in the target since the plan was made. */
export interface DriftedElement {
  /** Model name. */
  model: string;
  /** Unique id. */
  uid: string;
  /** The plan's action for it. */
  action: DiffAction;
  /** What changed (`"now exists in the target"`, `"mtu: 1500 in the plan, 9000 now"`). */
  reason: string;
}

/** A recorded run cannot be applied as a plan (not a dry run, no diff, another job). Code `INVALID_PLAN`. */
export class InvalidPlanError extends SsotError {
  /**
   * @param planId - the plan's run id
   * @param reason - why it cannot be applied
   */
  constructor(planId: string, reason: string) {
    super('INVALID_PLAN', `Run ${planId} cannot be applied as a plan: ${reason}`);
  }
}

/**
 * The target changed since the plan was made: applying it as a whole would write over changes
 * nobody reviewed. Code `PLAN_DRIFTED`.
 */
export class PlanDriftedError extends SsotError {
  /** The elements that no longer match. */
  readonly drifted: readonly DriftedElement[];

  /**
   * @param drifted - the elements that no longer match
   */
  constructor(drifted: readonly DriftedElement[]) {
    const first = drifted
      .slice(0, 3)
      .map((element) => `${element.model} "${element.uid}" (${element.reason})`)
      .join('; ');
    super(
      'PLAN_DRIFTED',
      `The target changed since the plan was made: ${drifted.length} ${drifted.length === 1 ? 'element no longer matches' : 'elements no longer match'} (${first}${drifted.length > 3 ? '; ...' : ''}). ` +
        'Nothing was written. Make a new plan (ssot diff), or apply the elements that still match with --skip-drifted.',
    );
    this.drifted = drifted;
  }
}

/**
 * The elements of a plan that no longer match the target: a record to create that now exists, a
 * record to update or delete that is gone or whose values differ from those the plan saw (every
 * attribute the plan recorded for the target side), and a parent of planned changes that is gone.
 * Values are compared in their JSON form, as the plan recorded them.
 *
 * @param plan - the plan's diff
 * @param target - the target, loaded again
 * @returns the drifted elements, in plan order (a drifted element's descendants are not checked)
 */
export function findDrift(plan: Diff, target: Adapter): DriftedElement[] {
  const drifted: DriftedElement[] = [];
  const visit = (element: DiffElement): void => {
    const reason = driftOf(element, target);
    if (reason !== undefined) {
      drifted.push({ model: element.model, uid: element.uid, action: element.action, reason });
      return;
    }
    element.children.forEach(visit);
  };
  plan.elements.forEach(visit);
  return drifted;
}

function driftOf(element: DiffElement, target: Adapter): string | undefined {
  const current = target.store.has(element.model, element.uid) ? (target.store.get(element.model, element.uid) as AnyRecord) : undefined;
  if (element.action === 'create') return current === undefined ? undefined : 'now exists in the target';
  if (element.target === undefined) return undefined;
  if (current === undefined) return element.action === 'none' ? 'no longer in the target (records below it were to change)' : 'no longer in the target';
  const changed: string[] = [];
  for (const [field, planned] of Object.entries(element.target)) {
    const now = current[field] === undefined ? null : (JSON.parse(JSON.stringify(current[field])) as unknown);
    if (!deepEqual(planned, now)) changed.push(`${field}: ${preview(planned)} in the plan, ${preview(now)} now`);
  }
  return changed.length === 0 ? undefined : changed.join(', ');
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What {@link withoutDrifted} leaves of a plan. */
export interface PlanRemainder {
  /** The elements that still match, as a diff. */
  diff: Diff;
  /** Elements left out because a record above them drifted. */
  dropped: DiffElement[];
}

/**
 * The plan without its drifted elements (and everything below them), its counts adjusted.
 *
 * @param plan - the plan's diff
 * @param drifted - from {@link findDrift}
 * @returns the elements that still match, as a diff, and the elements left out below drifted ones
 */
export function withoutDrifted(plan: Diff, drifted: readonly DriftedElement[]): PlanRemainder {
  const isDrifted = new Set(drifted.map((element) => `${element.model}\u0000${element.uid}`));
  const summary: Record<string, DiffSummary> = structuredClone(plan.summaryByModel());
  const dropped: DiffElement[] = [];
  const uncount = (element: DiffElement): void => {
    const counts = summary[element.model];
    const key = element.action === 'none' ? 'noChange' : element.action;
    if (counts !== undefined) counts[key] -= 1;
  };
  const drop = (element: DiffElement, top: boolean): void => {
    uncount(element);
    if (!top) dropped.push(element);
    element.children.forEach((child) => drop(child, false));
  };
  const keep = (elements: readonly DiffElement[]): DiffElement[] =>
    elements.flatMap((element) => {
      if (isDrifted.has(`${element.model}\u0000${element.uid}`)) {
        drop(element, true);
        return [];
      }
      return [new DiffElement({ ...element, children: keep(element.children) })];
    });
  const elements = keep(plan.elements);
  return { diff: new Diff(plan.source, plan.target, elements, summary, { unlisted: plan.unlisted(), outOfScopeModels: plan.outOfScopeModels() }), dropped };
}
