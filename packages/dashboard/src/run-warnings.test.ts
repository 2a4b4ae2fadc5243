// The run page shows a run's warnings (what went wrong without failing it), escaped.
import { MemoryRecorder, type SyncRecord } from '@ssot/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestClient } from './__fixtures__/client.js';
import { plainJob } from './__fixtures__/jobs.js';
import type { RunningDashboard } from './options.js';
import { startDashboard } from './start-dashboard.js';

const record: SyncRecord = {
  id: '5d0c8a1e-2b3f-4c5d-8e9f-0a1b2c3d4e5f',
  job: 'plain-copy',
  direction: 'data-target',
  source: 'a',
  target: 'b',
  parameters: {},
  dryRun: false,
  status: 'succeeded',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:00:01.000Z',
  steps: [],
  warnings: [{ code: 'RECORDER_UPDATE_FAILED', step: 'calculateDiff', message: 'The record could not be saved (<Invalid string length>).' }],
};

describe('run page warnings', () => {
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    vi.stubEnv('SSOT_DASHBOARD_TOKEN', undefined);
    const history = new MemoryRecorder();
    await history.start(record);
    await history.finish(record);
    dashboard = await startDashboard({ history, jobs: [{ job: plainJob(), provider: '@acme/other' }] });
  });
  afterAll(async () => {
    await dashboard.close();
    vi.unstubAllEnvs();
  });

  it('shows each warning of a run with its code, escaped', async () => {
    const page = await new TestClient(dashboard.url).get(`/runs/${record.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div class="notice" data-run-warning><code>RECORDER_UPDATE_FAILED</code> The record could not be saved (&lt;Invalid string length&gt;).</div>');
  });
});
