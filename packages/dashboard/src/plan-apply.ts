// Starting runs with a delete budget, and applying a recorded dry run (a plan): shared by the run forms and the API.
import { DeleteBudgetError, InvalidPlanError, JobParameterError, ParameterReferenceError, parseDeleteBudget, REDACTED, ScopeError } from '@ssot/core';
import type { JobDefinition, SyncRecord } from '@ssot/core';
import type { DashboardState } from './state.js';

/** A value given by reference (`env:NAME`, `file:PATH`): the dashboard never reads one, so a plan keeping one needs the value again. */
const REFERENCE = /^(env|file):./s;

/**
 * Whether an error is a refusal of what the user asked for (invalid or unknown parameters, a
 * parameter reference, a scope or a delete budget that does not parse, a run that cannot be applied
 * as a plan): such errors are thrown before anything runs, and are answered with a 400 and their message.
 *
 * @param error - what `RunManager.start` (or a check before it) threw
 * @returns `true` for a refusal
 */
export function isRunRefusal(error: unknown): error is Error {
  return error instanceof JobParameterError || error instanceof ParameterReferenceError || error instanceof ScopeError || error instanceof DeleteBudgetError || error instanceof InvalidPlanError;
}

/**
 * A delete budget as typed in a form or sent to the API, checked with core's `parseDeleteBudget`.
 *
 * @param spec - the budget (`"500"`, `"25%"`, `"500,25%"`), blank for the job's default
 * @returns the spec, trimmed, or `undefined` when blank
 * @throws DeleteBudgetError when it does not parse
 */
export function checkedDeleteBudget(spec: string | undefined): string | undefined {
  const trimmed = spec?.trim() ?? '';
  if (trimmed === '') return undefined;
  parseDeleteBudget(trimmed);
  return trimmed;
}

/**
 * Whether a recorded run can be offered as a plan: a dry run that succeeded or was blocked, with
 * its diff, that is not itself the application of a plan.
 *
 * @param run - the run (its diff may have been left out: the check does not need it)
 * @returns `true` when the run page offers "Apply this plan"
 */
export function isApplicablePlan(run: Pick<SyncRecord, 'dryRun' | 'status' | 'plan' | 'summary'>): boolean {
  return run.dryRun && (run.status === 'succeeded' || run.status === 'blocked') && run.plan === undefined && run.summary !== undefined;
}

/**
 * The names of a plan's parameters whose values the plan did not keep: secrets recorded as
 * `[REDACTED]`, and values given by reference (`env:NAME`, `file:PATH`), which the dashboard does not read.
 *
 * @param plan - the plan
 * @returns the names, in the plan's order
 */
export function parametersToGiveAgain(plan: Pick<SyncRecord, 'parameters'>): string[] {
  return Object.entries(plan.parameters)
    .filter(([, value]) => value === REDACTED || (typeof value === 'string' && REFERENCE.test(value)))
    .map(([name]) => name);
}

/** What applying a plan asks for (see {@link applyPlan}). */
export interface ApplyRequest {
  /** Parameter values given again (over the plan's). */
  params: Record<string, unknown>;
  /** Lift the delete guard. */
  allowDeletes: boolean;
  /** A delete budget (`"500"`, `"25%"`, `"500,25%"`); blank or absent for the job's default. */
  maxDeletes?: string | undefined;
  /** Apply the elements that still match when the target drifted, instead of refusing the plan. */
  skipDrifted: boolean;
}

/** What {@link applyPlan} did: the new run's id, or why nothing was started. */
export type ApplyOutcome = { ok: true; id: string; plan: string } | { ok: false; status: 400 | 404; message: string };

/**
 * The parameters a plan is applied with: the values given again, and for each value the plan did
 * not keep (see {@link parametersToGiveAgain}) and that is not given, the job's configured default.
 */
function planParams(state: DashboardState, job: JobDefinition, plan: SyncRecord, given: Record<string, unknown>): Record<string, unknown> {
  const params = { ...given };
  const defaults = state.defaults(job.name);
  for (const name of parametersToGiveAgain(plan)) {
    if (params[name] !== undefined) continue;
    if (defaults[name] !== undefined) params[name] = defaults[name];
    else throw new JobParameterError(job.name, name, 'was not kept by the plan (a secret, or a value given by reference): give it again in the "Apply this plan" form (or in "params").');
  }
  return params;
}

/**
 * Applies a recorded dry run exactly, through the dashboard's run manager: the plan's record is read
 * in full (with its diff) from the history, and core's `runJob` runs with `plan`. Nothing runs when
 * the run is not a plan of an installed job, or a parameter or the delete budget is refused.
 *
 * @param state - the dashboard's state
 * @param id - the plan's run id
 * @param request - parameters given again, delete budget, drift policy
 * @returns the new run's id, or the refusal
 */
export async function applyPlan(state: DashboardState, id: string, request: ApplyRequest): Promise<ApplyOutcome> {
  const plan = await state.history.getRun(id);
  if (plan === undefined) return { ok: false, status: 404, message: 'No such run.' };
  const job = state.jobs.get(plan.job)?.job;
  if (job === undefined) return { ok: false, status: 404, message: `Job "${plan.job}" is not installed here: its plans cannot be applied.` };
  try {
    const maxDeletes = checkedDeleteBudget(request.maxDeletes);
    if (!isApplicablePlan(plan)) throw new InvalidPlanError(plan.id, plan.plan !== undefined ? 'it is itself the application of a plan.' : plan.dryRun ? `its status is "${plan.status}"; only a finished dry run is a plan.` : 'it is not a dry run.');
    const params = planParams(state, job, plan, request.params);
    const started = await state.runs.start(job, { params, dryRun: false, plan, allowDeletes: request.allowDeletes, skipDrifted: request.skipDrifted, ...(maxDeletes === undefined ? {} : { maxDeletes }) });
    state.logger.info({ job: job.name, runId: started, plan: plan.id }, 'dashboard plan applied');
    return { ok: true, id: started, plan: plan.id };
  } catch (error) {
    if (isRunRefusal(error)) return { ok: false, status: 400, message: error.message };
    throw error;
  }
}
