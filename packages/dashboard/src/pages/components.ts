// Page parts used on more than one page: the run form and the runs table.
import { formatDuration } from '@ssot/core';
import type { JobDefinition, SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { Html } from '../html.js';
import type { ParameterInfo } from '@ssot/core';
import { PARAM_FIELD_PREFIX } from '../parameters.js';
import { badge, countLink, countsByStatus, formatDate, queryString, runDuration } from './format.js';
import type { PageContext } from './layout.js';

/**
 * The form that starts a run (dry run by default). Without a token it is a disabled button;
 * without a session, a link to log in.
 *
 * @param context - the request's context
 * @param job - the job
 * @param fields - per-parameter inputs to show (none on the dashboard: defaults are used)
 * @param defaults - the default parameters (non-secret ones prefill the inputs)
 * @param withBudget - show the delete budget fields (max deletes, allow deletes; the job page does, the dashboard's compact rows do not)
 * @returns the form
 */
export function runForm(context: PageContext, job: JobDefinition, fields: readonly ParameterInfo[] = [], defaults: Record<string, unknown> = {}, withBudget = false): Html {
  if (!context.runsEnabled) return html`<button type="button" disabled title="Set SSOT_DASHBOARD_TOKEN to enable runs">Run</button>`;
  if (!context.loggedIn) return html`<a class="button" href="/login?next=${encodeURIComponent(context.path)}">Log in to run</a>`;
  const inputs = fields.map((field) => {
    const name = PARAM_FIELD_PREFIX + field.name;
    const label = html`<span>${field.name}${field.required ? ' *' : ''} <span class="muted">${field.type}${field.secret ? ', secret' : ''}</span></span>`;
    if (field.secret) {
      const hasDefault = defaults[field.name] !== undefined;
      return html`<label>${label}<input type="password" name="${name}" autocomplete="off" placeholder="${hasDefault ? '(configured value)' : ''}"></label>`;
    }
    const given = defaults[field.name] ?? field.default;
    if (field.type === 'boolean') {
      return html`<label>${label}<input type="hidden" name="${name}" value="false"><input type="checkbox" name="${name}" value="true"${given === true ? html` checked` : ''}></label>`;
    }
    if (field.enum !== undefined) {
      return html`<label>${label}<select name="${name}"><option value=""></option>${field.enum.map((value) => html`<option value="${String(value)}"${value === given ? html` selected` : ''}>${String(value)}</option>`)}</select></label>`;
    }
    const value = given === undefined ? '' : typeof given === 'string' ? given : JSON.stringify(given);
    const type = field.type === 'number' || field.type === 'integer' ? 'number' : 'text';
    return html`<label>${label}<input type="${type}" name="${name}" value="${value}"${type === 'number' ? html` step="any"` : ''}></label>`;
  });
  return html`<form method="post" action="/jobs/${encodeURIComponent(job.name)}/run" class="${fields.length > 0 || withBudget ? 'filters' : 'inline'}" data-run-form="${job.name}">
<input type="hidden" name="csrf" value="${context.csrf}">
<input type="hidden" name="from" value="${fields.length === 0 && !withBudget ? 'dashboard' : 'job'}">
${inputs}
<label><span>scope <span class="muted">optional</span></span><input type="text" name="scope" value="" placeholder="site=ams1; model=device,interface"></label>
${withBudget ? deleteBudgetFields() : ''}
<label class="inline"><span><input type="checkbox" name="dryRun" value="true" checked> dry run</span></label>
<input type="hidden" name="dryRunField" value="1">
<button type="submit" data-run-button="${job.name}">Run</button>
</form>`;
}

/**
 * The delete budget fields of a form that starts a run: max deletes (a count, a share or both, as
 * core's `parseDeleteBudget` reads them; blank for the job's default) and "allow deletes".
 *
 * @returns the labelled inputs
 */
export function deleteBudgetFields(): Html {
  return html`<label><span>max deletes <span class="muted">per model, optional</span></span><input type="text" name="maxDeletes" value="" placeholder="500 or 25% or 500,25%" data-max-deletes></label>
<label class="inline"><span><input type="checkbox" name="allowDeletes" value="true" data-allow-deletes> allow deletes <span class="muted">(lift the delete guard)</span></span></label>`;
}

/**
 * A table of runs: start, job, status, dry run, duration, diff counts per action (each linking to
 * the run's diff filtered by that action) and sync counts per status (linking to its logs).
 *
 * @param runs - the runs
 * @returns the table
 */
export function runsTable(runs: readonly SyncRecord[]): Html {
  if (runs.length === 0) return html`<p class="muted">No runs.</p>`;
  const rows = runs.map((run) => {
    const statuses = countsByStatus(run.syncCounts);
    const path = `/runs/${encodeURIComponent(run.id)}`;
    const diffCount = (count: number | undefined, action: string): Html | string => countLink(count, `${path}${queryString({ tab: 'diff', action })}`, `${action} in the diff`);
    return html`<tr data-run-id="${run.id}">
<td class="nowrap"><a href="${path}">${formatDate(run.startedAt)}</a></td>
<td><a href="/jobs/${encodeURIComponent(run.job)}">${run.job}</a></td>
<td>${badge(run.status)}</td>
<td>${run.dryRun ? badge('dry', 'dry run') : ''}</td>
<td class="num">${run.endedAt === undefined ? '' : formatDuration(runDuration(run))}</td>
<td class="num">${diffCount(run.summary?.create, 'create')}</td>
<td class="num">${diffCount(run.summary?.update, 'update')}</td>
<td class="num">${diffCount(run.summary?.delete, 'delete')}</td>
<td class="num">${diffCount(run.summary?.noChange, 'none')}</td>
<td><div class="badges">${Object.entries(statuses).map(([status, count]) => html`<a class="badge ${status}" href="${path}${queryString({ tab: 'logs', status })}" title="log entries with status ${status}">${status} ${count}</a>`)}</div></td>
</tr>`;
  });
  return html`<div class="scroll"><table class="runs"><thead><tr><th>Started</th><th>Job</th><th>Status</th><th></th><th class="num">Duration</th><th class="num">Create</th><th class="num">Update</th><th class="num">Delete</th><th class="num">Unchanged</th><th>Sync results</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
