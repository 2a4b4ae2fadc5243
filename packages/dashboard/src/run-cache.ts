// What the dashboard keeps of finished runs (they never change): their records, and their diffs and logs indexed once, within a memory budget.
import type { FlatDiffElement, Logger, SyncHistory, SyncLogEntry, SyncRecord, LogPage } from '@ssot/core';
import { DiffIndex, diffSearchText, unindexedRow, type DiffRow, type DiffRowPage } from './diff-index.js';
import { LogIndex, logSearchText } from './log-index.js';
import type { DiffSearch, LogSearch } from './queries.js';
import { readRunInfo, type RunInfo } from './run-info.js';

/** Finished runs whose records are kept. */
const RECORDS_KEPT = 50;
/** How many elements or entries are read from the history at a time. */
const CHUNK = 100_000;

/** The default of {@link RunCache}'s budget: diff elements and log entries kept indexed over all runs. */
export const DEFAULT_MAX_INDEXED_ITEMS = 300_000;

type Index = DiffIndex | LogIndex;
type Paged<Q> = Q & { offset: number; limit: number };
/** Reads `limit` items of a diff or log from `offset`, and how many there are in all. */
type ChunkReader<T> = (offset: number, limit: number) => Promise<{ items: T[]; total: number }>;

/**
 * Reads runs for the pages and the API. Finished runs never change, so their records are kept
 * (the last {@link RECORDS_KEPT}), and a diff or log is read from the history once and indexed:
 * every later page, filter or search of it is answered from memory. Indexes are kept, least
 * recently used first out, while they hold at most `maxItems` elements and entries in all; a diff
 * or log larger than that, and those of runs still going, are paged by the history instead.
 */
export class RunCache {
  readonly #history: SyncHistory;
  readonly #maxItems: number;
  readonly #logger: Logger;
  readonly #records = new Map<string, RunInfo>();
  readonly #indexes = new Map<string, Index>();
  readonly #loading = new Map<string, Promise<Index | undefined>>();
  /** Diffs and logs found too large to keep: paged by the history without trying again. */
  readonly #tooLarge = new Set<string>();
  #held = 0;

  /**
   * @param history - where runs are read from
   * @param maxItems - most diff elements and log entries kept indexed, over all runs
   * @param logger - says when a run is too large to keep
   */
  constructor(history: SyncHistory, maxItems: number, logger: Logger) {
    this.#history = history;
    this.#maxItems = maxItems;
    this.#logger = logger;
  }

  /** Diff elements and log entries held in indexes now. */
  get heldItems(): number {
    return this.#held;
  }

  /**
   * A run without its diff, and its diff's counts per model.
   *
   * @param id - the run's id, or a unique prefix of it
   * @returns the run, or `undefined` when there is none
   */
  async info(id: string): Promise<RunInfo | undefined> {
    const cached = this.#records.get(id);
    if (cached !== undefined) return cached;
    const info = await readRunInfo(this.#history, id);
    if (info?.run.endedAt !== undefined) {
      this.#records.set(id, info);
      if (id !== info.run.id) this.#records.set(info.run.id, info);
      while (this.#records.size > RECORDS_KEPT) this.#records.delete(this.#records.keys().next().value as string);
    }
    return info;
  }

  /**
   * One page of a run's diff elements matching a query, each with its ancestors.
   *
   * @param run - the run (its id and whether it has ended)
   * @param query - model, action, search text and page
   * @returns the page
   */
  async diffPage(run: SyncRecord, query: Paged<DiffSearch>): Promise<DiffRowPage> {
    const index = run.endedAt === undefined ? undefined : await this.#index(`diff\u0000${run.id}`, () => this.#loadDiff(run.id));
    if (index instanceof DiffIndex) return index.page(query);
    const { q, ...filters } = query;
    if (q === undefined) {
      const page = await this.#history.readDiff(run.id, filters);
      return { elements: page.elements.map(unindexedRow), total: page.total };
    }
    const needle = q.toLowerCase();
    const { items, total } = await scan<FlatDiffElement, DiffRow>(
      this.#diffChunks(run.id, filters),
      (element) => diffSearchText(element).includes(needle),
      unindexedRow,
      query,
    );
    return { elements: items, total };
  }

  /**
   * One page of a run's log entries matching a query.
   *
   * @param run - the run (its id and whether it has ended)
   * @param query - action, status, model, search text and page
   * @returns the page
   */
  async logPage(run: SyncRecord, query: Paged<LogSearch>): Promise<LogPage> {
    const index = run.endedAt === undefined ? undefined : await this.#index(`logs\u0000${run.id}`, () => this.#loadLogs(run.id));
    if (index instanceof LogIndex) return index.page(query);
    const { q, ...filters } = query;
    if (q === undefined) return this.#history.readLogs(run.id, filters);
    const needle = q.toLowerCase();
    const { items, total } = await scan<SyncLogEntry, SyncLogEntry>(
      this.#logChunks(run.id, filters),
      (entry) => logSearchText(entry).includes(needle),
      (entry) => entry,
      query,
    );
    return { entries: items, total };
  }

  /** The index under `key`: kept, being built (one build for concurrent requests), or built now. */
  async #index(key: string, load: () => Promise<Index | undefined>): Promise<Index | undefined> {
    const kept = this.#indexes.get(key);
    if (kept !== undefined) {
      // Most recently used last.
      this.#indexes.delete(key);
      this.#indexes.set(key, kept);
      return kept;
    }
    if (this.#tooLarge.has(key)) return undefined;
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = load().finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
      const index = await loading;
      if (index !== undefined) this.#keep(key, index);
      else {
        this.#tooLarge.add(key);
        if (this.#tooLarge.size > RECORDS_KEPT) this.#tooLarge.delete(this.#tooLarge.values().next().value as string);
      }
      return index;
    }
    return loading;
  }

  #keep(key: string, index: Index): void {
    this.#indexes.set(key, index);
    this.#held += index.size;
    for (const [oldKey, old] of this.#indexes) {
      if (this.#held <= this.#maxItems || oldKey === key) break;
      this.#indexes.delete(oldKey);
      this.#held -= old.size;
    }
  }

  async #loadDiff(id: string): Promise<DiffIndex | undefined> {
    const elements = await this.#readAll(id, 'diff', this.#diffChunks(id, {}));
    return elements === undefined ? undefined : new DiffIndex(elements);
  }

  async #loadLogs(id: string): Promise<LogIndex | undefined> {
    const entries = await this.#readAll(id, 'log', this.#logChunks(id, {}));
    return entries === undefined ? undefined : new LogIndex(entries);
  }

  /** Reads a run's diff elements passing `filters`, a chunk at a time. */
  #diffChunks(id: string, filters: Omit<DiffSearch, 'q'>): ChunkReader<FlatDiffElement> {
    return async (offset, limit) => {
      const page = await this.#history.readDiff(id, { ...filters, offset, limit });
      return { items: page.elements, total: page.total };
    };
  }

  /** Reads a run's log entries passing `filters`, a chunk at a time. */
  #logChunks(id: string, filters: Omit<LogSearch, 'q'>): ChunkReader<SyncLogEntry> {
    return async (offset, limit) => {
      const page = await this.#history.readLogs(id, { ...filters, offset, limit });
      return { items: page.entries, total: page.total };
    };
  }

  /** Every item of a run's diff or log, or `undefined` when there are more than the budget. */
  async #readAll<T>(id: string, what: string, read: ChunkReader<T>): Promise<T[] | undefined> {
    const first = await read(0, Math.min(CHUNK, this.#maxItems + 1));
    if (first.total > this.#maxItems) {
      this.#logger.debug({ runId: id, items: first.total, maxItems: this.#maxItems }, `run ${what} too large to keep indexed: paged by the history`);
      return undefined;
    }
    const items = first.items;
    while (items.length < first.total) {
      const next = await read(items.length, CHUNK);
      if (next.items.length === 0) break;
      for (const item of next.items) items.push(item);
    }
    return items;
  }
}

/**
 * Reads a filtered list through in chunks and keeps one page of the items that match a search:
 * for runs whose diff or log is not indexed. Memory holds one chunk at a time.
 */
async function scan<T, R>(read: ChunkReader<T>, matches: (item: T) => boolean, toRow: (item: T) => R, page: { offset: number; limit: number }): Promise<{ items: R[]; total: number }> {
  const items: R[] = [];
  let total = 0;
  for (let offset = 0; ; ) {
    const chunk = await read(offset, CHUNK);
    for (const item of chunk.items) {
      if (!matches(item)) continue;
      if (total >= page.offset && items.length < page.limit) items.push(toRow(item));
      total += 1;
    }
    offset += chunk.items.length;
    if (chunk.items.length === 0 || offset >= chunk.total) return { items, total };
  }
}
