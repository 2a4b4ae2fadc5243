// The run detail page: overview (steps, timing, memory, statistics linking to the records they count), diff tab and logs tab.
import { formatBytes, formatDuration } from '@ssot/core';
import type { DiffSummary, LogPage, ObjectLink, SyncLogEntry, SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { DiffRow, DiffRowPage } from '../diff-index.js';
import { safeUrl, type Html } from '../html.js';
import { stepNamesOf } from '../live-runs.js';
import { deleteBudgetFields } from './components.js';
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
  /** When the run is a dry run that can be applied as a plan: what the "Apply this plan" form needs. */
  apply?: ApplyFormData;
  /** Why the last "Apply this plan" was refused (nothing was run). */
  applyError?: string;
}

/** What the "Apply this plan" form of a dry run's page needs. */
export interface ApplyFormData {
  /** Parameters the plan did not keep (secrets, references), each with whether the job's configuration has a value for it. */
  giveAgain: readonly { name: string; configured: boolean }[];
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

/** The element statuses every sync counts table shows; the others (unknown, rolledBack, drifted) only when a count has them. */
const USUAL_STATUSES = new Set(['success', 'failure', 'error', 'skipped', 'unchanged']);

function syncStatistics(run: SyncRecord): Html {
  if (run.syncCounts === undefined) return html`<p class="muted">${run.status === 'blocked' ? 'Blocked: nothing was written.' : run.dryRun ? 'Dry run: nothing was written.' : 'No sync results.'}</p>`;
  const rowsOf = Object.values(run.syncCounts);
  const statuses = ELEMENT_STATUSES.filter((status) => USUAL_STATUSES.has(status) || rowsOf.some((row) => (row[status] ?? 0) > 0));
  const rows = Object.entries(run.syncCounts).map(
    ([action, row]) => html`<tr><td>${action}</td>${statuses.map((status) => html`<td class="num">${countLink(row[status], tabHref(run, 'logs', { action, status }), `${action} ${status}`)}</td>`)}</tr>`,
  );
  return html`<table data-sync-counts><thead><tr><th>Action</th>${statuses.map((s) => html`<th class="num">${s}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Why a run was blocked, or would be (a dry run over its delete budget): the budget, the models over it, and how to lift it. */
function deleteGuardSection(run: SyncRecord): Html | string {
  const guard = run.deleteGuard;
  if (guard === undefined || guard.violations.length === 0) return '';
  const blocked = run.status === 'blocked';
  const rows = guard.violations.map(
    (v) => html`<tr data-violation="${v.model}"><td><a href="${tabHref(run, 'diff', { model: v.model, action: 'delete' })}">${v.model}</a></td><td class="num">${formatCount(v.deletes)}</td><td class="num">${formatCount(v.records)}</td><td class="num">${formatCount(v.limit)}</td></tr>`,
  );
  const lift = run.dryRun
    ? html`If these deletes are meant, apply this dry run as a plan below with <strong>allow deletes</strong> (or a larger <strong>max deletes</strong>), or run the job again with them.`
    : html`If these deletes are meant, run the job again from <a href="/jobs/${encodeURIComponent(run.job)}">its page</a> with <strong>allow deletes</strong> or a larger <strong>max deletes</strong> (for example <code>500</code>, <code>50%</code> or <code>500,50%</code>); better, make a dry run and apply it as a plan.`;
  return html`<div class="card safety" data-delete-guard><h2>${blocked ? 'Blocked by the delete guard' : 'Over the delete budget'}</h2>
<p>${blocked ? 'The run would have deleted more than its delete budget allows, so it stopped before the sync: nothing was written.' : 'A run of this diff would be blocked: it deletes more than its delete budget allows.'} Budget per model: <code data-budget>${guard.budget}</code>. Review the <a href="${tabHref(run, 'diff', { action: 'delete' })}">deletes in the diff</a>.</p>
<table><thead><tr><th>Model</th><th class="num">Deletes</th><th class="num">Records</th><th class="num">Limit</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">${lift}</p></div>`;
}

/** Elements of an applied plan that no longer matched the target, with what changed. */
function driftSection(run: SyncRecord): Html | string {
  const drifted = run.drifted ?? [];
  if (drifted.length === 0) return '';
  const blocked = run.status === 'blocked';
  const rows = drifted.map((d) => html`<tr class="${d.action}" data-drifted="${d.uid}"><td>${d.model}</td><td class="record"><code>${d.uid}</code></td><td>${badge(d.action)}</td><td class="message">${d.reason}</td></tr>`);
  return html`<div class="card safety" data-drift><h2>${blocked ? 'Blocked: the target drifted' : 'Drifted elements'} <span class="muted">(${formatCount(drifted.length)})</span></h2>
<p>${
    blocked
      ? html`The target changed since the plan was made, so the plan was refused as a whole: nothing was written. Make a new dry run, or apply the plan again with <strong>skip drifted elements</strong> to apply what still matches.`
      : 'These elements of the plan no longer matched the target and were not applied (logged as drifted).'
  }</p>
<div class="scroll"><table><thead><tr><th>Model</th><th>Record</th><th>Action</th><th>What changed</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}

/** The writes a dry run's target said it would refuse. */
function writeCheckSection(run: SyncRecord): Html | string {
  const problems = run.writeCheck?.problems;
  if (problems === undefined) return '';
  if (problems.length === 0) return html`<p class="muted" data-write-check>Write check: ${run.target} would accept every write of this diff.</p>`;
  const rows = problems.map(
    (p) => html`<tr class="${p.action}" data-write-problem="${p.uid}"><td>${p.model}</td><td class="record"><code>${p.uid}</code></td><td>${badge(p.action)}</td><td class="message">${p.field === undefined ? '' : html`<code>${p.field}</code>: `}${p.message}</td></tr>`,
  );
  return html`<div class="card safety" data-write-check><h2>Writes that would fail <span class="muted" data-write-problems>(${formatCount(problems.length)})</span></h2>
<p>${run.target} checked the writes of this diff without making them and would refuse these.</p>
<div class="scroll"><table><thead><tr><th>Model</th><th>Record</th><th>Action</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}

/** The "Apply this plan" form of a dry run's page (only for a logged-in viewer of a dashboard that has a token). */
function applyForm(context: PageContext, run: SyncRecord, apply: ApplyFormData): Html {
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const overBudget = (run.deleteGuard?.violations.length ?? 0) > 0;
  const intro = html`<p>Apply exactly this diff: the target is loaded again and every element is checked against what this dry run saw; if the target changed, the plan is refused unless drifted elements are skipped.</p>`;
  if (!context.loggedIn) return html`<div class="card" data-apply><h2>Apply this plan</h2>${intro}<a class="button" href="/login?next=${encodeURIComponent(context.path)}">Log in to apply</a></div>`;
  const secrets = apply.giveAgain.map(
    (p) =>
      html`<label><span>${p.name} <span class="muted">${p.configured ? 'not kept by the plan; blank: the configured value' : 'not kept by the plan: give it again'}</span></span><input type="password" name="param.${p.name}" autocomplete="off" placeholder="${p.configured ? '(configured value)' : ''}"></label>`,
  );
  return html`<div class="card" data-apply><h2>Apply this plan</h2>${intro}${overBudget ? html`<p class="muted">This plan deletes more than the default delete budget: check <strong>allow deletes</strong> or give a larger <strong>max deletes</strong>.</p>` : ''}
<form method="post" action="${path}/apply" class="filters" data-apply-form data-confirm="Apply this plan? This writes to ${run.target}.">
<input type="hidden" name="csrf" value="${context.csrf}">
${secrets}
${deleteBudgetFields()}
<label class="inline"><span><input type="checkbox" name="skipDrifted" value="true" data-skip-drifted> skip drifted elements</span></label>
<button type="submit" data-apply-button>Apply this plan</button>
</form></div>`;
}

function overview(data: RunPageData): Html {
  const { run } = data;
  const names = stepNamesOf(run);
  const stepRows = names.map((name) => {
    const step = run.steps.find((s) => s.name === name);
    // A finished run (failed, blocked, cancelled) never ran the steps it has no record of.
    const status = step?.status ?? (run.endedAt !== undefined ? 'not run' : run.status === 'running' && run.steps.length === names.indexOf(name) ? 'running' : 'pending');
    const memory = step?.memory;
    return html`<tr data-step="${name}"><td>${name}</td><td><span class="badge ${status === 'not run' ? 'none' : status}" data-step-status>${status}</span></td><td>${formatDate(step?.startedAt)}</td><td class="num" data-step-duration>${step === undefined ? '' : formatDuration(step.durationMs)}</td><td class="num" data-step-memory>${memory === undefined ? '' : `${formatBytes(memory.endRss)} / ${formatBytes(memory.peakRss)}`}</td><td class="num">${memory === undefined ? '' : `${formatBytes(memory.endHeapUsed)} / ${formatBytes(memory.peakHeapUsed)}`}</td><td data-step-models></td></tr>`;
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
${run.plan === undefined ? '' : html`<dt>Plan</dt><dd data-run-plan>applies plan <a href="/runs/${encodeURIComponent(run.plan)}"><code>${run.plan}</code></a></dd>`}
${run.deleteGuard === undefined ? '' : html`<dt>Delete budget</dt><dd data-run-budget>${run.deleteGuard.budget === 'off' ? 'off (deletes allowed)' : html`<code>${run.deleteGuard.budget}</code> per model`}</dd>`}
</dl></div>
${run.error === undefined ? '' : html`<div class="notice error" data-run-error>${run.error.code === undefined ? '' : html`<code>${run.error.code}</code> `}${run.error.message}</div>`}
${(run.warnings ?? []).map((warning) => html`<div class="notice" data-run-warning><code>${warning.code}</code> ${warning.message}</div>`)}
${deleteGuardSection(run)}
${driftSection(run)}
${writeCheckSection(run)}
${data.applyError === undefined ? '' : html`<div class="notice error" data-apply-error>Not applied: ${data.applyError}</div>`}
${data.apply === undefined || !context.runsEnabled ? '' : applyForm(context, run, data.apply)}
<nav class="tabs">${tab('overview', 'Overview')}${tab('diff', `Diff${run.summary === undefined ? '' : ` (${formatCount(run.summary.create + run.summary.update + run.summary.delete)})`}`)}${tab('logs', 'Logs')}</nav>
${body}
</div>`,
  );
}
