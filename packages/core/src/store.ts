// The Store interface: where an adapter keeps its records, by model and unique id.
import type { AnyRecord } from './model.js';

/**
 * Where an adapter keeps its records. Operations are synchronous so that the diff can walk
 * millions of records without a promise per record; a store for data sets larger than memory
 * implements them over a synchronous embedded engine (memory-mapped or LMDB-style), and loads
 * asynchronously in the adapter's `load()`.
 */
export interface Store {
  /** The record with this unique id, or `undefined`. */
  get(model: string, uid: string): AnyRecord | undefined;
  /** Whether a record with this unique id is stored. */
  has(model: string, uid: string): boolean;
  /** Stores (or replaces) the record under this unique id. */
  set(model: string, uid: string, record: AnyRecord): void;
  /** Removes the record; returns whether it was there. */
  delete(model: string, uid: string): boolean;
  /** Every `[uid, record]` of a model, in insertion order. */
  entries(model: string): IterableIterator<[string, AnyRecord]>;
  /** Every record of a model, in insertion order. */
  values(model: string): IterableIterator<AnyRecord>;
  /** How many records of a model (or of all models) are stored. */
  count(model?: string): number;
  /** The models that have at least one record. */
  models(): string[];
  /** Removes every record. */
  clear(): void;
}

const EMPTY: ReadonlyMap<string, AnyRecord> = new Map();

/** The default store: one `Map` per model, O(1) for every single-record operation. */
export class MemoryStore implements Store {
  readonly #tables = new Map<string, Map<string, AnyRecord>>();

  #table(model: string): Map<string, AnyRecord> {
    let table = this.#tables.get(model);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(model, table);
    }
    return table;
  }

  /** {@inheritDoc Store.get} */
  get(model: string, uid: string): AnyRecord | undefined {
    return this.#tables.get(model)?.get(uid);
  }

  /** {@inheritDoc Store.has} */
  has(model: string, uid: string): boolean {
    return this.#tables.get(model)?.has(uid) ?? false;
  }

  /** {@inheritDoc Store.set} */
  set(model: string, uid: string, record: AnyRecord): void {
    this.#table(model).set(uid, record);
  }

  /** {@inheritDoc Store.delete} */
  delete(model: string, uid: string): boolean {
    return this.#tables.get(model)?.delete(uid) ?? false;
  }

  /** {@inheritDoc Store.entries} */
  entries(model: string): IterableIterator<[string, AnyRecord]> {
    return (this.#tables.get(model) ?? EMPTY).entries();
  }

  /** {@inheritDoc Store.values} */
  values(model: string): IterableIterator<AnyRecord> {
    return (this.#tables.get(model) ?? EMPTY).values();
  }

  /** {@inheritDoc Store.count} */
  count(model?: string): number {
    if (model !== undefined) return this.#tables.get(model)?.size ?? 0;
    let total = 0;
    for (const table of this.#tables.values()) total += table.size;
    return total;
  }

  /** {@inheritDoc Store.models} */
  models(): string[] {
    return [...this.#tables.entries()].filter(([, table]) => table.size > 0).map(([model]) => model);
  }

  /** {@inheritDoc Store.clear} */
  clear(): void {
    this.#tables.clear();
  }
}
