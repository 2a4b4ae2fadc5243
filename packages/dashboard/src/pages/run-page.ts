// The run detail page: overview (steps, timing, memory, statistics), diff tab and logs tab.
import type { DiffPage, DiffQuery, DiffSummary, FlatDiffElement, LogPage, LogQuery, ObjectLink, SyncLogEntry, SyncRecord } from '@ssot/core';
import { html, safeUrl, type SafeHtml } from '../html.js';
import { STEP_NAMES } from '../live-runs.js';
import { DIFF_ACTIONS, ELEMENT_STATUSES } from '../queries.js';
import { durationChart, memoryChart } from './charts.js';
import { badge, filterSelect, formatBytes, formatDate, formatDuration, pager, runDuration } from './format.js';
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
  /** The diff page, on the diff tab, with the job's links to its records (by unique id). */
  diff?: { query: DiffQuery & { offset: number; limit: number }; page: DiffPage; links?: ReadonlyMap<string, ObjectLink> };
  /** The log page, on the logs tab. */
  logs?: { query: LogQuery & { offset: number; limit: number }; page: LogPage };
}

function value(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function overview(data: RunPageData): SafeHtml {
  const { run } = data;
  const stepRows = STEP_NAMES.map((name) => {
    const step = run.steps.find((s) => s.name === name);
    const status = step?.status ?? (run.status === 'running' && run.steps.length === STEP_NAMES.indexOf(name) ? 'running' : 'pending');
    return html`<tr data-step="${name}"><td>${name}</td><td><span class="badge ${status}" data-step-status>${status}</span></td><td>${formatDate(step?.startedAt)}</td><td class="num" data-step-duration>${formatDuration(step?.durationMs)}</td><td class="num" data-step-memory>${step?.memory === undefined ? '' : `${formatBytes(step.memory.endRss)} / ${formatBytes(step.memory.peakRss)}`}</td><td class="num">${step?.memory === undefined ? '' : `${formatBytes(step.memory.endHeapUsed)} / ${formatBytes(step.memory.peakHeapUsed)}`}</td><td data-step-models></td></tr>`;
  });
  const summary = run.summary;
  const byModel = Object.entries(data.summaryByModel ?? {}).map(
    ([model, s]) => html`<tr><td>${model}</td><td class="num">${s.create}</td><td class="num">${s.update}</td><td class="num">${s.delete}</td><td class="num">${s.noChange}</td><td class="num">${s.skip}</td></tr>`,
  );
  const syncRows = Object.entries(run.syncCounts ?? {}).map(
    ([action, row]) => html`<tr><td>${action}</td>${Object.values(row).map((count) => html`<td class="num">${count}</td>`)}</tr>`,
  );
  const loadedModels = [...new Set([...Object.keys(run.loaded?.source ?? {}), ...Object.keys(run.loaded?.target ?? {})])];
  const secrets = new Set(data.secrets);
  const parameters = Object.entries(run.parameters).map(([name, v]) => html`<dt>${name}</dt><dd><code>${secrets.has(name) ? '[REDACTED]' : value(v)}</code></dd>`);
  return html`<h2>Steps</h2>
<table class="steps"><thead><tr><th>Step</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">RSS end / peak</th><th class="num">Heap end / peak</th><th>Progress</th></tr></thead><tbody>${stepRows}</tbody></table>
<div class="grid">
<div class="card"><h2>Duration per step</h2>${durationChart(run.steps)}</div>
<div class="card"><h2>Memory per step</h2>${memoryChart(run.steps, run.endedAt === undefined)}</div>
</div>
<h2>Statistics</h2>
<div class="grid">
<div class="card"><h3>Diff</h3>${
    summary === undefined
      ? html`<p class="muted">No diff.</p>`
      : html`<table data-summary><thead><tr><th>Model</th><th class="num">Create</th><th class="num">Update</th><th class="num">Delete</th><th class="num">Unchanged</th><th class="num">Skipped</th></tr></thead><tbody>${byModel}<tr><th>total</th><th class="num">${summary.create}</th><th class="num">${summary.update}</th><th class="num">${summary.delete}</th><th class="num">${summary.noChange}</th><th class="num">${summary.skip}</th></tr></tbody></table>`
  }</div>
<div class="card"><h3>Sync results</h3>${
    run.syncCounts === undefined
      ? html`<p class="muted">${run.dryRun ? 'Dry run: nothing was written.' : 'No sync results.'}</p>`
      : html`<table data-sync-counts><thead><tr><th>Action</th>${ELEMENT_STATUSES.map((s) => html`<th class="num">${s}</th>`)}</tr></thead><tbody>${syncRows}</tbody></table>`
  }</div>
<div class="card"><h3>Loaded</h3>${
    loadedModels.length === 0
      ? html`<p class="muted">Nothing loaded.</p>`
      : html`<table><thead><tr><th>Model</th><th class="num">Source</th><th class="num">Target</th></tr></thead><tbody>${loadedModels.map((m) => html`<tr><td>${m}</td><td class="num">${run.loaded?.source?.[m] ?? ''}</td><td class="num">${run.loaded?.target?.[m] ?? ''}</td></tr>`)}</tbody></table>`
  }${run.processMaxRss === undefined ? '' : html`<p class="muted">Process peak RSS: ${formatBytes(run.processMaxRss)}</p>`}</div>
</div>
<h2>Parameters</h2>
${parameters.length === 0 ? html`<p class="muted">None.</p>` : html`<dl class="facts card">${parameters}</dl>`}
${run.metrics === undefined ? '' : html`<h2>Metrics</h2><pre>${JSON.stringify(run.metrics, null, 2)}</pre>`}
`;
}

function changesOf(element: FlatDiffElement): SafeHtml {
  if (element.action === 'update') {
    return html`<table class="changes"><thead><tr><th>field</th><th>target (now)</th><th>source (wanted)</th></tr></thead><tbody>${(element.changed ?? []).map(
      (field) => html`<tr><td><code>${field}</code></td><td class="old">${value(element.target?.[field])}</td><td class="new">${value(element.source?.[field])}</td></tr>`,
    )}</tbody></table>`;
  }
  const side = element.action === 'create' ? element.source : element.action === 'delete' ? element.target : undefined;
  if (side === undefined) return html``;
  const cls = element.action === 'create' ? 'new' : 'old';
  return html`<table class="changes"><tbody>${Object.entries(side).map(([field, v]) => html`<tr><td><code>${field}</code></td><td class="${cls}">${value(v)}</td></tr>`)}</tbody></table>`;
}

function recordName(element: FlatDiffElement, link: ObjectLink | undefined): SafeHtml {
  const name = html`<strong>${element.shortname || element.uid}</strong>`;
  const href = safeUrl(link?.url);
  return href === undefined ? name : html`<a href="${href}" rel="noreferrer noopener" target="_blank" title="${link?.label ?? ''}">${name}</a>`;
}

function diffTab(run: SyncRecord, models: readonly string[], diff: NonNullable<RunPageData['diff']>): SafeHtml {
  const { query, page } = diff;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const rows = page.elements.map(
    (e) => html`<tr class="${e.action}" data-uid="${e.uid}" data-action="${e.action}" data-model="${e.model}"><td class="d${Math.min(e.depth, 5)}"><span class="muted">${e.model}</span> ${recordName(e, diff.links?.get(`${e.model}\u0000${e.uid}`))}<div class="muted"><code>${e.uid}</code></div>${e.movedFrom === undefined ? '' : html`<div class="muted">moved from ${e.movedFrom.model} ${e.movedFrom.uid}</div>`}</td><td>${badge(e.action)}</td><td>${changesOf(e)}</td></tr>`,
  );
  return html`<form class="filters" method="get" action="${path}" data-diff-filters>
<input type="hidden" name="tab" value="diff">
${filterSelect('model', 'Model', models, query.model)}
${filterSelect('action', 'Action', DIFF_ACTIONS, query.action)}
<input type="hidden" name="limit" value="${query.limit}">
<button type="submit" class="secondary">Filter</button>
</form>
${pager(path, { tab: 'diff', model: query.model, action: query.action }, query.offset, query.limit, page.total)}
${rows.length === 0 ? html`<p class="muted">No diff elements match.</p>` : html`<table class="diff"><thead><tr><th>Record</th><th>Action</th><th>Changes</th></tr></thead><tbody>${rows}</tbody></table>`}
${pager(path, { tab: 'diff', model: query.model, action: query.action }, query.offset, query.limit, page.total)}`;
}

function logRow(entry: SyncLogEntry): SafeHtml {
  const href = safeUrl(entry.link?.url);
  const label = entry.link?.label ?? entry.uid;
  const target = href === undefined ? html`<code>${entry.uid}</code>${entry.link?.label === undefined ? '' : html` <span class="muted">${entry.link.label}</span>`}` : html`<a href="${href}" rel="noreferrer noopener" target="_blank">${label}</a>`;
  return html`<tr class="${entry.action}" data-uid="${entry.uid}"><td>${formatDate(entry.timestamp)}</td><td>${badge(entry.action)}</td><td>${badge(entry.status)}</td><td>${entry.model}</td><td>${target}</td><td>${(entry.changed ?? []).join(', ')}</td><td>${entry.message ?? ''}</td></tr>`;
}

function logsTab(run: SyncRecord, models: readonly string[], logs: NonNullable<RunPageData['logs']>): SafeHtml {
  const { query, page } = logs;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const filters = { tab: 'logs', action: query.action, status: query.status, model: query.model };
  return html`<form class="filters" method="get" action="${path}" data-log-filters>
<input type="hidden" name="tab" value="logs">
${filterSelect('action', 'Action', DIFF_ACTIONS, query.action)}
${filterSelect('status', 'Status', ELEMENT_STATUSES, query.status)}
${filterSelect('model', 'Model', models, query.model)}
<input type="hidden" name="limit" value="${query.limit}">
<button type="submit" class="secondary">Filter</button>
</form>
${pager(path, filters, query.offset, query.limit, page.total)}
${page.entries.length === 0 ? html`<p class="muted">No log entries match${run.dryRun ? ' (a dry run writes nothing, so it logs nothing)' : ''}.</p>` : html`<table class="logs"><thead><tr><th>Time</th><th>Action</th><th>Status</th><th>Model</th><th>Record</th><th>Changed</th><th>Message</th></tr></thead><tbody>${page.entries.map(logRow)}</tbody></table>`}`;
}

/**
 * Renders a run's page.
 *
 * @param context - the request's context
 * @param data - the run and the selected tab's data
 * @returns the page
 */
export function runPage(context: PageContext, data: RunPageData): SafeHtml {
  const { run } = data;
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const tab = (name: RunTab, label: string): SafeHtml => html`<a href="${path}${name === 'overview' ? '' : `?tab=${name}`}" class="${data.tab === name ? 'active' : ''}" data-tab="${name}">${label}</a>`;
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
<dt>Duration</dt><dd>${formatDuration(runDuration(run))}</dd>
</dl></div>
${run.error === undefined ? '' : html`<div class="notice error" data-run-error>${run.error.code === undefined ? '' : html`<code>${run.error.code}</code> `}${run.error.message}</div>`}
<nav class="tabs">${tab('overview', 'Overview')}${tab('diff', `Diff${run.summary === undefined ? '' : ` (${run.summary.create + run.summary.update + run.summary.delete})`}`)}${tab('logs', 'Logs')}</nav>
${body}
</div>`,
  );
}
