// One benchmark sample in a fresh process: opens a 100 000-element run in the dashboard (FileRecorder history) and times each page.
import { FileRecorder } from '@ssot/core';
import { BIG_RUN_ID } from '../src/__fixtures__/big-run.js';
import { plainJob } from '../src/__fixtures__/jobs.js';
import { startDashboard } from '../src/start-dashboard.js';
import { ensureRunsDirectory } from './dataset.js';

const { directory, diffBytes } = await ensureRunsDirectory();
const dashboard = await startDashboard({ history: new FileRecorder({ directory }), jobs: [{ job: plainJob(), provider: 'bench' }] });

async function timed(path: string, expect: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(dashboard.url + path);
  const text = await response.text();
  const ms = Math.round((performance.now() - start) * 10) / 10;
  if (response.status !== 200 || !text.includes(expect)) throw new Error(`GET ${path}: status ${response.status}, "${expect}" not in the response`);
  return ms;
}

try {
  // Not timed: the server's first request.
  await timed('/', 'plain-copy');
  const run = `/runs/${BIG_RUN_ID}`;
  const sample = {
    bench: 'dashboard-open-run',
    elements: 100_000,
    diffFileMB: Math.round(diffBytes / 1e5) / 10,
    // The run page as a user first opens it, then again.
    openRunMs: await timed(run, 'data-summary'),
    openRunAgainMs: await timed(run, 'data-summary'),
    // The diff tab filtered by model and action: first (reads the diff), then the next page.
    filteredDiffMs: await timed(`${run}?tab=diff&model=interface&action=update&offset=1000`, '1,001–1,100 of 15,000'),
    filteredDiffNextPageMs: await timed(`${run}?tab=diff&model=interface&action=update&offset=1100`, '1,101–1,200 of 15,000'),
    // A search by id or name in the same run.
    searchedDiffMs: await timed(`${run}?tab=diff&q=site-0500-sw2`, '1–11 of 11'),
    // The JSON API's filtered page.
    apiDiffMs: await timed(`/api/runs/${BIG_RUN_ID}/diff?model=interface&action=update&offset=2000&limit=100`, '"total":15000'),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    node: process.version,
  };
  console.log(JSON.stringify(sample));
} finally {
  await dashboard.close();
}
