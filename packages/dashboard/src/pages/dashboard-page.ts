// The dashboard page: every installed job with its recent runs and a Run button, and the latest runs.
import type { SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { Html } from '../html.js';
import type { InstalledJob } from '../state.js';
import { runForm, runsTable } from './components.js';
import { runBadge } from './format.js';
import { layout, runsDisabledNotice, type PageContext } from './layout.js';

/** A job with its most recent runs. */
export interface JobWithRuns extends InstalledJob {
  /** Its most recent runs, newest first. */
  recent: readonly SyncRecord[];
}

/**
 * Renders the dashboard.
 *
 * @param context - the request's context
 * @param jobs - the jobs with their recent runs
 * @param latest - the latest runs of every job
 * @param notice - a message to show (a run that could not start)
 * @returns the page
 */
export function dashboardPage(context: PageContext, jobs: readonly JobWithRuns[], latest: readonly SyncRecord[], notice?: string): Html {
  const rows = jobs.map(
    ({ job, provider, recent }) => html`<tr data-job="${job.name}">
<td><a href="/jobs/${encodeURIComponent(job.name)}"><strong>${job.name}</strong></a><div class="muted">${job.description ?? ''}</div></td>
<td>${job.direction}</td>
<td>${job.source} → ${job.target}</td>
<td class="muted">${provider}</td>
<td><div class="badges">${recent.map(runBadge)}</div></td>
<td>${runForm(context, job)}</td>
</tr>`,
  );
  return layout(
    context,
    'Dashboard',
    html`<h1>Jobs</h1>
${notice === undefined ? '' : html`<div class="notice error" data-notice>${notice}</div>`}
${context.runsEnabled ? '' : runsDisabledNotice()}
${jobs.length === 0 ? html`<p class="muted">No jobs are installed.</p>` : html`<table class="jobs"><thead><tr><th>Job</th><th>Direction</th><th>Source → target</th><th>Provider</th><th>Recent runs</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>Latest runs</h2>
${runsTable(latest)}
<p><a href="/runs">All runs →</a></p>`,
  );
}
