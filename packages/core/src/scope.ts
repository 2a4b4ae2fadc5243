// The scope of a diff: which models, subtrees and records a run may touch, and its command-line form.
import { ScopeError } from './errors.js';
import type { AnyRecord } from './model.js';

/** A subtree of a scope: a record (its model and unique id) and everything below it. */
export interface ScopeSubtree {
  /** The root's model (`"site"`). */
  readonly model: string;
  /** The root's unique id (`"ams1"`). */
  readonly id: string;
}

/**
 * Limits a diff, and so a sync, to part of the data. Each part is optional; a record is in scope
 * when **all** the given parts accept it:
 *
 * - `models`: its model is listed;
 * - `subtrees`: it is one of the roots, or below one of them in the source's tree or in the
 *   target's (so a record that moves out of a root, or into one, is in scope);
 * - `predicate`: the predicate accepts it. A record on both sides is in scope when the predicate
 *   accepts the source's version or the target's (a device moving from `ams1` to `fra1` concerns both).
 *
 * Records out of scope get no element of their own, are counted as `outOfScope` in the summary,
 * and are never written. The diff still walks below them: an in-scope record under an out-of-scope
 * parent is diffed and appears under its parent's element (action `none`). A subtree root, or a
 * model in `models`, that no adapter knows is a {@link ScopeError}.
 */
export interface DiffScope {
  /** Models in scope (all shared models when absent). */
  readonly models?: readonly string[];
  /** Subtrees in scope (everything when absent). */
  readonly subtrees?: readonly ScopeSubtree[];
  /** Decides per record (every record when absent): its model, the record, its unique id. */
  readonly predicate?: (model: string, record: AnyRecord, uid: string) => boolean;
}

const MODELS_KEYS = new Set(['model', 'models']);

/**
 * Reads command-line scope specs into a {@link DiffScope}. Each spec is `model=<model>[,<model>...]`
 * (models in scope; `models=` works too) or `<model>=<id>[,<id>...]` (the subtree of each record:
 * `site=ams1`). Several specs add up: `["model=device,interface", "site=ams1", "site=fra1"]`.
 * Spaces around names are ignored; an id cannot contain a comma.
 *
 * @param specs - the specs, one per `--scope` option
 * @param knownModels - the models the job's adapters declare, when known: any other model is refused
 * @returns the scope (`{}` for no specs: everything is in scope)
 * @throws ScopeError naming the spec that does not parse, or the unknown model
 * @example
 * ```ts
 * import { parseScope } from '@ssot/core';
 *
 * parseScope(['model=device,interface', 'site=ams1']);
 * // { models: ['device', 'interface'], subtrees: [{ model: 'site', id: 'ams1' }] }
 * parseScope(['sites=ams1'], ['site', 'device']); // throws ScopeError: unknown model "sites" (known: site, device)
 * ```
 */
export function parseScope(specs: readonly string[], knownModels?: readonly string[]): DiffScope {
  const models: string[] = [];
  const subtrees: ScopeSubtree[] = [];
  const known = knownModels === undefined ? undefined : new Set(knownModels);
  const check = (model: string, spec: string): void => {
    if (known !== undefined && !known.has(model)) {
      throw new ScopeError(`Invalid scope "${spec}": unknown model "${model}" (known: ${[...known].join(', ')}).`, { model });
    }
  };
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    if (equals === -1) {
      throw new ScopeError(`Invalid scope "${spec}": expected "model=<model>[,<model>...]" or "<model>=<id>[,<id>...]" (for example "model=device,interface" or "site=ams1").`);
    }
    const key = spec.slice(0, equals).trim();
    const values = spec.slice(equals + 1).split(',').map((value) => value.trim());
    if (key === '') throw new ScopeError(`Invalid scope "${spec}": no model before "=" (write "model=<model>" or "<model>=<id>").`);
    if (values.length === 1 && values[0] === '') throw new ScopeError(`Invalid scope "${spec}": no ${MODELS_KEYS.has(key) ? 'model' : 'id'} after "=".`);
    if (values.includes('')) throw new ScopeError(`Invalid scope "${spec}": an empty name between commas.`);
    if (MODELS_KEYS.has(key)) {
      for (const model of values) {
        check(model, spec);
        if (!models.includes(model)) models.push(model);
      }
    } else {
      check(key, spec);
      for (const id of values) if (!subtrees.some((s) => s.model === key && s.id === id)) subtrees.push({ model: key, id });
    }
  }
  const scope: { models?: string[]; subtrees?: ScopeSubtree[] } = {};
  if (models.length > 0) scope.models = models;
  if (subtrees.length > 0) scope.subtrees = subtrees;
  return scope;
}

/**
 * The spec form of a scope (what {@link parseScope} reads), for records and messages. A predicate
 * cannot be written down: it appears as `(predicate)`.
 *
 * @param scope - the scope
 * @returns one spec for the models, one per subtree model, and `(predicate)` when there is one
 */
export function formatScope(scope: DiffScope): string[] {
  const specs: string[] = [];
  if (scope.models !== undefined) specs.push(`model=${scope.models.join(',')}`);
  const byModel = new Map<string, string[]>();
  for (const subtree of scope.subtrees ?? []) {
    const ids = byModel.get(subtree.model) ?? [];
    ids.push(subtree.id);
    byModel.set(subtree.model, ids);
  }
  for (const [model, ids] of byModel) specs.push(`${model}=${ids.join(',')}`);
  if (scope.predicate !== undefined) specs.push('(predicate)');
  return specs;
}
