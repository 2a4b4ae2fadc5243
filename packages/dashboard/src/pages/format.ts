// Formatting helpers shared by the pages: dates, badges, query strings and pagers (sizes and durations: core's formatBytes and formatDuration).
import { RUN_STATUSES, type RunStatus, type SyncCounts, type SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { Html } from '../html.js';

/**
 * A timestamp for people (UTC, to the second).
 *
 * @param iso - an ISO 8601 timestamp
 * @returns `"2026-01-02 03:04:05Z"`
 */
export function formatDate(iso: string | undefined): string {
  if (iso === undefined) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/**
 * A count for people, with thousands grouped (`"30,000"`).
 *
 * @param count - the count
 * @returns the text
 */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * A run's total duration.
 *
 * @param run - the run
 * @returns milliseconds, or `undefined` while it runs
 */
export function runDuration(run: SyncRecord): number | undefined {
  if (run.endedAt === undefined) return undefined;
  return Date.parse(run.endedAt) - Date.parse(run.startedAt);
}

/**
 * A status badge.
 *
 * @param status - a run, step, action or element status
 * @param label - the text (default: the status)
 * @returns the badge
 */
export function badge(status: string, label?: string): Html {
  return html`<span class="badge ${status}">${label ?? status}</span>`;
}

/**
 * A link to a run as a status badge.
 *
 * @param run - the run
 * @returns the badge link
 */
export function runBadge(run: Pick<SyncRecord, 'id' | 'status' | 'dryRun' | 'startedAt'>): Html {
  const title = `${run.status}${run.dryRun ? ' (dry run)' : ''} ${formatDate(run.startedAt)}`;
  return html`<a class="badge ${run.status}" href="/runs/${encodeURIComponent(run.id)}" title="${title}">${run.status}${run.dryRun ? ' · dry' : ''}</a>`;
}

/**
 * A query string from values, leaving out empty ones.
 *
 * @param values - name -> value
 * @returns `"?a=1&b=2"`, or `""`
 */
export function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Previous/next links for a paged list.
 *
 * @param path - the page's path
 * @param filters - the current filters (kept in the links)
 * @param offset - the current offset
 * @param limit - the page size
 * @param total - how many items match
 * @returns the pager
 */
export function pager(path: string, filters: Record<string, string | number | boolean | undefined>, offset: number, limit: number, total: number): Html {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  const prev = offset > 0 ? html`<a href="${path}${queryString({ ...filters, offset: Math.max(0, offset - limit), limit })}" rel="prev">← previous</a>` : html`<span class="muted">← previous</span>`;
  const next = offset + limit < total ? html`<a href="${path}${queryString({ ...filters, offset: offset + limit, limit })}" rel="next">next →</a>` : html`<span class="muted">next →</span>`;
  return html`<div class="pager">${prev}<span data-pager-range>${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}</span>${next}</div>`;
}

/**
 * Totals of sync counts per status (over every action).
 *
 * @param counts - the sync counts
 * @returns status -> count, only statuses with a count
 */
export function countsByStatus(counts: SyncCounts | undefined): Record<string, number> {
  const totals: Record<string, number> = {};
  if (counts === undefined) return totals;
  for (const row of Object.values(counts)) for (const [status, count] of Object.entries(row)) if (count > 0) totals[status] = (totals[status] ?? 0) + count;
  return totals;
}

/**
 * A `<select>` of filter values.
 *
 * @param name - the field name
 * @param label - the label
 * @param values - allowed values
 * @param current - the selected value
 * @returns the select, with an "any" option
 */
export function filterSelect(name: string, label: string, values: readonly string[], current: string | undefined): Html {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}"${value === current ? html` selected` : ''}>${value}</option>`)}</select></label>`;
}

/**
 * A search box for a filter form (`q`): finds records by unique id or name.
 *
 * @param current - the current search text
 * @param placeholder - what to type
 * @returns the labelled input
 */
export function searchInput(current: string | undefined, placeholder: string): Html {
  return html`<label class="search">Search<input type="search" name="q" value="${current ?? ''}" placeholder="${placeholder}" maxlength="200"></label>`;
}

/**
 * A count that links to the records it counts (a filtered diff or log), or the plain number when it is 0.
 *
 * @param count - the count
 * @param href - where its records are listed
 * @param title - what the link shows, for the tooltip
 * @returns the count
 */
export function countLink(count: number | undefined, href: string, title: string): Html | string {
  if (count === undefined) return '';
  return count > 0 ? html`<a class="count" href="${href}" title="${title}">${formatCount(count)}</a>` : html`<span class="zero">0</span>`;
}

/**
 * Text with every occurrence of a search term marked (case-insensitive).
 *
 * @param text - the text
 * @param term - the search term
 * @returns the text, with `<mark>` around the matches
 */
export function highlight(text: string, term: string | undefined): Html {
  if (term === undefined || term === '') return html`${text}`;
  const lower = text.toLowerCase();
  const needle = term.toLowerCase();
  const parts: Html[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    parts.push(html`${text.slice(from, at)}<mark>${text.slice(at, at + needle.length)}</mark>`);
    from = at + needle.length;
  }
  return html`${parts}${text.slice(from)}`;
}

/** Run statuses, for filters. */
export const RUN_STATUS_VALUES: readonly RunStatus[] = RUN_STATUSES;
