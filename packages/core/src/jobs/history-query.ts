// Filtering and paging shared by every SyncHistory: flat diffs, log filters, newest-first run order.
import type { DiffJSON } from '../diff.js';
import type { DiffElementJSON } from '../diff-element.js';
import type { DiffAncestor, DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunQuery } from './sync-history.js';
import type { SyncLogEntry, SyncRecord } from './sync-record.js';

/**
 * Flattens a diff tree into elements in tree order (each element before its children).
 *
 * @param diff - a stored diff
 * @returns the elements, with depth, parent id and the path of ancestors of each child
 */
export function flattenDiff(diff: DiffJSON): FlatDiffElement[] {
  const flat: FlatDiffElement[] = [];
  const visit = (element: DiffElementJSON, path: DiffAncestor[]): void => {
    const children = element.children;
    // Copied field by field: a rest/spread copy is several times slower over 100 000 elements (and
    // leaves objects that are slower to filter), which a dashboard opening a large run waits for.
    const entry = {} as FlatDiffElement;
    for (const key in element) if (key !== 'children') (entry as unknown as Record<string, unknown>)[key] = element[key as keyof DiffElementJSON];
    entry.depth = path.length;
    const parent = path.at(-1);
    if (parent !== undefined) {
      entry.parent = parent.uid;
      // Siblings share their parent's path array: it is built once per parent and never changed.
      entry.path = path;
    }
    flat.push(entry);
    if (children === undefined || children.length === 0) return;
    const here = [...path, { model: element.model, uid: element.uid, shortname: element.shortname }];
    for (const child of children) visit(child, here);
  };
  for (const element of diff.elements) visit(element, []);
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
    const { depth, parent: _parent, path: _path, ...rest } = flat;
    const element: DiffElementJSON = { ...rest };
    stack.length = depth;
    const parent = depth === 0 ? undefined : stack[depth - 1];
    if (parent === undefined) roots.push(element);
    else (parent.children ??= []).push(element);
    stack[depth] = element;
  }
  return { ...meta, elements: roots };
}
