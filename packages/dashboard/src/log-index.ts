// A run's log entries held once in memory: filtered by action, status and model, searched by id or link label, and paged.
import type { LogPage, SyncLogEntry } from '@ssot/core';
import type { LogSearch } from './queries.js';

/**
 * What a search looks in: the unique id and the link's label, lower-cased.
 *
 * @param entry - a log entry
 * @returns the text a search term must be part of
 */
export function logSearchText(entry: Pick<SyncLogEntry, 'uid' | 'link'>): string {
  return `${entry.uid}\u0000${entry.link?.label ?? ''}`.toLowerCase();
}

/**
 * Whether a log entry passes a query's filters (not its search).
 *
 * @param entry - the entry
 * @param query - the filters
 * @returns `true` when it matches
 */
export function logFiltersMatch(entry: SyncLogEntry, query: LogSearch): boolean {
  return (query.action === undefined || entry.action === query.action) && (query.status === undefined || entry.status === query.status) && (query.model === undefined || entry.model === query.model);
}

/** A run's log entries, in the order they were written, with their search text. */
export class LogIndex {
  /** How many entries it holds. */
  readonly size: number;
  readonly #entries: readonly SyncLogEntry[];
  readonly #names: string[];

  /**
   * @param entries - every entry of the run, in order; kept, never changed
   */
  constructor(entries: readonly SyncLogEntry[]) {
    this.#entries = entries;
    this.size = entries.length;
    this.#names = entries.map(logSearchText);
  }

  /**
   * One page of the entries that match a query.
   *
   * @param query - action, status, model, search text, offset and limit
   * @returns the page and the number of matches
   */
  page(query: LogSearch & { offset: number; limit: number }): LogPage {
    const needle = query.q?.toLowerCase();
    const end = query.offset + query.limit;
    const entries: SyncLogEntry[] = [];
    let total = 0;
    for (let i = 0; i < this.#entries.length; i += 1) {
      const entry = this.#entries[i] as SyncLogEntry;
      if (!logFiltersMatch(entry, query) || (needle !== undefined && !(this.#names[i] as string).includes(needle))) continue;
      if (total >= query.offset && total < end) entries.push(entry);
      total += 1;
    }
    return { entries, total };
  }
}
