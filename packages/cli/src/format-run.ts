// Text views of sync records: the summary after a run, the history list and one run in detail.
import { formatBytes, formatDuration, type LogPage, type SyncRecord } from '@ssot/core';
import { plainPalette, type Palette } from './colors.js';
import { formatTime, runDuration } from './format.js';
import { renderTable } from './table.js';

const STEP_LABELS: Record<string, string> = { loadSource: 'load source', loadTarget: 'load target', calculateDiff: 'calculate diff', checkPlan: 'check plan', checkWrites: 'check writes', executeSync: 'execute sync' };

/** Rows shown of a long list (drifted elements, writes that would fail) before "... and N more". */
const LIST_ROWS = 20;

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
  if (record.plan !== undefined) lines.push(`plan      applies plan ${record.plan} (ssot show ${record.plan.slice(0, 8)} --diff)`);
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
  const notes = formatPlanNotes(record, palette);
  if (notes !== '') lines.push(notes);
  for (const [name, value] of Object.entries(record.metrics ?? {})) lines.push(`${name.padEnd(9)} ${formatMetrics(value)}`);
  if (record.cpuProfile !== undefined) lines.push(`\nCPU profile: ${record.cpuProfile}`);
  lines.push(`\nsync record ${record.id} (${where})`);
  return lines.join('\n');
}

/**
 * What the safety checks found in a run: the models over the delete budget (and how to lift it),
 * the writes the target would refuse (a dry run's write check), and the elements of a plan that
 * drifted. Empty when there is nothing to say.
 *
 * @param record - the run
 * @param palette - colours (plain by default)
 * @returns the text, starting with a blank line, or `""`
 */
export function formatPlanNotes(record: SyncRecord, palette: Palette = plainPalette): string {
  const lines: string[] = [];
  const violations = record.deleteGuard?.violations ?? [];
  if (violations.length > 0) {
    const verdict = record.status === 'blocked' ? 'blocked this run: nothing was written' : record.dryRun ? 'would block a run of this diff' : 'was over budget';
    lines.push('', palette.status('blocked', `Delete guard (budget ${record.deleteGuard?.budget} per model) ${verdict}:`));
    lines.push(renderTable(['model', 'deletes', 'of records', 'limit'], violations.map((v) => [v.model, v.deletes, v.records, v.limit]), palette));
    lines.push(`If these deletes are meant: ${record.dryRun ? `ssot apply ${record.id.slice(0, 8)} --allow-deletes` : 'run again with --allow-deletes or a larger --max-deletes (500, 50%)'}, after reviewing the diff (ssot show ${record.id.slice(0, 8)} --diff --action delete).`);
  }
  const problems = record.writeCheck?.problems ?? [];
  if (problems.length > 0) {
    lines.push('', palette.status('failed', `${problems.length} ${problems.length === 1 ? 'write' : 'writes'} of this diff would be refused by ${record.target}:`));
    lines.push(renderTable(['action', 'model', 'id', 'why'], problems.slice(0, LIST_ROWS).map((p) => [palette.action(p.action), p.model, p.uid, p.message]), palette));
    if (problems.length > LIST_ROWS) lines.push(`... and ${problems.length - LIST_ROWS} more (ssot show ${record.id.slice(0, 8)} --json)`);
  } else if (record.writeCheck !== undefined) {
    lines.push('', `Write check: ${record.target} would accept every write of this diff.`);
  }
  const drifted = record.drifted ?? [];
  if (drifted.length > 0) {
    lines.push('', palette.status('drifted', `${drifted.length} ${drifted.length === 1 ? 'element' : 'elements'} of the plan no longer matched the target${record.status === 'blocked' ? ' (the plan was refused; --skip-drifted applies the rest)' : ' and were not applied'}:`));
    lines.push(renderTable(['action', 'model', 'id', 'what changed'], drifted.slice(0, LIST_ROWS).map((d) => [palette.action(d.action), d.model, d.uid, d.reason]), palette));
    if (drifted.length > LIST_ROWS) lines.push(`... and ${drifted.length - LIST_ROWS} more (ssot show ${record.id.slice(0, 8)} --json)`);
  }
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

/** A metrics snapshot on one line: `key value, key value` for flat objects (`openMs 1234` as `open 1.2s`), JSON otherwise. */
function formatMetrics(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  return Object.entries(value)
    .map(([key, item]) => (key.endsWith('Ms') && typeof item === 'number' ? `${key.slice(0, -2)} ${formatDuration(item)}` : `${key} ${typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item)}`))
    .join(', ');
}
