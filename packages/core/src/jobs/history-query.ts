// Filtering and paging shared by every SyncHistory: flat diffs, log filters, newest-first run order.
import type { DiffJSON } from '../diff.js';
import type { DiffElementJSON } from '../diff-element.js';
import type { DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunQuery } from './sync-history.js';
import type { SyncLogEntry, SyncRecord } from './sync-record.js';

/**
 * Flattens a diff tree into elements in tree order (each element before its children).
 *
 * @param diff - a stored diff
 * @returns the elements, with depth and parent id
 */
export function flattenDiff(diff: DiffJSON): FlatDiffElement[] {
  const flat: FlatDiffElement[] = [];
  const visit = (element: DiffElementJSON, depth: number, parent: string | undefined): void => {
    const { children, ...rest } = element;
    const entry: FlatDiffElement = { ...rest, depth };
    if (parent !== undefined) entry.parent = parent;
    flat.push(entry);
    for (const child of children ?? []) visit(child, depth + 1, element.uid);
  };
  for (const element of diff.elements) visit(element, 0, undefined);
  return flat;
}

/**
 * One page of a flat diff.
 *
 * @param elements - the flat diff
 * @param query - filters and page
 * @returns the page and the number of matches
 */
export function pageDiff(elements: readonly FlatDiffElement[], query: DiffQuery = {}): DiffPage {
  const matches = elements.filter((e) => (query.model === undefined || e.model === query.model) && (query.action === undefined || e.action === query.action));
  return { elements: slice(matches, query.offset, query.limit ?? 100), total: matches.length };
}

/**
 * Whether a log entry passes a query's filters.
 *
 * @param entry - the entry
 * @param query - the filters
 * @returns `true` when it matches
 */
export function logMatches(entry: SyncLogEntry, query: LogQuery): boolean {
  return (query.action === undefined || entry.action === query.action) && (query.status === undefined || entry.status === query.status) && (query.model === undefined || entry.model === query.model);
}

/**
 * One page of log entries.
 *
 * @param entries - every entry of a run
 * @param query - filters and page
 * @returns the page and the number of matches
 */
export function pageLogs(entries: readonly SyncLogEntry[], query: LogQuery = {}): LogPage {
  const matches = entries.filter((entry) => logMatches(entry, query));
  return { entries: slice(matches, query.offset, query.limit ?? 100), total: matches.length };
}

/**
 * Whether a run passes a query's filters.
 *
 * @param record - the run
 * @param query - the filters
 * @returns `true` when it matches
 */
export function runMatches(record: SyncRecord, query: RunQuery): boolean {
  return (query.job === undefined || record.job === query.job) && (query.status === undefined || record.status === query.status) && (query.dryRun === undefined || record.dryRun === query.dryRun);
}

/**
 * Orders runs newest first (by start time, then id).
 *
 * @param a - one run
 * @param b - another
 * @returns a sort comparison
 */
export function newestFirst(a: SyncRecord, b: SyncRecord): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * A record without its diff, for listings.
 *
 * @param record - the full record
 * @returns a copy without `diff`
 */
export function withoutDiff(record: SyncRecord): SyncRecord {
  const { diff: _diff, ...rest } = record;
  return rest;
}

function slice<T>(items: readonly T[], offset = 0, limit = 100): T[] {
  return items.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit));
}

/**
 * Rebuilds a diff tree from flat elements in tree order (the reverse of {@link flattenDiff}).
 *
 * @param elements - flat elements, each before its children
 * @param meta - the diff's adapters and counts
 * @returns the diff
 */
export function unflattenDiff(elements: Iterable<FlatDiffElement>, meta: Omit<DiffJSON, 'elements'>): DiffJSON {
  const roots: DiffElementJSON[] = [];
  const stack: DiffElementJSON[] = [];
  for (const flat of elements) {
    const { depth, parent: _parent, ...rest } = flat;
    const element: DiffElementJSON = { ...rest };
    stack.length = depth;
    const parent = depth === 0 ? undefined : stack[depth - 1];
    if (parent === undefined) roots.push(element);
    else (parent.children ??= []).push(element);
    stack[depth] = element;
  }
  return { ...meta, elements: roots };
}
