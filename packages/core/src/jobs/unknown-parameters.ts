// Strict parameter names: a name the job's schema does not declare is refused, with the closest declared name as a hint.
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { ModelMap } from '../adapter.js';
import type { JobDefinition } from './job.js';
import { JobParameterError } from './job-parameter-error.js';

/** A parameter name the job does not declare (a typo, or a parameter of another job). Code `UNKNOWN_PARAMETER`. */
export class UnknownParameterError extends JobParameterError {
  /** The names the job declares. */
  readonly known: readonly string[];
  /** The declared name closest to the unknown one, when one is close enough to be a likely typo. */
  readonly suggestion: string | undefined;

  /**
   * @param job - the job's name
   * @param parameter - the unknown name
   * @param known - the names the job declares
   * @param suggestion - the likely intended name
   */
  constructor(job: string, parameter: string, known: readonly string[], suggestion: string | undefined) {
    const hint = suggestion !== undefined ? `did you mean "${suggestion}"?` : known.length === 0 ? 'the job takes no parameters.' : `it takes: ${known.join(', ')}.`;
    super(job, parameter, `is not a parameter of this job: ${hint}`, 'UNKNOWN_PARAMETER');
    this.known = known;
    this.suggestion = suggestion;
  }
}

/**
 * The names a job's parameter schema declares, or `undefined` when the schema is not a zod object
 * (a union, say): then names cannot be checked here and the schema itself decides.
 *
 * @param job - the job
 * @returns the declared names, in declaration order
 */
export function declaredParameters<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap>(job: JobDefinition<S, M>): readonly string[] | undefined {
  const shape = (job.parameters as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : undefined;
}

/**
 * Refuses parameter names the job does not declare. A misspelt name must never be dropped: the
 * parameter it was meant to set would silently take its default (a bundled sample, say) and the run
 * would write what nobody asked for. Called by `runJob` before anything runs; the CLI, the dashboard
 * and the API go through it.
 *
 * @param job - the job
 * @param params - the raw parameters (any object)
 * @throws UnknownParameterError for the first name the job does not declare, with the closest declared name
 * @example
 * ```ts
 * import { checkParameterNames } from '@ssot/core';
 *
 * checkParameterNames(fileToInventory, { invetory: 'mine.yaml' });
 * // UnknownParameterError: Job "file-to-inventory": parameter "invetory" is not a parameter of this job: did you mean "inventory"?
 * ```
 */
export function checkParameterNames<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap>(job: JobDefinition<S, M>, params: Record<string, unknown>): void {
  const known = declaredParameters(job);
  if (known === undefined) return;
  for (const name of Object.keys(params)) {
    if (known.includes(name)) continue;
    throw new UnknownParameterError(job.name, name, known, likelyMeant(name, known));
  }
}

/** The declared name a typo most likely meant: the closest by edit distance (case-insensitive), if close enough. */
function likelyMeant(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.map((entry) => entry.toLowerCase());
  const best = closest(name.toLowerCase(), lower);
  // Within about a third of the name's length (at least 2 edits): a typo, not another word.
  if (distance(name.toLowerCase(), best) > Math.max(2, Math.floor(name.length / 3))) return undefined;
  return known[lower.indexOf(best)];
}
