// Applies a calculated diff to a target adapter: dependency order, batches, bounded concurrency, per-element results.
import type { Adapter, ModelMap } from './adapter.js';
import type { Diff } from './diff.js';
import type { DiffAction, DiffElement, ParentRef } from './diff-element.js';
import { SsotError, SyncAbortedError } from './errors.js';
import { PROGRESS_INTERVAL, type ProgressListener } from './events.js';
import type { GlobalFlags } from './flags.js';
import { isSoftFailure, isUnknownOutcome, type CreateInput, type DeleteInput, type HandlerOutcome, type ModelHandlers, type UpdateInput } from './handlers.js';
import { silentLogger, type Logger } from './logger.js';
import type { AnyRecord } from './model.js';
import { allWritten, emptyCounts, type ElementResult, type ElementStatus, type SyncResult } from './sync-result.js';

/** Options for applying a diff. */
export interface SyncOptions extends GlobalFlags {
  /** How many handler calls (single or batch) may run at once. Default 1: one write at a time, in order. */
  concurrency?: number;
  /** Largest number of elements given to one batch handler call. Default 250. */
  batchSize?: number;
  /** Cancels the sync: nothing new starts, running handlers get the signal, the result says `aborted`. */
  signal?: AbortSignal;
  /** Receives one line per failure and error (and per unchanged record with `logUnchanged`). Silent by default. */
  logger?: Logger;
  /**
   * Progress events while syncing: one per model with `current` 0 and its total before the first
   * write, then one after every handler call (a batch written), every `PROGRESS_INTERVAL` records,
   * and when the model is done.
   */
  onProgress?: ProgressListener;
  /** Called with each element's result as soon as it is known (for example to write a change log). */
  onResult?: (result: ElementResult) => void;
}

type WriteAction = Exclude<DiffAction, 'none'>;

/** A unit of work: one element's write, or a barrier standing for "every write of a model is done". */
interface Node {
  element: DiffElement | undefined;
  model: string;
  action: WriteAction;
  parent: ParentRef | undefined;
  /** Unfinished prerequisites. */
  waiting: number;
  /** Nodes that may start once this one is done, whatever its outcome. */
  after: Node[];
  /** Nodes that can only run if this one succeeds (tree order): skipped when it does not. */
  needsSuccess: Node[];
  /** Set when a tree prerequisite did not succeed. */
  blockedBy: string | undefined;
  /** Descendant elements removed with this one (skip children on delete). */
  cascade: DiffElement[] | undefined;
  done: boolean;
  status: ElementStatus | undefined;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Applies a diff to the target adapter and, through the target's handlers, to its system.
 *
 * Creates and updates run parent before child, deletes child before parent (unless a record has
 * `deleteParentFirst`), and a model's `dependsOn` models are created before it and deleted after it.
 * Ready elements of one model and action go to the model's batch handler in batches of
 * `batchSize`; otherwise to its single-record handler; a model without handlers is changed in
 * the target's store only. The diff is used as given: it is never recalculated. When the target's
 * `syncComplete` throws, the result is not `ok` and carries its error: nothing is thrown.
 *
 * @param diff - the diff to apply (from `calculateDiff` or `Diff.fromJSON`)
 * @param source - the source adapter (passed to `syncComplete`)
 * @param target - the adapter to change
 * @param options - flags, concurrency, batch size, signal, logger, progress
 * @returns what happened to every element
 * @example
 * ```ts
 * import { calculateDiff, executeSync } from '@ssot/core';
 *
 * controller.handlers = { // api: an HttpClient from @ssot/http
 *   device: { create: async ({ record }) => { await api.post('/devices', record); } },
 *   interface: {
 *     update: async ({ keys, changes }) => { await api.patch(`/devices/${keys.device}/interfaces/${keys.name}`, changes); },
 *     delete: async ({ keys }) => { await api.delete(`/devices/${keys.device}/interfaces/${keys.name}`); },
 *   },
 * };
 * const diff = calculateDiff(netbox, controller);
 * const result = await executeSync(diff, netbox, controller, { continueOnFailure: true, concurrency: 4 });
 * console.log(result.ok, result.counts.update); // false { success: 11, failure: 0, error: 1, skipped: 0, unchanged: 0 }
 * for (const failed of result.results.filter((r) => r.status === 'error')) console.log(failed.model, failed.uid, failed.message);
 * ```
 */
export async function executeSync<S extends ModelMap, T extends ModelMap>(diff: Diff, source: Adapter<S>, target: Adapter<T>, options: SyncOptions = {}): Promise<SyncResult> {
  const run = new SyncRun(diff, target as unknown as Adapter, options);
  const result = await run.execute();
  try {
    await target.syncComplete(source as unknown as Adapter, result);
  } catch (error) {
    // The writes may not be final (a transaction aborted, a file not written): the result says so
    // instead of the error hiding what was done. A target that undid its writes marks them with `rollBack`.
    result.ok = false;
    if (result.state === 'completed') result.state = 'stopped';
    result.error = error instanceof Error ? error : new Error(String(error));
  }
  return result;
}

class SyncRun {
  readonly #diff: Diff;
  readonly #target: Adapter;
  readonly #options: SyncOptions;
  readonly #logger: Logger;
  readonly #signal: AbortSignal;
  readonly #concurrency: number;
  readonly #batchSize: number;
  readonly #results: ElementResult[] = [];
  readonly #counts = emptyCounts();
  readonly #queues = new Map<string, { nodes: Node[]; head: number }>();
  readonly #upserts = new Map<string, Node[]>();
  readonly #deletes = new Map<string, Node[]>();
  /** Per model: records done, records to do, and `current` when progress was last reported. */
  readonly #progress = new Map<string, { current: number; total: number; reported: number }>();
  readonly #moves: { element: DiffElement; parent: ParentRef | undefined; node: Node | undefined }[] = [];
  #pending = 0;
  #stopError: Error | undefined;
  #aborted = false;

  constructor(diff: Diff, target: Adapter, options: SyncOptions) {
    this.#diff = diff;
    this.#target = target;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#signal = options.signal ?? NEVER_ABORTED;
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.#batchSize = Math.max(1, Math.floor(options.batchSize ?? 250));
  }

  async execute(): Promise<SyncResult> {
    const roots: Node[] = [];
    for (const element of this.#diff.elements) this.#plan(element, undefined, undefined, roots);
    this.#linkModelDependencies(roots);
    // Every model's total is known before the first write: listeners can show the whole sync's size from the start.
    for (const [model, progress] of this.#progress) this.#options.onProgress?.({ phase: 'sync', model, current: progress.current, total: progress.total });
    for (const node of roots) if (node.waiting === 0) this.#makeReady(node);

    const onAbort = (): void => {
      this.#aborted = true;
      this.#wake?.();
    };
    if (this.#signal.aborted) this.#aborted = true;
    else this.#signal.addEventListener('abort', onAbort, { once: true });

    try {
      await this.#loop();
    } finally {
      this.#signal.removeEventListener('abort', onAbort);
    }

    this.#relinkMoves();

    let state: SyncResult['state'] = 'completed';
    if (this.#aborted) {
      state = 'aborted';
      this.#stopError ??= new SyncAbortedError('The sync was cancelled.', { cause: this.#signal.reason });
    } else if (this.#stopError !== undefined) {
      state = 'stopped';
    }
    if (this.#pending > 0) {
      // Whatever did not run: stopped, aborted, or caught in a dependency cycle between models.
      const reason =
        this.#stopError !== undefined ? `not attempted: the sync stopped (${this.#stopError.message})` : 'not attempted: its models depend on each other in a cycle (check dependsOn)';
      if (this.#stopError === undefined) {
        state = 'stopped';
        this.#stopError = new SsotError('DEPENDENCY_CYCLE', 'The sync could not order some elements: their models depend on each other in a cycle (check dependsOn).');
      }
      for (const nodes of [...this.#upserts.values(), ...this.#deletes.values()]) {
        for (const node of nodes) if (!node.done) this.#finish(node, 'skipped', reason);
      }
    }
    const c = this.#counts;
    const ok = state === 'completed' && allWritten(c);
    const result: SyncResult = { results: this.#results, counts: c, ok, state };
    if (this.#stopError !== undefined) result.error = this.#stopError;
    return result;
  }

  /**
   * Moves records that changed parents from their old parent's children list to the new one's. A
   * record whose new parent is not in the target (out of scope, or not created) stays where it is:
   * taking it off its old parent would leave it listed by no parent.
   */
  #relinkMoves(): void {
    const target = this.#target;
    for (const { element, parent, node } of this.#moves) {
      if (node !== undefined && node.status !== 'success') continue;
      const from = element.movedFrom as ParentRef;
      if (!target.store.has(element.model, element.uid)) continue;
      if (parent === undefined || !this.#canList(parent.model, element.model) || !target.store.has(parent.model, parent.uid)) continue;
      if (this.#canList(from.model, element.model) && target.store.has(from.model, from.uid)) target.removeChild(from.model, from.uid, element.model, element.uid);
      target.addChild(parent.model, parent.uid, element.model, target.get(element.model, element.uid));
    }
  }

  /** Whether the target's definition of `parentModel` lists records of `childModel` (the two sides' structures may differ). */
  #canList(parentModel: string, childModel: string): boolean {
    return this.#target.models[parentModel]?.children[childModel] !== undefined;
  }

  // ---- planning ----

  #node(element: DiffElement | undefined, model: string, action: WriteAction, parent: ParentRef | undefined): Node {
    return { element, model, action, parent, waiting: 0, after: [], needsSuccess: [], blockedBy: undefined, cascade: undefined, done: false, status: undefined };
  }

  #edge(from: Node, to: Node, needsSuccess: boolean): void {
    (needsSuccess ? from.needsSuccess : from.after).push(to);
    to.waiting += 1;
  }

  #track(node: Node): void {
    const table = node.action === 'delete' ? this.#deletes : this.#upserts;
    let list = table.get(node.model);
    if (list === undefined) {
      list = [];
      table.set(node.model, list);
    }
    list.push(node);
    this.#pending += 1;
    const progress = this.#progress.get(node.model);
    if (progress === undefined) this.#progress.set(node.model, { current: 0, total: 1, reported: 0 });
    else progress.total += 1;
  }

  /** Plans one element and its subtree; returns the element's node (undefined for `none`). */
  #plan(element: DiffElement, parent: ParentRef | undefined, parentUpsert: Node | undefined, roots: Node[]): Node | undefined {
    const here: ParentRef = { model: element.model, uid: element.uid };
    if (element.action === 'none') {
      if (element.movedFrom !== undefined) this.#moves.push({ element, parent, node: undefined });
      if (this.#options.logUnchanged) this.#report({ model: element.model, uid: element.uid, action: 'none', status: 'unchanged' });
      for (const child of element.children) this.#plan(child, here, undefined, roots);
      return undefined;
    }
    const node = this.#node(element, element.model, element.action, parent);
    this.#track(node);
    if (element.movedFrom !== undefined) this.#moves.push({ element, parent, node });
    if (element.action === 'delete') {
      const flags = this.#target.models[element.model] !== undefined ? this.#target.flagsOf(element.model, element.uid) : {};
      if (flags.skipChildrenOnDelete) {
        node.cascade = descendants(element);
      } else {
        for (const child of element.children) {
          const childNode = this.#plan(child, here, undefined, roots);
          if (childNode === undefined || childNode.action !== 'delete') continue;
          if (flags.deleteParentFirst) this.#edge(node, childNode, true);
          else this.#edge(childNode, node, true);
        }
      }
    } else {
      if (parentUpsert !== undefined) this.#edge(parentUpsert, node, true);
      for (const child of element.children) this.#plan(child, here, node, roots);
    }
    roots.push(node);
    return node;
  }

  /** Barrier nodes for `dependsOn`: a model's creates and updates wait for its dependencies', its deletes come first. */
  #linkModelDependencies(roots: Node[]): void {
    for (const [model, definition] of Object.entries(this.#target.models)) {
      for (const dependency of definition.dependsOn) {
        this.#barrier(this.#upserts.get(dependency), this.#upserts.get(model), dependency, roots);
        this.#barrier(this.#deletes.get(model), this.#deletes.get(dependency), model, roots);
      }
    }
  }

  #barrier(before: Node[] | undefined, after: Node[] | undefined, model: string, roots: Node[]): void {
    if (before === undefined || after === undefined || before.length === 0 || after.length === 0) return;
    const barrier = this.#node(undefined, model, 'create', undefined);
    for (const node of before) this.#edge(node, barrier, false);
    for (const node of after) this.#edge(barrier, node, false);
    roots.push(barrier);
  }

  // ---- scheduling ----

  #wake: (() => void) | undefined;

  #makeReady(node: Node): void {
    if (node.element === undefined) {
      // A barrier has no work: it is done as soon as everything before it is.
      node.done = true;
      this.#release(node, true);
      return;
    }
    if (node.blockedBy !== undefined) {
      this.#finish(node, 'skipped', node.blockedBy);
      return;
    }
    const key = `${node.model}\u0000${node.action}`;
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { nodes: [], head: 0 };
      this.#queues.set(key, queue);
    }
    queue.nodes.push(node);
  }

  #nextBatch(): Node[] | undefined {
    for (const [key, queue] of this.#queues) {
      const available = queue.nodes.length - queue.head;
      if (available === 0) {
        this.#queues.delete(key);
        continue;
      }
      const first = queue.nodes[queue.head] as Node;
      const handlers = this.#handlers(first.model);
      const batched = handlers !== undefined && batchHandler(handlers, first.action) !== undefined;
      const size = batched ? Math.min(available, this.#batchSize) : 1;
      const batch = queue.nodes.slice(queue.head, queue.head + size);
      queue.head += size;
      if (queue.head === queue.nodes.length) this.#queues.delete(key);
      return batch;
    }
    return undefined;
  }

  async #loop(): Promise<void> {
    let running = 0;
    for (;;) {
      if (!this.#aborted && this.#stopError === undefined) {
        let batch: Node[] | undefined;
        while (running < this.#concurrency && (batch = this.#nextBatch()) !== undefined) {
          running += 1;
          void this.#runBatch(batch).finally(() => {
            running -= 1;
            this.#wake?.();
          });
        }
      }
      if (running === 0) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #handlers(model: string): ModelHandlers | undefined {
    return (this.#target.handlers as Record<string, ModelHandlers | undefined>)[model];
  }

  async #runBatch(batch: Node[]): Promise<void> {
    try {
      await this.#writeBatch(batch);
    } finally {
      // A handler call is real work (a bulk write, an API call): report it as soon as it is done, not only every PROGRESS_INTERVAL records.
      const first = batch[0] as Node;
      if (this.#handlers(first.model) !== undefined) this.#reportProgress(first.model);
    }
  }

  async #writeBatch(batch: Node[]): Promise<void> {
    const first = batch[0] as Node;
    const handlers = this.#handlers(first.model);
    const many = handlers === undefined ? undefined : batchHandler(handlers, first.action);
    const single = handlers === undefined ? undefined : singleHandler(handlers, first.action);
    const inputs = batch.map((node) => this.#input(node));

    if (many !== undefined) {
      let outcomes: readonly HandlerOutcome<AnyRecord>[] | void;
      try {
        outcomes = await many(inputs);
      } catch (error) {
        for (const node of batch) this.#fail(node, error);
        return;
      }
      if (outcomes !== undefined && outcomes.length !== batch.length) {
        const error = new SsotError('BAD_HANDLER_RESULT', `${first.action}Many for model "${first.model}" returned ${outcomes.length} outcomes for ${batch.length} inputs.`, {
          model: first.model,
        });
        for (const node of batch) this.#fail(node, error);
        return;
      }
      batch.forEach((node, i) => this.#apply(node, inputs[i] as HandlerInputs, outcomes?.[i]));
      return;
    }

    for (let i = 0; i < batch.length; i++) {
      const node = batch[i] as Node;
      let outcome: HandlerOutcome<AnyRecord>;
      if (single !== undefined) {
        try {
          outcome = await single(inputs[i] as HandlerInputs);
        } catch (error) {
          this.#fail(node, error);
          continue;
        }
      }
      this.#apply(node, inputs[i] as HandlerInputs, outcome);
    }
  }

  #input(node: Node): HandlerInputs {
    const element = node.element as DiffElement;
    const base = { model: node.model, uid: element.uid, keys: element.keys, element, signal: this.#signal };
    if (node.action === 'create') {
      const attrs = element.source ?? {};
      return { ...base, attrs, record: { ...element.keys, ...attrs } };
    }
    const current = (this.#target.store.get(node.model, element.uid) ?? { ...element.keys, ...element.target }) as AnyRecord;
    if (node.action === 'delete') return { ...base, current };
    const attrs = element.source ?? {};
    const changes: AnyRecord = {};
    for (const field of element.changed) changes[field] = attrs[field] ?? null;
    return { ...base, attrs, changes, changed: element.changed, current };
  }

  /** Applies a handler's success to the target's store, or records its soft failure. */
  #apply(node: Node, input: HandlerInputs, outcome: HandlerOutcome<AnyRecord>): void {
    if (isSoftFailure(outcome)) {
      this.#finish(node, 'failure', outcome.message);
      return;
    }
    if (isUnknownOutcome(outcome)) {
      // Neither written nor refused: the store is left as it was and the next load will tell.
      this.#finish(node, 'unknown', outcome.message);
      return;
    }
    const written = outcome !== undefined && outcome !== null && typeof outcome === 'object' && 'record' in outcome ? outcome.record : undefined;
    const element = node.element as DiffElement;
    const target = this.#target;
    try {
      if (node.action === 'create') {
        const record = { ...(input as CreateInput<AnyRecord>).record, ...written };
        // The diff saw no such record in the target's tree: one stored under this id is outside the tree (listed by no parent), and the created record replaces it.
        if (target.store.has(node.model, element.uid)) target.remove(node.model, element.uid);
        if (node.parent !== undefined && this.#canList(node.parent.model, node.model) && target.store.has(node.parent.model, node.parent.uid)) {
          target.addChild(node.parent.model, node.parent.uid, node.model, record);
        } else {
          target.add(node.model, record);
        }
      } else if (node.action === 'update') {
        if (target.store.has(node.model, element.uid)) target.update(node.model, { ...element.keys, ...(input as UpdateInput<AnyRecord>).changes, ...written });
      } else {
        if (node.parent !== undefined && this.#canList(node.parent.model, node.model) && target.store.has(node.parent.model, node.parent.uid)) {
          target.removeChild(node.parent.model, node.parent.uid, node.model, element.uid);
        }
        if (target.store.has(node.model, element.uid)) target.remove(node.model, element.uid, { removeChildren: node.cascade !== undefined });
      }
    } catch (error) {
      this.#fail(node, error);
      return;
    }
    this.#finish(node, 'success');
    for (const removed of node.cascade ?? []) {
      this.#report({ model: removed.model, uid: removed.uid, action: 'delete', status: 'success', message: `deleted with its parent ${node.model} "${element.uid}"` });
    }
  }

  #fail(node: Node, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.#finish(node, 'error', err.message, err);
    if (!this.#options.continueOnFailure && this.#stopError === undefined) this.#stopError = err;
  }

  #finish(node: Node, status: ElementStatus, message?: string, error?: Error): void {
    const element = node.element as DiffElement;
    node.done = true;
    node.status = status;
    this.#pending -= 1;
    const result: ElementResult = { model: node.model, uid: element.uid, action: node.action, status };
    if (node.action === 'update') result.changed = element.changed;
    if (message !== undefined) result.message = message;
    if (error !== undefined) result.error = error;
    this.#report(result);
    const progress = this.#progress.get(node.model);
    if (progress !== undefined) {
      progress.current += 1;
      if (progress.current === progress.total || progress.current % PROGRESS_INTERVAL === 0) this.#reportProgress(node.model);
    }
    this.#release(node, status === 'success');
  }

  /** Reports a model's sync progress, unless nothing was done since the last report. */
  #reportProgress(model: string): void {
    const progress = this.#progress.get(model);
    if (progress === undefined || progress.current === progress.reported) return;
    progress.reported = progress.current;
    this.#options.onProgress?.({ phase: 'sync', model, current: progress.current, total: progress.total });
  }

  #release(node: Node, succeeded: boolean): void {
    for (const next of node.after) this.#countDown(next);
    for (const next of node.needsSuccess) {
      if (!succeeded && next.blockedBy === undefined) {
        const element = node.element as DiffElement;
        next.blockedBy = `${node.model} "${element.uid}" was not ${node.action === 'delete' ? 'deleted' : node.action + 'd'}`;
      }
      this.#countDown(next);
    }
  }

  #countDown(node: Node): void {
    node.waiting -= 1;
    if (node.waiting === 0) this.#makeReady(node);
  }

  #report(result: ElementResult): void {
    this.#results.push(result);
    this.#counts[result.action][result.status] += 1;
    if (result.status === 'error') this.#logger.error({ model: result.model, uid: result.uid, action: result.action, err: result.error }, result.message ?? 'error');
    else if (result.status === 'failure' || result.status === 'unknown') this.#logger.warn({ model: result.model, uid: result.uid, action: result.action }, result.message ?? 'failure');
    else if (result.status === 'unchanged') this.#logger.debug({ model: result.model, uid: result.uid }, 'unchanged');
    this.#options.onResult?.(result);
  }
}

type HandlerInputs = CreateInput<AnyRecord> | UpdateInput<AnyRecord> | DeleteInput<AnyRecord>;
type SingleHandler = (input: HandlerInputs) => Promise<HandlerOutcome<AnyRecord>> | HandlerOutcome<AnyRecord>;
type BatchHandler = (inputs: HandlerInputs[]) => Promise<void | readonly HandlerOutcome<AnyRecord>[]> | void | readonly HandlerOutcome<AnyRecord>[];

function singleHandler(handlers: ModelHandlers, action: WriteAction): SingleHandler | undefined {
  const fn = handlers[action];
  return fn === undefined ? undefined : (fn.bind(handlers) as SingleHandler);
}

function batchHandler(handlers: ModelHandlers, action: WriteAction): BatchHandler | undefined {
  const fn = action === 'create' ? handlers.createMany : action === 'update' ? handlers.updateMany : handlers.deleteMany;
  return fn === undefined ? undefined : (fn.bind(handlers) as BatchHandler);
}

function descendants(element: DiffElement): DiffElement[] {
  const all: DiffElement[] = [];
  const stack = [...element.children];
  while (stack.length > 0) {
    const next = stack.pop() as DiffElement;
    all.push(next);
    stack.push(...next.children);
  }
  return all;
}
