// The history page: every run, paginated, filterable by job, status and dry run.
import type { RunQuery, SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import type { Html } from '../html.js';
import { filterSelect, pager, RUN_STATUS_VALUES } from './format.js';
import { runsTable } from './components.js';
import { layout, type PageContext } from './layout.js';

/**
 * Renders the history page.
 *
 * @param context - the request's context
 * @param jobNames - job names for the filter
 * @param query - the current filters and page
 * @param runs - the page of runs
 * @param total - how many runs match
 * @returns the page
 */
export function historyPage(context: PageContext, jobNames: readonly string[], query: RunQuery & { offset: number; limit: number }, runs: readonly SyncRecord[], total: number): Html {
  const dryRun = query.dryRun === undefined ? undefined : String(query.dryRun);
  const filters = { job: query.job, status: query.status, dryRun };
  return layout(
    context,
    'History',
    html`<h1>History</h1>
<form class="filters" method="get" action="/runs">
${filterSelect('job', 'Job', jobNames, query.job)}
${filterSelect('status', 'Status', RUN_STATUS_VALUES, query.status)}
${filterSelect('dryRun', 'Dry run', ['true', 'false'], dryRun)}
<input type="hidden" name="limit" value="${query.limit}">
<button type="submit" class="secondary">Filter</button>
</form>
${runsTable(runs)}
${pager('/runs', filters, query.offset, query.limit, total)}`,
  );
}
