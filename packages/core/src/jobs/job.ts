// Jobs: a named, parameterized sync between a source and a target, declared once and typed end to end.
import type { z } from 'zod';
import type { Adapter, ModelMap } from '../adapter.js';
import type { Diff } from '../diff.js';
import type { DeleteBudget } from './delete-guard.js';
import type { DiffOptions } from '../differ.js';
import { SsotError } from '../errors.js';
import { assertZod4Schema } from './zod-version.js';
import type { GlobalFlags } from '../flags.js';
import type { Logger } from '../logger.js';
import type { SyncOptions } from '../sync.js';
import type { SyncResult } from '../sync-result.js';

/** `data-source`: an external system feeds the source of truth. `data-target`: the source of truth feeds an external system. */
export type JobDirection = 'data-source' | 'data-target';

/** Which source field feeds which target field, shown to users. */
export interface DataMapping {
  /** Source field or concept (`"Device name"`). */
  source: string;
  /** Target field or concept. */
  target: string;
  /** Link to the source's documentation or UI for this field. */
  sourceUrl?: string;
  /** Link to the target's documentation or UI for this field. */
  targetUrl?: string;
}

/** A link or reference to a record in either system, from a job's `lookupObject`. */
export interface ObjectLink {
  /** Where to see the record. */
  url?: string;
  /** A human label for it. */
  label?: string;
}

/** What every step of a job run gets. */
export interface JobContext<P> {
  /** The validated parameters (secrets included: never log them). */
  readonly params: P;
  /** Whether the sync step is skipped. */
  readonly dryRun: boolean;
  /** Aborted when the run is cancelled, and, with `loadConcurrently`, when the other loader failed. */
  readonly signal: AbortSignal;
  /** The run's logger. */
  readonly logger: Logger;
  /** The sync record's id. */
  readonly runId: string;
  /** The job's name. */
  readonly job: string;
  /**
   * The options the built-in diff step passes to `calculateDiff`: the job's flags, `logUnchanged`,
   * the run's `scope`, the abort signal, progress reporting and the warnings logger. A job that replaces the diff step (to compare part of
   * the target, say) spreads them into its own call so that its flags, `--log-unchanged` and the
   * progress bars keep working, and so that it stays within the run's scope.
   */
  readonly diffOptions: DiffOptions;
  /**
   * Reports loading progress of one model (for progress bars). Cheap to call; call it every
   * few thousand records, not for each one.
   */
  progress(model: string, current: number, total?: number): void;
  /** Stores a JSON-serialisable metrics snapshot in the sync record under `name` (an HTTP client's counts, say). */
  setMetrics(name: string, metrics: unknown): void;
  /**
   * Registers clean-up work (close a connection, remove a temporary file) that runs when the run
   * ends, whatever its outcome, in reverse order of registration, before the record is finished.
   * Each clean-up runs once, after every loader has settled; one registered after the run's
   * clean-ups ran (by work left running in the background) runs at once.
   */
  defer(cleanup: () => void | Promise<void>): void;
}

/** Flags a job passes to its diff and sync. */
export type JobFlags = GlobalFlags & Pick<DiffOptions, 'ignoreModels'> & Pick<SyncOptions, 'concurrency' | 'batchSize'>;

/** What `defineJob` takes. `S` is the zod schema of the parameters. */
export interface JobSpec<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap> {
  /** Unique name (`"netbox-to-inventory"`). */
  name: string;
  /** What the job does, for users. */
  description?: string;
  /** Which way data flows relative to the source of truth. */
  direction: JobDirection;
  /** Label of the source system. */
  source: string;
  /** Label of the target system. */
  target: string;
  /** Parameter schema (zod). Parameters are validated before anything runs. */
  parameters: S;
  /** Parameters whose values are secrets: redacted everywhere a parameter can appear. */
  secrets?: readonly (keyof z.output<S> & string)[];
  /** Diff and sync flags. */
  flags?: JobFlags;
  /**
   * The job's delete budget, when the default (`DEFAULT_DELETE_BUDGET`: 50 records and 10% of
   * a model's records) does not suit it. A run's `maxDeletes` or `allowDeletes` overrides it.
   */
  deleteBudget?: DeleteBudget;
  /** Makes and loads the source adapter. */
  loadSource(context: JobContext<z.output<S>>): Promise<Adapter<M>>;
  /** Makes and loads the target adapter. */
  loadTarget(context: JobContext<z.output<S>>): Promise<Adapter<M>>;
  /** Replaces the built-in diff step. */
  calculateDiff?(context: JobContext<z.output<S>>, source: Adapter<M>, target: Adapter<M>): Diff | Promise<Diff>;
  /** Replaces the built-in sync step; it must apply `diff` as given. */
  executeSync?(context: JobContext<z.output<S>>, source: Adapter<M>, target: Adapter<M>, diff: Diff): Promise<SyncResult>;
  /** Which source field feeds which target field. */
  dataMappings?: readonly DataMapping[];
  /** Label -> value facts about the job's configuration (never a secret). */
  configInformation?: (params: z.output<S>) => Record<string, string>;
  /** A link or reference for a record, used in sync record log entries. */
  lookupObject?(model: string, uid: string, params: z.output<S>): ObjectLink | undefined;
}

/** A checked job definition. */
export type JobDefinition<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>, M extends ModelMap = ModelMap> = Readonly<JobSpec<S, M>>;

const JOB_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Declares a job. Its name must be lower-case letters, digits, `.`, `_` or `-`; secret
 * parameters must exist in the schema's shape when the schema is a zod object. `parameters` must
 * be a zod 4 schema (zod is a peer dependency of `@ssot/core`, range `^4.1.0`); a zod 3 schema is
 * refused with an `INVALID_JOB` error instead of being read as "no parameters".
 *
 * @param spec - the job
 * @returns the checked job
 * @throws SsotError with code `INVALID_JOB` when the definition is wrong
 * @example
 * ```ts
 * import { defineJob } from '@ssot/core';
 * import { z } from 'zod';
 *
 * export const inventoryToAcme = defineJob({
 *   name: 'inventory-to-acme',
 *   direction: 'data-target',
 *   source: 'inventory',
 *   target: 'Acme controller',
 *   parameters: z.object({ url: z.url(), token: z.string().min(8), site: z.string().optional() }),
 *   secrets: ['token'], // redacted in the sync record, its logs and errors
 *   flags: { continueOnFailure: true },
 *   loadSource: ({ signal }) => loadInventory(signal), // your loaders: each returns a loaded Adapter
 *   loadTarget: ({ params }) => loadAcme(params.url, params.token, params.site),
 * });
 * ```
 */
export function defineJob<S extends z.ZodType<Record<string, unknown>>, M extends ModelMap>(spec: JobSpec<S, M>): JobDefinition<S, M> {
  if (!JOB_NAME.test(spec.name)) throw new SsotError('INVALID_JOB', `Invalid job name "${spec.name}": use lower-case letters, digits, ".", "_" or "-".`);
  if (spec.direction !== 'data-source' && spec.direction !== 'data-target') {
    throw new SsotError('INVALID_JOB', `Job "${spec.name}": direction must be "data-source" or "data-target".`);
  }
  assertZod4Schema(spec.parameters, spec.name);
  const shape = (spec.parameters as { shape?: Record<string, unknown> }).shape;
  for (const secret of spec.secrets ?? []) {
    if (shape !== undefined && !(secret in shape)) throw new SsotError('INVALID_JOB', `Job "${spec.name}": secret parameter "${secret}" is not in the parameter schema.`);
  }
  return Object.freeze({ ...spec });
}
