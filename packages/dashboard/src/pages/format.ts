// Formatting helpers shared by the pages: durations, sizes, dates, badges, query strings and pagers.
import type { RunStatus, SyncCounts, SyncRecord } from '@ssot/core';
import { html, type SafeHtml } from '../html.js';

/**
 * A duration for people.
 *
 * @param ms - milliseconds
 * @returns `"850 ms"`, `"2.35 s"`, `"3 min 4 s"`
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A size in bytes for people (MiB with one decimal).
 *
 * @param bytes - bytes
 * @returns `"123.4 MiB"`
 */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '';
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

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
export function badge(status: string, label?: string): SafeHtml {
  return html`<span class="badge ${status}">${label ?? status}</span>`;
}

/**
 * A link to a run as a status badge.
 *
 * @param run - the run
 * @returns the badge link
 */
export function runBadge(run: Pick<SyncRecord, 'id' | 'status' | 'dryRun' | 'startedAt'>): SafeHtml {
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
export function pager(path: string, filters: Record<string, string | number | boolean | undefined>, offset: number, limit: number, total: number): SafeHtml {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  const prev = offset > 0 ? html`<a href="${path}${queryString({ ...filters, offset: Math.max(0, offset - limit), limit })}" rel="prev">← previous</a>` : html`<span class="muted">← previous</span>`;
  const next = offset + limit < total ? html`<a href="${path}${queryString({ ...filters, offset: offset + limit, limit })}" rel="next">next →</a>` : html`<span class="muted">next →</span>`;
  return html`<div class="pager">${prev}<span data-pager-range>${from}–${to} of ${total}</span>${next}</div>`;
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
export function filterSelect(name: string, label: string, values: readonly string[], current: string | undefined): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}"${value === current ? html` selected` : ''}>${value}</option>`)}</select></label>`;
}

/** Run statuses, for filters. */
export const RUN_STATUS_VALUES: readonly RunStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];
