import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRecorder, MemoryRecorder } from '@ssot/core';
import type { FlatDiffElement, SyncLogEntry, SyncRecord } from '@ssot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, waitForRun } from './__fixtures__/client.js';
import { BIG_RUN_ID } from './__fixtures__/big-run.js';
import { defaultParams, driftingJob, exportJob, inventoryJob, plainJob, recordBigRun, SECRET } from './__fixtures__/jobs.js';
import type { RunProgress } from './live-runs.js';
import type { RunningDashboard } from './options.js';
import { startDashboard } from './start-dashboard.js';

const TOKEN = 'dashboard-token-for-tests';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('JSON API', () => {
  const history = new MemoryRecorder();
  let dashboard: RunningDashboard;
  let client: TestClient;

  beforeAll(async () => {
    dashboard = await startDashboard({ history, jobs: [{ job: inventoryJob(), provider: '@acme/jobs' }, { job: plainJob(), provider: '@acme/jobs' }], token: TOKEN, defaultParams });
    client = new TestClient(dashboard.url);
  });
  afterAll(async () => {
    await dashboard.close();
  });

  it('binds to loopback on a free port', () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dashboard.port).toBeGreaterThan(0);
  });

  it('lists jobs with parameters, data mappings and redacted configuration information', async () => {
    const { status, body } = await client.json<{ jobs: Record<string, unknown>[]; runsEnabled: boolean }>('/api/jobs');
    expect(status).toBe(200);
    expect(body.runsEnabled).toBe(true);
    expect(body.jobs.map((j) => j.name)).toEqual(['inventory-to-controller', 'plain-copy']);
    const job = body.jobs[0];
    expect(job).toMatchObject({ direction: 'data-target', source: 'inventory', target: 'controller', provider: '@acme/jobs' });
    expect(job?.parameters).toEqual([
      { name: 'url', type: 'string', required: true, secret: false, description: 'Controller URL' },
      { name: 'token', type: 'string', required: true, secret: true, description: 'API token' },
      { name: 'limit', type: 'integer', required: false, secret: false, default: 10 },
      { name: 'verify', type: 'boolean', required: false, secret: false, default: true },
    ]);
    expect(job?.configInformation).toEqual({ 'Controller URL': 'https://controller.example', 'Token (should be redacted)': '[REDACTED]' });
    expect((await client.json('/api/jobs/nope')).status).toBe(404);
  });

  it('refuses to start a run without the bearer token (401), cross-origin (403), or with bad parameters (400)', async () => {
    expect((await client.postJson('/api/jobs/inventory-to-controller/runs', {})).status).toBe(401);
    const wrong = await client.postJson('/api/jobs/inventory-to-controller/runs', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect((await client.postJson('/api/jobs/inventory-to-controller/runs', {}, { ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await client.postJson('/api/jobs/inventory-to-controller/runs', {}, { ...auth, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const bad = await client.postJson('/api/jobs/inventory-to-controller/runs', { params: { url: 'not a url' } }, auth);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/parameter "url"/);
    expect((await client.postJson('/api/jobs/inventory-to-controller/runs', { nope: 1 }, auth)).status).toBe(400);
    // A browser or API caller cannot make the server read its own environment or files through a parameter reference.
    for (const reference of ['file:/etc/hostname', 'env:HOME']) {
      const refused = await client.postJson('/api/jobs/inventory-to-controller/runs', { params: { url: 'https://controller.example', token: reference } }, auth);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.text).error).toMatch(/references are not accepted here/);
    }
    const badScope = await client.postJson('/api/jobs/inventory-to-controller/runs', { params: { url: 'https://controller.example', token: 'tok-3f9a-very-secret' }, scope: ['site'] }, auth);
    expect(badScope.status).toBe(400);
    expect(JSON.parse(badScope.text).error).toMatch(/site/);
    expect((await client.postJson('/api/jobs/missing/runs', {}, auth)).status).toBe(404);
    expect((await history.listRuns()).total).toBe(0);
  });

  let dryId = '';
  let realId = '';

  it('starts a dry run by default and records it in the history', async () => {
    const reply = await client.postJson('/api/jobs/inventory-to-controller/runs', {}, { ...auth, origin: dashboard.url });
    expect(reply.status).toBe(202);
    const started = JSON.parse(reply.text) as { id: string; url: string };
    dryId = started.id;
    expect(started.url).toBe(`/runs/${dryId}`);
    await waitForRun(client, dryId);
    const { body } = await client.json<{ run: SyncRecord; summaryByModel: Record<string, unknown> }>(`/api/runs/${dryId}`);
    expect(body.run).toMatchObject({ id: dryId, job: 'inventory-to-controller', status: 'succeeded', dryRun: true, parameters: { url: 'https://controller.example', token: '[REDACTED]', limit: 10 } });
    expect(body.run.diff).toBeUndefined();
    expect(body.run.summary).toMatchObject({ create: 2, update: 2, delete: 2 });
    expect(Object.keys(body.summaryByModel).sort()).toEqual(['device', 'site']);
    const progress = (await client.json<RunProgress>(`/api/runs/${dryId}/progress`)).body;
    expect(progress.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['loadSource:succeeded', 'loadTarget:succeeded', 'calculateDiff:succeeded', 'executeSync:skipped']);
    expect(progress.steps[0]?.models.site).toEqual({ current: 3, total: 3 });
  });

  it('runs for real when asked, with parameters overriding the defaults, and serves its logs filtered and paged', async () => {
    const reply = await client.postJson('/api/jobs/inventory-to-controller/runs', { dryRun: false, params: { limit: 3 } }, auth);
    realId = (JSON.parse(reply.text) as { id: string }).id;
    await waitForRun(client, realId);
    const run = (await client.json<{ run: SyncRecord }>(`/api/runs/${realId}`)).body.run;
    expect(run).toMatchObject({ status: 'succeeded', dryRun: false, parameters: { limit: 3, token: '[REDACTED]' } });
    const all = (await client.json<{ entries: SyncLogEntry[]; total: number }>(`/api/runs/${realId}/logs`)).body;
    expect(all.total).toBe(6);
    expect(all.entries[0]?.link?.url).toMatch(/^https:\/\/controller\.example\//);
    const creates = (await client.json<{ entries: SyncLogEntry[]; total: number; offset: number; limit: number }>(`/api/runs/${realId}/logs?action=create&limit=2&offset=1`)).body;
    expect(creates).toMatchObject({ total: 2, offset: 1, limit: 2 });
    expect(creates.entries).toHaveLength(1);
    expect(creates.entries.every((e) => e.action === 'create')).toBe(true);
    const devices = (await client.json<{ entries: SyncLogEntry[]; total: number }>(`/api/runs/${realId}/logs?model=device&status=success`)).body;
    expect(devices.total).toBe(3);
    expect((await client.json(`/api/runs/${realId}/logs?status=bogus`)).status).toBe(400);
  });

  it('pages and filters the run list', async () => {
    const plain = await client.postJson('/api/jobs/plain-copy/runs', { dryRun: false }, auth);
    await waitForRun(client, (JSON.parse(plain.text) as { id: string }).id);
    const all = (await client.json<{ runs: SyncRecord[]; total: number }>('/api/runs')).body;
    expect(all.total).toBe(3);
    expect(all.runs.map((r) => r.startedAt)).toEqual([...all.runs.map((r) => r.startedAt)].sort().reverse());
    const page = (await client.json<{ runs: SyncRecord[]; total: number; offset: number; limit: number }>('/api/runs?limit=1&offset=1')).body;
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(page.runs[0]?.id).toBe(all.runs[1]?.id);
    expect((await client.json<{ total: number }>('/api/runs?job=inventory-to-controller')).body.total).toBe(2);
    expect((await client.json<{ runs: SyncRecord[] }>('/api/runs?dryRun=true')).body.runs.map((r) => r.id)).toEqual([dryId]);
    expect((await client.json<{ total: number }>('/api/runs?status=failed')).body.total).toBe(0);
    expect((await client.json('/api/runs?limit=100000')).status).toBe(400);
    expect((await client.json('/api/runs?status=weird')).status).toBe(400);
    expect((await client.json('/api/runs/does-not-exist')).status).toBe(404);
  });

  it('serves a run diff in tree order, filtered by model and action', async () => {
    const all = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${dryId}/diff`)).body;
    expect(all.total).toBe(7);
    expect(all.elements[0]).toMatchObject({ depth: 0 });
    const updates = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${dryId}/diff?action=update`)).body;
    expect(updates.elements.map((e) => `${e.model}:${e.uid}:${(e.changed ?? []).join(',')}`)).toEqual(['device:ams1-sw1:role', 'site:fra1:status']);
    const devices = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${dryId}/diff?model=device&action=create`)).body;
    expect(devices.elements.map((e) => e.uid)).toEqual(['ams1-sw2']);
    expect(devices.elements[0]?.parent).toBe('ams1');
    expect(devices.elements[0]?.path).toEqual([{ model: 'site', uid: 'ams1', shortname: 'ams1' }]);
    expect(all.elements[0]?.path).toEqual([]);
  });

  it('searches a run diff and its logs by unique id or name (q), with the filters and pages', async () => {
    const found = (await client.json<{ elements: FlatDiffElement[]; total: number; offset: number; limit: number }>(`/api/runs/${dryId}/diff?q=%20SW1%20&limit=1`)).body;
    expect(found).toMatchObject({ total: 2, offset: 0, limit: 1 });
    expect(found.elements.map((e) => e.uid)).toEqual(['ams1-sw1']);
    const deletes = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${dryId}/diff?q=sw1&action=delete`)).body;
    expect(deletes.elements.map((e) => [e.uid, e.path])).toEqual([['lon1-sw1', [{ model: 'site', uid: 'lon1', shortname: 'lon1' }]]]);
    const logs = (await client.json<{ entries: SyncLogEntry[]; total: number }>(`/api/runs/${realId}/logs?q=AMS1&model=device`)).body;
    expect(logs.entries.map((e) => e.uid).sort()).toEqual(['ams1-sw1', 'ams1-sw2']);
    expect((await client.json(`/api/runs/${dryId}/diff?q=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await client.json('/api/runs/does-not-exist/diff?q=x')).status).toBe(404);
  });

  it('streams live progress as server-sent events until the run ends', async () => {
    const slow = await startDashboard({ history: new MemoryRecorder(), jobs: [{ job: inventoryJob({ delayMs: 150 }), provider: 'test' }], token: TOKEN, defaultParams });
    try {
      const slowClient = new TestClient(slow.url);
      const reply = await slowClient.postJson('/api/jobs/inventory-to-controller/runs', {}, auth);
      const { id } = JSON.parse(reply.text) as { id: string };
      const response = await fetch(`${slow.url}/api/runs/${id}/events`);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const text = await response.text();
      const events = text
        .split('\n\n')
        .filter((chunk) => chunk.includes('event: progress'))
        .map((chunk) => JSON.parse(chunk.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? '{}') as RunProgress);
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events[0]?.status).toBe('running');
      expect(events.at(-1)).toMatchObject({ id, status: 'succeeded' });
      expect(events.at(-1)?.endedAt).toBeDefined();
    } finally {
      await slow.close();
    }
  });

  it('never puts a secret parameter in any response', () => {
    expect(client.bodies.length).toBeGreaterThan(20);
    for (const body of client.bodies) expect(body).not.toContain(SECRET);
  });

  it('starts a run limited by a scope and records the scope', async () => {
    const reply = await client.postJson('/api/jobs/inventory-to-controller/runs', { scope: ['model=site'] }, auth);
    expect(reply.status).toBe(202);
    const id = (JSON.parse(reply.text) as { id: string }).id;
    await waitForRun(client, id);
    const run = (await client.json<{ run: SyncRecord }>(`/api/runs/${id}`)).body.run;
    expect(run.scope).toEqual(['model=site']);
    expect(run.summary).toMatchObject({ create: 1, update: 1, delete: 1 });
    expect(run.summary?.outOfScope).toBeGreaterThan(0);
    const page = await client.get(`/runs/${id}`);
    expect(page.text).toMatch(/<dt>Scope<\/dt><dd data-run-scope>model=site<\/dd>/);
  });
});

describe('a 100k-element diff', () => {
  const history = new MemoryRecorder();
  let dashboard: RunningDashboard;
  let client: TestClient;

  beforeAll(async () => {
    await recordBigRun(history, { sites: 1000, devices: 9, interfaces: 10 });
    dashboard = await startDashboard({ history, jobs: [{ job: plainJob(), provider: 'test' }] });
    client = new TestClient(dashboard.url);
  }, 60_000);
  afterAll(async () => {
    await dashboard.close();
  });

  it('is paged and searched server side: a page of 50 filtered elements, with correct totals and parent paths', async () => {
    const id = BIG_RUN_ID;
    const all = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${id}/diff?limit=3`)).body;
    expect(all.total).toBe(100_000);
    expect(all.elements.map((e) => e.uid)).toEqual(['site-0000', 'site-0000-sw1', 'site-0000-sw1__Ethernet1']);
    const page = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${id}/diff?model=interface&action=update&offset=3000&limit=50`)).body;
    expect(page.total).toBe(15_000);
    expect(page.elements).toHaveLength(50);
    expect(page.elements[0]).toMatchObject({
      uid: 'site-0200-sw2__Ethernet1',
      action: 'update',
      depth: 2,
      parent: 'site-0200-sw2',
      changed: ['mtu', 'description'],
      path: [
        { model: 'site', uid: 'site-0200', shortname: 'site-0200' },
        { model: 'device', uid: 'site-0200-sw2', shortname: 'site-0200-sw2' },
      ],
    });
    expect(page.elements.every((e) => e.model === 'interface' && e.action === 'update')).toBe(true);
    const found = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${id}/diff?q=site-0500-sw2__ethernet1`)).body;
    expect(found.elements.map((e) => e.shortname)).toEqual(['Ethernet1', 'Ethernet10']);
    const byName = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${id}/diff?model=interface&action=delete&q=Ethernet10&offset=2990&limit=20`)).body;
    expect(byName.total).toBe(3000);
    expect(byName.elements.map((e) => e.uid.replace('__Ethernet10', ''))).toEqual(['site-0996-sw9', 'site-0997-sw3', 'site-0997-sw6', 'site-0997-sw9', 'site-0998-sw3', 'site-0998-sw6', 'site-0998-sw9', 'site-0999-sw3', 'site-0999-sw6', 'site-0999-sw9']);
    const html = await client.get(`/runs/${id.slice(0, 8)}?tab=diff&model=device&action=delete&offset=2990`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('2,991–3,000 of 3,000');
    expect(html.text.match(/<tr class="delete"/g)).toHaveLength(10);
    expect(html.text).toContain('<div class="path" data-path><span><span class="muted">site</span> site-0999</span></div>');
    const run = (await client.json<{ run: SyncRecord }>(`/api/runs/${id}`)).body.run;
    expect(run.diff).toBeUndefined();
  }, 30_000);
});

describe('cancelling', () => {
  it('cancels a run through the API (token needed), and close() cancels what is still running', async () => {
    const history = new MemoryRecorder();
    const dashboard = await startDashboard({ history, jobs: [{ job: inventoryJob({ delayMs: 300 }), provider: 'test' }], token: TOKEN, defaultParams });
    const client = new TestClient(dashboard.url);
    const first = (JSON.parse((await client.postJson('/api/jobs/inventory-to-controller/runs', {}, auth)).text) as { id: string }).id;
    expect((await client.postJson(`/api/runs/${first}/cancel`, {})).status).toBe(401);
    expect((await client.postJson(`/api/runs/${first}/cancel`, {}, auth)).status).toBe(202);
    await waitForRun(client, first);
    expect((await history.getRun(first))?.status).toBe('cancelled');
    expect((await client.postJson(`/api/runs/${first}/cancel`, {}, auth)).status).toBe(409);

    const second = (JSON.parse((await client.postJson('/api/jobs/inventory-to-controller/runs', {}, auth)).text) as { id: string }).id;
    await dashboard.close();
    expect((await history.getRun(second))?.status).toBe('cancelled');
    await expect(fetch(dashboard.url)).rejects.toThrow();
  });
});

describe('runs started elsewhere', () => {
  it('follows a running record from the history in the event stream and the run page', async () => {
    const history = new MemoryRecorder();
    const dashboard = await startDashboard({ history, jobs: [{ job: plainJob(), provider: 'test' }] });
    try {
      const record: SyncRecord = { id: 'ext-run', job: 'plain-copy', direction: 'data-source', source: 'files', target: 'inventory', parameters: {}, dryRun: false, status: 'running', startedAt: new Date().toISOString(), steps: [] };
      await history.start(record);
      const client = new TestClient(dashboard.url);
      expect((await client.get('/runs/ext-run')).text).toContain('data-live-run data-events="/api/runs/ext-run/events"');
      const events = fetch(`${dashboard.url}/api/runs/ext-run/events`).then((response) => response.text());
      await new Promise((resolve) => setTimeout(resolve, 300));
      await history.update({ ...record, steps: [{ name: 'loadSource', status: 'succeeded', startedAt: record.startedAt, durationMs: 5 }] });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await history.finish({ ...record, status: 'succeeded', endedAt: new Date().toISOString(), steps: [{ name: 'loadSource', status: 'succeeded', startedAt: record.startedAt, durationMs: 5 }] });
      const text = await events;
      const statuses = [...text.matchAll(/"status":"(\w+)","dryRun"/g)].map((m) => m[1]);
      expect(statuses[0]).toBe('running');
      expect(statuses.at(-1)).toBe('succeeded');
      expect(text).toContain('"name":"loadSource","status":"succeeded"');
      expect((await client.get('/runs/ext-run')).text).not.toContain('data-live-run');
    } finally {
      await dashboard.close();
    }
  });

});

describe('with a FileRecorder', () => {
  it('records runs started from the dashboard in files and reads them back paged', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ssot-dashboard-runs-'));
    const dashboard = await startDashboard({ history: new FileRecorder({ directory }), jobs: [{ job: inventoryJob(), provider: 'test' }], token: TOKEN, defaultParams });
    try {
      const client = new TestClient(dashboard.url);
      const { id } = JSON.parse((await client.postJson('/api/jobs/inventory-to-controller/runs', { dryRun: false }, auth)).text) as { id: string };
      await waitForRun(client, id);
      const reread = new FileRecorder({ directory });
      expect((await reread.getRun(id))?.status).toBe('succeeded');
      expect((await client.json<{ total: number }>('/api/runs')).body.total).toBe(1);
      const deletes = (await client.json<{ elements: FlatDiffElement[]; total: number }>(`/api/runs/${id.slice(0, 8)}/diff?action=delete&limit=1&offset=1`)).body;
      expect(deletes.total).toBe(2);
      expect(deletes.elements.map((e) => e.uid)).toEqual(['lon1-sw1']);
      expect((await client.json<{ total: number }>(`/api/runs/${id}/logs?status=success`)).body.total).toBe(6);
      expect((await client.get(`/runs/${id}?tab=logs`)).text.match(/<tr class="(create|update|delete)"/g)).toHaveLength(6);
      for (const body of client.bodies) expect(body).not.toContain(SECRET);
    } finally {
      await dashboard.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('safe by default through the API', () => {
  const history = new MemoryRecorder();
  const drifting = driftingJob();
  let dashboard: RunningDashboard;
  let client: TestClient;

  beforeAll(async () => {
    dashboard = await startDashboard({
      history,
      jobs: [
        { job: inventoryJob(), provider: '@acme/jobs' },
        { job: exportJob(), provider: '@acme/jobs' },
        { job: drifting.job, provider: '@acme/jobs' },
      ],
      token: TOKEN,
      defaultParams,
    });
    client = new TestClient(dashboard.url);
  });
  afterAll(async () => {
    await dashboard.close();
  });

  /** Posts to the API, expects 202, and returns the new run's record once it has ended. */
  const started = async (path: string, body: unknown): Promise<SyncRecord> => {
    const reply = await client.postJson(path, body, auth);
    expect(reply.status, reply.text).toBe(202);
    const id = (JSON.parse(reply.text) as { id: string }).id;
    await waitForRun(client, id);
    return (await client.json<{ run: SyncRecord }>(`/api/runs/${id}`)).body.run;
  };
  const refusal = async (path: string, body: unknown, status = 400): Promise<string> => {
    const reply = await client.postJson(path, body, auth);
    expect(reply.status, reply.text).toBe(status);
    return (JSON.parse(reply.text) as { error: string }).error;
  };

  it('refuses a misspelt parameter name with a did-you-mean, and a delete budget that does not parse; nothing runs', async () => {
    expect(await refusal('/api/jobs/inventory-to-controller/runs', { params: { tokn: 'abcdefgh' } })).toBe(
      'Job "inventory-to-controller": parameter "tokn" is not a parameter of this job: did you mean "token"?',
    );
    expect(await refusal('/api/jobs/inventory-to-controller/runs', { maxDeletes: '10%%' })).toMatch(/^Invalid delete budget "10%%"/);
    expect(await refusal('/api/jobs/inventory-to-controller/runs', { maxDeletes: -1 })).toMatch(/Invalid body/);
    expect(await refusal('/api/jobs/inventory-to-controller/runs', { allowDeletes: 'yes' })).toMatch(/Invalid body/);
    expect((await history.listRuns()).total).toBe(0);
  });

  let planId = '';

  it('blocks a run over its delete budget (status blocked, filterable) and flags a dry run over it', async () => {
    const blocked = await started('/api/jobs/inventory-to-controller/runs', { dryRun: false, maxDeletes: 0 });
    expect(blocked).toMatchObject({ status: 'blocked', error: { code: 'DELETE_GUARD' }, deleteGuard: { budget: '0' } });
    expect(blocked.deleteGuard?.violations.map((v) => v.model).sort()).toEqual(['device', 'site']);
    const list = (await client.json<{ runs: SyncRecord[]; total: number }>('/api/runs?status=blocked')).body;
    expect(list.total).toBe(1);
    expect(list.runs[0]?.id).toBe(blocked.id);
    expect((await client.json('/api/runs?status=bogus')).status).toBe(400);
    const progress = (await client.json<RunProgress>(`/api/runs/${blocked.id}/progress`)).body;
    expect(progress.status).toBe('blocked');

    const plan = await started('/api/jobs/inventory-to-controller/runs', { maxDeletes: '0,10%' });
    expect(plan).toMatchObject({ status: 'succeeded', dryRun: true, deleteGuard: { budget: '0,10%' } });
    expect(plan.warnings?.map((w) => w.code)).toContain('DELETE_GUARD');
    planId = plan.id;
  });

  it('applies a plan (POST /api/runs/:id/apply): blocked again under a budget, applied with allowDeletes', async () => {
    const underBudget = await started(`/api/runs/${planId}/apply`, { maxDeletes: '0' });
    expect(underBudget).toMatchObject({ status: 'blocked', plan: planId, dryRun: false, error: { code: 'DELETE_GUARD' } });
    const reply = await client.postJson(`/api/runs/${planId.slice(0, 8)}/apply`, { allowDeletes: true }, { ...auth, origin: dashboard.url });
    expect(reply.status).toBe(202);
    const body = JSON.parse(reply.text) as { id: string; url: string; plan: string };
    expect(body.plan).toBe(planId);
    expect(body.url).toBe(`/runs/${body.id}`);
    await waitForRun(client, body.id);
    const applied = (await client.json<{ run: SyncRecord }>(`/api/runs/${body.id}`)).body.run;
    expect(applied).toMatchObject({ status: 'succeeded', plan: planId, deleteGuard: { budget: 'off' }, parameters: { token: '[REDACTED]' } });
    const progress = (await client.json<RunProgress>(`/api/runs/${body.id}/progress`)).body;
    expect(progress.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['loadTarget:succeeded', 'checkPlan:succeeded', 'executeSync:succeeded']);
  });

  it('refuses to apply what is not a plan, unknown or misspelt parameters, bad bodies and budgets, without the token or cross-origin; nothing runs', async () => {
    const before = (await history.listRuns()).total;
    const [real] = (await history.listRuns({ dryRun: false, limit: 1 })).runs;
    expect(await refusal(`/api/runs/${real!.id}/apply`, { allowDeletes: true })).toMatch(/cannot be applied as a plan/);
    expect(await refusal(`/api/runs/${planId}/apply`, { params: { tokenn: 'abcdefgh' } })).toMatch(/parameter "tokenn" is not a parameter of this job: did you mean "token"\?/);
    expect(await refusal(`/api/runs/${planId}/apply`, { maxDeletes: 'many' })).toMatch(/^Invalid delete budget/);
    expect(await refusal(`/api/runs/${planId}/apply`, { dryRun: true })).toMatch(/Invalid body/);
    expect(await refusal(`/api/runs/${planId}/apply`, { skipDrifted: 1 })).toMatch(/Invalid body/);
    const notJson = await client.send(`/api/runs/${planId}/apply`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json', ...auth } });
    expect(notJson.status).toBe(400);
    expect(await refusal('/api/runs/no-such-run/apply', {}, 404)).toBe('No such run.');
    expect((await client.postJson(`/api/runs/${planId}/apply`, { allowDeletes: true })).status).toBe(401);
    expect((await client.postJson(`/api/runs/${planId}/apply`, { allowDeletes: true }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await client.postJson(`/api/runs/${planId}/apply`, { allowDeletes: true }, { ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await client.postJson(`/api/runs/${planId}/apply`, { allowDeletes: true }, { ...auth, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await history.listRuns()).total).toBe(before);
  });

  it('asks for a secret the plan did not keep, in "params"', async () => {
    const plan = await started('/api/jobs/device-export/runs', { params: { exportUrl: 'https://export.example', apiKey: 'typed-in-key' } });
    expect(plan.parameters.apiKey).toBe('[REDACTED]');
    expect(await refusal(`/api/runs/${plan.id}/apply`, {})).toMatch(/parameter "apiKey" was not kept by the plan/);
    expect(await started(`/api/runs/${plan.id}/apply`, { params: { apiKey: 'typed-in-key' } })).toMatchObject({ status: 'succeeded', plan: plan.id });
  });

  it('blocks a plan whose target drifted and applies the rest with skipDrifted; the drifted elements are logged', async () => {
    drifting.target.fra1 = 'retired';
    const plan = await started('/api/jobs/drifting-sites/runs', {});
    drifting.target.fra1 = 'active';
    const blocked = await started(`/api/runs/${plan.id}/apply`, {});
    expect(blocked).toMatchObject({ status: 'blocked', error: { code: 'PLAN_DRIFTED' } });
    expect(blocked.drifted?.[0]).toMatchObject({ model: 'site', uid: 'fra1', action: 'update' });
    const partial = await started(`/api/runs/${plan.id}/apply`, { skipDrifted: true });
    expect(partial.status).toBe('succeeded');
    const drifted = (await client.json<{ entries: SyncLogEntry[]; total: number }>(`/api/runs/${partial.id}/logs?status=drifted`)).body;
    expect(drifted.total).toBe(1);
    expect(drifted.entries[0]).toMatchObject({ uid: 'fra1', status: 'drifted' });
    for (const body of client.bodies) expect(body).not.toContain(SECRET);
  });
});
