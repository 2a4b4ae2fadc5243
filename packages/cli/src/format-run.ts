// Text views of sync records: the summary after a run, the history list and one run in detail.
import { formatBytes, formatDuration, type LogPage, type SyncRecord } from '@ssot/core';
import { plainPalette, type Palette } from './colors.js';
import { formatTime, runDuration } from './format.js';
import { renderTable } from './table.js';

const STEP_LABELS: Record<string, string> = { loadSource: 'load source', loadTarget: 'load target', calculateDiff: 'calculate diff', executeSync: 'execute sync' };

/**
 * The summary printed after a run and at the top of `ssot show`: counts, steps with duration and
 * memory, and where the record is.
 *
 * @param record - the run
 * @param where - where the record was written (recorder description)
 * @param palette - colours for statuses, actions and headers (plain by default)
 * @returns the text
 */
export function formatRunSummary(record: SyncRecord, where: string, palette: Palette = plainPalette): string {
  const lines: string[] = [];
  lines.push(palette.header(`${record.job}: ${record.source} -> ${record.target}${record.dryRun ? ' (dry run)' : ''}`));
  lines.push(`status    ${palette.status(record.status)}${record.error === undefined ? '' : ` — ${record.error.message}`}`);
  for (const warning of record.warnings ?? []) lines.push(`warning: ${warning.message} (${warning.code})`);
  lines.push(`started   ${formatTime(record.startedAt)}   took ${formatDuration(runDuration(record))}`);
  if (record.scope !== undefined) lines.push(`scope     ${record.scope.join('; ')}`);
  if (record.loaded !== undefined) {
    const count = (side?: Record<string, number>): number => Object.values(side ?? {}).reduce((a, b) => a + b, 0);
    lines.push(`loaded    ${count(record.loaded.source)} source records, ${count(record.loaded.target)} target records`);
  }
  lines.push('');
  lines.push(renderTable(
    ['step', 'status', 'duration', 'memory at end', 'peak memory'],
    record.steps.map((step) => [STEP_LABELS[step.name] ?? step.name, palette.status(step.status), formatDuration(step.durationMs), formatBytes(step.memory?.endRss), formatBytes(step.memory?.peakRss)]),
    palette,
  ));
  if (record.processMaxRss !== undefined) lines.push(`process peak RSS ${formatBytes(record.processMaxRss)}`);
  if (record.summary !== undefined) {
    const s = record.summary;
    lines.push('');
    const counts = record.syncCounts;
    const rows: (string | number)[][] = [
      [palette.action('create'), s.create, counts?.create.success ?? '-', counts === undefined ? '-' : counts.create.failure + counts.create.error, counts?.create.skipped ?? '-'],
      [palette.action('update'), s.update, counts?.update.success ?? '-', counts === undefined ? '-' : counts.update.failure + counts.update.error, counts?.update.skipped ?? '-'],
      [palette.action('delete'), s.delete, counts?.delete.success ?? '-', counts === undefined ? '-' : counts.delete.failure + counts.delete.error, counts?.delete.skipped ?? '-'],
      [palette.action('none', 'unchanged'), s.noChange, '-', '-', '-'],
    ];
    if (s.skip > 0) rows.push(['left out', s.skip, '-', '-', '-']);
    if ((s.outOfScope ?? 0) > 0) rows.push(['out of scope', s.outOfScope ?? 0, '-', '-', '-']);
    if ((s.unlisted ?? 0) > 0) rows.push(['unlisted', s.unlisted ?? 0, '-', '-', '-']);
    lines.push(renderTable(['action', 'in diff', 'applied', 'failed', 'skipped'], rows, palette));
  }
  for (const [name, value] of Object.entries(record.metrics ?? {})) lines.push(`${name.padEnd(9)} ${formatMetrics(value)}`);
  if (record.cpuProfile !== undefined) lines.push(`\nCPU profile: ${record.cpuProfile}`);
  lines.push(`\nsync record ${record.id} (${where})`);
  return lines.join('\n');
}

/**
 * The `ssot history` table.
 *
 * @param runs - runs, newest first
 * @param total - how many match in all
 * @param palette - colours for statuses and headers (plain by default)
 * @returns the text
 */
export function formatHistory(runs: readonly SyncRecord[], total: number, palette: Palette = plainPalette): string {
  if (runs.length === 0) return 'No runs recorded yet. Start one with `ssot run <job>`.';
  const table = renderTable(
    ['id', 'job', 'started', 'status', 'dry run', 'took', 'create', 'update', 'delete'],
    runs.map((r) => [r.id.slice(0, 8), r.job, formatTime(r.startedAt), palette.status(r.status), r.dryRun ? 'yes' : 'no', formatDuration(runDuration(r)), r.summary?.create ?? '-', r.summary?.update ?? '-', r.summary?.delete ?? '-']),
    palette,
  );
  return runs.length < total ? `${table}\n(${runs.length} of ${total}; use --limit and --offset for more)` : table;
}

/**
 * Log entries of one run, as a table.
 *
 * @param page - the entries and how many match
 * @param offset - where the page starts
 * @param palette - colours for actions, statuses and headers (plain by default)
 * @returns the text
 */
export function formatLogs(page: LogPage, offset: number, palette: Palette = plainPalette): string {
  if (page.total === 0) return 'No log entries match.';
  const table = renderTable(
    ['time', 'action', 'status', 'model', 'id', 'changed / message', 'link'],
    page.entries.map((e) => [formatTime(e.timestamp).slice(11), palette.action(e.action), palette.status(e.status), e.model, e.uid, e.message ?? e.changed?.join(', ') ?? '', e.link?.url ?? e.link?.label ?? '']),
    palette,
  );
  const shown = `${offset + 1}-${offset + page.entries.length} of ${page.total}`;
  return `${table}\n(${shown} log entries)`;
}

/** A metrics snapshot on one line: `key value, key value` for flat objects, JSON otherwise. */
function formatMetrics(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  return Object.entries(value)
    .map(([key, item]) => `${key} ${typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item)}`)
    .join(', ');
}
