// Target handlers that record each write instead of doing it, for the sync tests.
import type { Adapter, ModelMap } from '../adapter.js';
import type { CreateInput, DeleteInput, ModelHandlers, UpdateInput } from '../handlers.js';

/**
 * Sets create, update and delete handlers on every model of the target that record each call as
 * "action model uid".
 *
 * @param target - the adapter whose handlers are replaced
 * @returns the recorded calls, in call order (filled as the sync runs)
 */
export function recordCalls<M extends ModelMap>(target: Adapter<M>): string[] {
  const calls: string[] = [];
  const log = (action: string) => (input: CreateInput<object> | UpdateInput<object> | DeleteInput<object>) => void calls.push(`${action} ${input.model} ${input.uid}`);
  const handlers: Record<string, ModelHandlers> = {};
  for (const model of Object.keys(target.models)) handlers[model] = { create: log('create'), update: log('update'), delete: log('delete') };
  target.handlers = handlers as Adapter<M>['handlers'];
  return calls;
}
