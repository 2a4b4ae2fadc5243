// The job page: description, parameters, configuration, data mappings, a run form and the job's history.
import type { SyncRecord } from '@ssot/core';
import { html } from 'hono/html';
import { safeUrl, type Html } from '../html.js';
import type { InstalledJob } from '../state.js';
import type { ParameterInfo } from '@ssot/core';
import { runForm, runsTable } from './components.js';
import { pager } from './format.js';
import { layout, runsDisabledNotice, type PageContext } from './layout.js';

/** What the job page shows. */
export interface JobPageData {
  /** The job. */
  job: InstalledJob;
  /** Its parameters. */
  parameters: readonly ParameterInfo[];
  /** Its default parameters (only non-secret values are shown). */
  defaults: Record<string, unknown>;
  /** Its configuration facts. */
  config: Record<string, string>;
  /** Required parameters without a default value: the configuration shows `‹name›` in their place. */
  placeholders: readonly string[];
  /** A page of its runs. */
  runs: readonly SyncRecord[];
  /** How many runs it has. */
  total: number;
  /** The page's offset. */
  offset: number;
  /** The page size. */
  limit: number;
  /** A message to show (a run that could not start). */
  notice?: string;
}

function link(text: string, url: string | undefined): Html {
  const href = safeUrl(url);
  return href === undefined ? html`${text}` : html`<a href="${href}" rel="noreferrer noopener" target="_blank">${text}</a>`;
}

/**
 * Renders a job's page.
 *
 * @param context - the request's context
 * @param data - the job and its runs
 * @returns the page
 */
export function jobPage(context: PageContext, data: JobPageData): Html {
  const { job, provider } = data.job;
  const parameterRows = data.parameters.map(
    (p) => html`<tr><td><code>${p.name}</code></td><td>${p.type}</td><td>${p.required ? 'yes' : ''}</td><td>${p.secret ? html`<span class="badge warn">secret</span>` : ''}</td><td>${p.secret || p.default === undefined ? '' : html`<code>${JSON.stringify(p.default)}</code>`}</td><td>${p.description ?? ''}</td></tr>`,
  );
  const mappings = (job.dataMappings ?? []).map((m) => html`<tr><td>${link(m.source, m.sourceUrl)}</td><td>→</td><td>${link(m.target, m.targetUrl)}</td></tr>`);
  const config = Object.entries(data.config).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`);
  const placeholderNote =
    data.placeholders.length === 0 || config.length === 0
      ? ''
      : html`<p class="muted" data-placeholders>${data.placeholders.map((name, i) => html`${i > 0 ? ', ' : ''}<code>‹${name}›</code>`)}: required parameter${data.placeholders.length > 1 ? 's' : ''} without a configured value; a run takes ${data.placeholders.length > 1 ? 'them' : 'it'} from the run form below.</p>`;
  return layout(
    context,
    job.name,
    html`<h1>${job.name}</h1>
${data.notice === undefined ? '' : html`<div class="notice error" data-notice>${data.notice}</div>`}
<div class="grid">
<div class="card"><dl class="facts"><dt>Description</dt><dd>${job.description ?? ''}</dd><dt>Direction</dt><dd>${job.direction}</dd><dt>Source → target</dt><dd>${job.source} → ${job.target}</dd><dt>Provider</dt><dd>${provider}</dd></dl></div>
<div class="card" data-configuration><h2>Configuration</h2>${config.length === 0 ? html`<p class="muted">No configuration information.</p>` : html`<dl class="facts">${config}</dl>${placeholderNote}`}</div>
</div>
<h2>Parameters</h2>
${parameterRows.length === 0 ? html`<p class="muted">No parameters.</p>` : html`<div class="scroll"><table><thead><tr><th>Name</th><th>Type</th><th>Required</th><th>Secret</th><th>Default</th><th>Description</th></tr></thead><tbody>${parameterRows}</tbody></table></div>`}
<h2>Data mappings</h2>
${mappings.length === 0 ? html`<p class="muted">No data mappings.</p>` : html`<table><thead><tr><th>Source</th><th></th><th>Target</th></tr></thead><tbody>${mappings}</tbody></table>`}
<h2>Run</h2>
${context.runsEnabled ? '' : runsDisabledNotice()}
<div class="card">${runForm(context, job, data.parameters, data.defaults, true)}</div>
<h2>History</h2>
${runsTable(data.runs)}
${pager(`/jobs/${encodeURIComponent(job.name)}`, {}, data.offset, data.limit, data.total)}`,
  );
}
