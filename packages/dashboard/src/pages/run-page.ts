// The run detail page: overview (steps, timing, memory, statistics linking to the records they count), diff tab and logs tab.
import { formatBytes, formatDuration } from '@ssot/core';
import type { DiffSummary, LogPage, ObjectLink, SyncLogEntry, SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { DiffRow, DiffRowPage } from '../diff-index.js';
import { safeUrl, type Html } from '../html.js';
import { STEP_NAMES } from '../live-runs.js';
import { DIFF_ACTIONS, ELEMENT_STATUSES, type DiffSearch, type LogSearch } from '../queries.js';
import { durationChart, memoryChart } from './charts.js';
import { badge, countLink, filterSelect, formatCount, formatDate, highlight, pager, queryString, runDuration, searchInput } from './format.js';
import { layout, type PageContext } from './layout.js';

/** Which tab of the run page. */
export type RunTab = 'overview' | 'diff' | 'logs';

/** What the run page shows. */
export interface RunPageData {
  /** The run, without its diff. */
  run: SyncRecord;
  /** The diff's counts per model, when there is a diff. */
  summaryByModel?: Record<string, DiffSummary>;
  /** Model names, for the filters. */
  models: readonly string[];
  /** Names of the job's secret parameters (their values are never shown). */
  secrets: readonly string[];
  /** Whether the run is still going (the page follows its progress). */
  live: boolean;
  /** Whether the viewer may cancel it. */
  canCancel: boolean;
  /** The selected tab. */
  tab: RunTab;
  /** The diff page, on the diff tab, with the job's links to its records (by model and unique id). */
  diff?: { query: DiffSearch & { offset: number; limit: number }; page: DiffRowPage; links?: ReadonlyMap<string, ObjectLink> };
  /** The log page, on the logs tab. */
  logs?: { query: LogSearch & { offset: number; limit: number }; page: LogPage };
}

function value(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Where a run's diff or logs are listed with filters. */
function tabHref(run: SyncRecord, tab: 'diff' | 'logs', filters: Record<string, string | undefined>): string {
  return `/runs/${encodeURIComponent(run.id)}${queryString({ tab, ...filters })}`;
}

/** A count that links nowhere (skipped records are not in the diff): grouped, a 0 muted. */
function plainCount(count: number | undefined): Html | string {
  if (count === undefined) return '';
  return count === 0 ? html`<span class="zero">0</span>` : formatCount(count);
}

const SUMMARY_ACTIONS = [
  ['create', 'create', 'Create'],
  ['update', 'update', 'Update'],
  ['delete', 'delete', 'Delete'],
  ['noChange', 'none', 'Unchanged'],
] as const;

function diffStatistics(run: SyncRecord, byModel: Record<string, DiffSummary>): Html {
  const summary = run.summary;
  if (summary === undefined) return html`<p class="muted">No diff.</p>`;
  const cells = (counts: DiffSummary, model: string | undefined): Html[] =>
    SUMMARY_ACTIONS.map(([key, action, label]) => html`<td class="num">${countLink(counts[key], tabHref(run, 'diff', { model, action }), `${label}: ${model ?? 'every model'}`)}</td>`);
  const rows = Object.entries(byModel).map(([model, counts]) => html`<tr><td><a href="${tabHref(run, 'diff', { model })}">${model}</a></td>${cells(counts, model)}<td class="num">${plainCount(counts.skip)}</td></tr>`);
  return html`<table data-summary><thead><tr><th>Model</th>${SUMMARY_ACTIONS.map(([, , label]) => html`<th class="num">${label}</th>`)}<th class="num">Skipped</th></tr></thead><tbody>${rows}<tr class="total"><th>total</th>${cells(summary, undefined)}<td class="num">${plainCount(summary.skip)}</td></tr></tbody></table>`;
}

function syncStatistics(run: SyncRecord): Html {
  if (run.syncCounts === undefined) return html`<p class="muted">${run.dryRun ? 'Dry run: nothing was written.' : 'No sync results.'}</p>`;
  const rows = Object.entries(run.syncCounts).map(
    ([action, row]) => html`<tr><td>${action}</td>${ELEMENT_STATUSES.map((status) => html`<td class="num">${countLink(row[status], tabHref(run, 'logs', { action, status }), `${action} ${status}`)}</td>`)}</tr>`,
  );
  return html`<table data-sync-counts><thead><tr><th>Action</th>${ELEMENT_STATUSES.map((s) => html`<th class="num">${s}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function overview(data: RunPageData): Html {
  const { run } = data;
  const stepRows = STEP_NAMES.map((name) => {
    const step = run.steps.find((s) => s.name === name);
    const status = step?.status ?? (run.status === 'running' && run.steps.length === STEP_NAMES.indexOf(name) ? 'running' : 'pending');
    const memory = step?.memory;
    return html`<tr data-step="${name}"><td>${name}</td><td><span class="badge ${status}" data-step-status>${status}</span></td><td>${formatDate(step?.startedAt)}</td><td class="num" data-step-duration>${step === undefined ? '' : formatDuration(step.durationMs)}</td><td class="num" data-step-memory>${memory === undefined ? '' : `${formatBytes(memory.endRss)} / ${formatBytes(memory.peakRss)}`}</td><td class="num">${memory === undefined ? '' : `${formatBytes(memory.endHeapUsed)} / ${formatBytes(memory.peakHeapUsed)}`}</td><td data-step-models></td></tr>`;
  });
  const loadedModels = [...new Set([...Object.keys(run.loaded?.source ?? {}), ...Object.keys(run.loaded?.target ?? {})])];
  const inDiff = new Set(Object.keys(data.summaryByModel ?? {}));
  const loadedRows = loadedModels.map(
    (m) => html`<tr><td>${inDiff.has(m) ? html`<a href="${tabHref(run, 'diff', { model: m })}">${m}</a>` : m}</td><td class="num">${plainCount(run.loaded?.source?.[m])}</td><td class="num">${plainCount(run.loaded?.target?.[m])}</td></tr>`,
  );
  const secrets = new Set(data.secrets);
  const parameters = Object.entries(run.parameters).map(([name, v]) => html`<dt>${name}</dt><dd><code>${secrets.has(name) ? '[REDACTED]' : value(v)}</code></dd>`);
  return html`<h2>Steps</h2>
<div class="scroll"><table class="steps"><thead><tr><th>Step</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">RSS end / peak</th><th class="num">Heap end / peak</th><th>Progress</th></tr></thead><tbody>${stepRows}</tbody></table></div>
<div class="grid">
<div class="card"><h3>Duration per step</h3>${durationChart(run.steps)}</div>
<div class="card"><h3>Memory per step</h3>${memoryChart(run.steps, run.endedAt === undefined)}</div>
</div>
<h2>Statistics</h2>
<div class="stats">
<div class="card" data-stats="diff"><h3>Diff</h3>${diffStatistics(run, data.summaryByModel ?? {})}</div>
<div class="card" data-stats="sync"><h3>Sync results</h3>${syncStatistics(run)}</div>
<div class="card" data-stats="loaded"><h3>Loaded</h3>${
    loadedModels.length === 0 ? html`<p class="muted">Nothing loaded.</p>` : html`<table><thead><tr><th>Model</th><th class="num">Source</th><th class="num">Target</th></tr></thead><tbody>${loadedRows}</tbody></table>`
  }${run.processMaxRss === undefined ? '' : html`<p class="muted">Process peak RSS: ${formatBytes(run.processMaxRss)}</p>`}</div>
</div>
<h2>Parameters</h2>
${parameters.length === 0 ? html`<p class="muted">None.</p>` : html`<dl class="facts card">${parameters}</dl>`}
${run.metrics === undefined ? '' : html`<h2>Metrics</h2><pre>${JSON.stringify(run.metrics, null, 2)}</pre>`}
`;
}

/** The element's attributes: for an update every attribute, the changed ones highlighted with both sides; for a create or delete the one side. */
function changesOf(element: DiffRow): Html | string {
  if (element.action === 'update') {
    const changed = new Set(element.changed ?? []);
    const fields = [...new Set([...Object.keys(element.source ?? {}), ...Object.keys(element.target ?? {}), ...changed])];
    const rows = fields.map((field) =>
      changed.has(field)
        ? html`<tr class="changed"><td><code>${field}</code></td><td class="old">${value(element.target?.[field])}</td><td class="new">${value(element.source?.[field])}</td></tr>`
        : html`<tr class="same"><td><code>${field}</code></td><td colspan="2">${value(element.source?.[field] ?? element.target?.[field])}</td></tr>`,
    );
    return html`<table class="changes"><thead><tr><th>field</th><th>target (now)</th><th>source (wanted)</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  const side = element.action === 'create' ? element.source : element.action === 'delete' ? element.target : undefined;
  if (side === undefined) return '';
  const cls = element.action === 'create' ? 'new' : 'old';
  return html`<table class="changes"><tbody>${Object.entries(side).map(([field, v]) => html`<tr><td><code>${field}</code></td><td class="${cls}">${value(v)}</td></tr>`)}</tbody></table>`;
}

function recordName(element: DiffRow, link: ObjectLink | undefined, term: string | undefined): Html {
  const name = html`<strong>${highlight(element.shortname || element.uid, term)}</strong>`;
  const href = safeUrl(link?.url);
  return href === undefined ? name : html`<a href="${href}" rel="noreferrer noopener" target="_blank" title="${link?.label ?? ''}">${name}</a>`;
}

/** Where an element sits: its ancestors, `device ams1-core1 > interface Ethernet1`. */
function parentPath(element: DiffRow): Html | string {
  if (element.path.length === 0) return '';
  return html`<div class="path" data-path>${element.path.map((a, i) => html`${i > 0 ? ' > ' : ''}<span>${a.model === '' ? '' : html`<span class="muted">${a.model}</span> `}${a.shortname || a.uid}</span>`)}</div>`;
}

function diffTab(run: SyncRecord, models: readonly string[], diff: NonNullable<RunPageData['diff']>): Html {
  const { query, page } = diff;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const filters = { tab: 'diff', model: query.model, action: query.action, q: query.q };
  const rows = page.elements.map(
    (e) =>
      html`<tr class="${e.action}" data-uid="${e.uid}" data-action="${e.action}" data-model="${e.model}"><td class="record d${Math.min(e.depth, 5)}">${parentPath(e)}<span class="muted">${e.model}</span> ${recordName(e, diff.links?.get(`${e.model}\u0000${e.uid}`), query.q)}<div class="muted"><code>${highlight(e.uid, query.q)}</code></div>${
        e.movedFrom === undefined ? '' : html`<div class="muted">moved from ${e.movedFrom.model} ${e.movedFrom.uid}</div>`
      }</td><td>${badge(e.action)}</td><td>${changesOf(e)}</td></tr>`,
  );
  const filtered = query.model !== undefined || query.action !== undefined || query.q !== undefined;
  return html`<form class="filters" method="get" action="${path}" data-diff-filters>
<input type="hidden" name="tab" value="diff">
${filterSelect('model', 'Model', models, query.model)}
${filterSelect('action', 'Action', DIFF_ACTIONS, query.action)}
${searchInput(query.q, 'unique id or name')}
<input type="hidden" name="limit" value="${query.limit}">
<button type="submit" class="secondary">Filter</button>
${filtered ? html`<a href="${path}?tab=diff">clear</a>` : ''}
</form>
${pager(path, filters, query.offset, query.limit, page.total)}
${rows.length === 0 ? html`<p class="muted">No diff elements match.</p>` : html`<table class="diff"><thead><tr><th>Record</th><th>Action</th><th>Attributes (changed ones highlighted)</th></tr></thead><tbody>${rows}</tbody></table>`}
${pager(path, filters, query.offset, query.limit, page.total)}`;
}

function logRow(entry: SyncLogEntry, term: string | undefined): Html {
  const href = safeUrl(entry.link?.url);
  const label = entry.link?.label ?? entry.uid;
  const target =
    href === undefined
      ? html`<code>${highlight(entry.uid, term)}</code>${entry.link?.label === undefined ? '' : html` <span class="muted">${highlight(entry.link.label, term)}</span>`}`
      : html`<a href="${href}" rel="noreferrer noopener" target="_blank" title="${entry.uid}">${highlight(label, term)}</a>`;
  return html`<tr class="${entry.action}" data-uid="${entry.uid}"><td class="nowrap">${formatDate(entry.timestamp)}</td><td>${badge(entry.action)}</td><td>${badge(entry.status)}</td><td>${entry.model}</td><td class="record">${target}</td><td>${(entry.changed ?? []).map((field) => html`<code class="changed-field">${field}</code> `)}</td><td class="message">${entry.message ?? ''}</td></tr>`;
}

function logsTab(run: SyncRecord, models: readonly string[], logs: NonNullable<RunPageData['logs']>): Html {
  const { query, page } = logs;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const filters = { tab: 'logs', action: query.action, status: query.status, model: query.model, q: query.q };
  const filtered = query.action !== undefined || query.status !== undefined || query.model !== undefined || query.q !== undefined;
  return html`<form class="filters" method="get" action="${path}" data-log-filters>
<input type="hidden" name="tab" value="logs">
${filterSelect('action', 'Action', DIFF_ACTIONS, query.action)}
${filterSelect('status', 'Status', ELEMENT_STATUSES, query.status)}
${filterSelect('model', 'Model', models, query.model)}
${searchInput(query.q, 'unique id or name')}
<input type="hidden" name="limit" value="${query.limit}">
<button type="submit" class="secondary">Filter</button>
${filtered ? html`<a href="${path}?tab=logs">clear</a>` : ''}
</form>
${pager(path, filters, query.offset, query.limit, page.total)}
${
  page.entries.length === 0
    ? html`<p class="muted">No log entries match${run.dryRun ? ' (a dry run writes nothing, so it logs nothing)' : ''}.</p>`
    : html`<table class="logs"><thead><tr><th>Time</th><th>Action</th><th>Status</th><th>Model</th><th>Record</th><th>Changed</th><th>Message</th></tr></thead><tbody>${page.entries.map((entry) => logRow(entry, query.q))}</tbody></table>`
}
${page.entries.length === 0 ? '' : pager(path, filters, query.offset, query.limit, page.total)}`;
}

/**
 * Renders a run's page.
 *
 * @param context - the request's context
 * @param data - the run and the selected tab's data
 * @returns the page
 */
export function runPage(context: PageContext, data: RunPageData): Html {
  const { run } = data;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const tab = (name: RunTab, label: string): Html => html`<a href="${path}${name === 'overview' ? '' : `?tab=${name}`}" class="${data.tab === name ? 'active' : ''}" data-tab="${name}">${label}</a>`;
  const cancel = data.canCancel
    ? html`<form method="post" action="${path}/cancel" class="inline" data-confirm="Cancel this run?"><input type="hidden" name="csrf" value="${context.csrf}"><button class="danger" type="submit">Cancel run</button></form>`
    : '';
  const body = data.tab === 'diff' && data.diff !== undefined ? diffTab(run, data.models, data.diff) : data.tab === 'logs' && data.logs !== undefined ? logsTab(run, data.models, data.logs) : overview(data);
  return layout(
    context,
    `Run ${run.id.slice(0, 8)}`,
    html`<div ${data.live ? html`data-live-run data-events="/api/runs/${encodeURIComponent(run.id)}/events"` : ''}>
<h1><a href="/jobs/${encodeURIComponent(run.job)}">${run.job}</a> <span class="badge ${run.status}" data-live-status>${run.status}</span> ${run.dryRun ? badge('dry', 'dry run') : ''}</h1>
${cancel === '' ? '' : html`<div class="actions">${cancel}</div>`}
<div class="card"><dl class="facts">
<dt>Run</dt><dd><code>${run.id}</code></dd>
<dt>Source → target</dt><dd>${run.source} → ${run.target} <span class="muted">(${run.direction})</span></dd>
<dt>Started</dt><dd>${formatDate(run.startedAt)}</dd>
<dt>Ended</dt><dd>${formatDate(run.endedAt)}</dd>
<dt>Duration</dt><dd>${run.endedAt === undefined ? 'running' : formatDuration(runDuration(run))}</dd>
${run.scope === undefined ? '' : html`<dt>Scope</dt><dd data-run-scope>${run.scope.join('; ')}</dd>`}
</dl></div>
${run.error === undefined ? '' : html`<div class="notice error" data-run-error>${run.error.code === undefined ? '' : html`<code>${run.error.code}</code> `}${run.error.message}</div>`}
${(run.warnings ?? []).map((warning) => html`<div class="notice" data-run-warning><code>${warning.code}</code> ${warning.message}</div>`)}
<nav class="tabs">${tab('overview', 'Overview')}${tab('diff', `Diff${run.summary === undefined ? '' : ` (${formatCount(run.summary.create + run.summary.update + run.summary.delete)})`}`)}${tab('logs', 'Logs')}</nav>
${body}
</div>`,
  );
}
