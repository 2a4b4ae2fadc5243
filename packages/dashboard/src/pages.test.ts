import { MemoryRecorder, runJob } from '@ssot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWithHost, TestClient, waitForRun } from './__fixtures__/client.js';
import { checkedJob, defaultParams, driftingJob, exportJob, inventoryJob, plainJob, SECRET, XSS } from './__fixtures__/jobs.js';
import type { RunningDashboard } from './options.js';
import { startDashboard } from './start-dashboard.js';

const TOKEN = 'page-token-for-tests';
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const jobs = [
  { job: inventoryJob(), provider: '@acme/jobs' },
  { job: plainJob(), provider: '@acme/other' },
  { job: exportJob(), provider: '@acme/other' },
];

describe('pages with a token', () => {
  const history = new MemoryRecorder();
  let dashboard: RunningDashboard;
  let client: TestClient;

  beforeAll(async () => {
    dashboard = await startDashboard({ history, jobs, token: TOKEN, defaultParams });
    client = new TestClient(dashboard.url);
  });
  afterAll(async () => {
    await dashboard.close();
  });

  it('renders the dashboard with every job, escaped, and security headers', async () => {
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Errors and assets get them too.
    const missing = await client.get('/nothing');
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(missing.headers.get('x-frame-options')).toBe('DENY');
    const css = await client.get('/assets/app.css');
    expect(css.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(css.headers.get('cache-control')).toBe('public, max-age=300');
    expect(page.text).toContain('data-job="inventory-to-controller"');
    expect(page.text).toContain('inventory → controller');
    expect(page.text).toContain('Pushes sites and devices from the inventory to the &lt;b&gt;controller&lt;/b&gt;.');
    expect(page.text).not.toContain('<b>controller</b>');
    expect(page.text).toContain('Log in to run');
    expect(page.text).not.toContain('data-runs-disabled');
  });

  it('serves the assets with the right types', async () => {
    expect((await client.get('/assets/app.css')).headers.get('content-type')).toContain('text/css');
    const js = await client.get('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.text).toContain('EventSource');
  });

  it('refuses a wrong token (401) and a login without the form token (403)', async () => {
    const anonymous = new TestClient(dashboard.url);
    expect((await anonymous.postForm('/login', { token: TOKEN })).status).toBe(403);
    const login = await anonymous.get('/login');
    expect((await anonymous.postForm('/login', { csrf: TestClient.csrfOf(login.text), token: 'wrong' })).status).toBe(401);
    expect(anonymous.cookie).toBeUndefined();
    expect((await anonymous.postForm('/login', { csrf: TestClient.csrfOf(login.text), token: TOKEN }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(anonymous.cookie).toBeUndefined();
  });

  it('guards the run form: session (401), CSRF token (403), origin (403)', async () => {
    const anonymous = new TestClient(dashboard.url);
    const csrfWithoutSession = TestClient.csrfOf((await anonymous.get('/login')).text);
    expect((await anonymous.postForm('/jobs/inventory-to-controller/run', { csrf: csrfWithoutSession })).status).toBe(401);
    // A forged session cookie is no session.
    anonymous.cookie = 'ssot_session=abc.def';
    expect((await anonymous.postForm('/jobs/inventory-to-controller/run', { csrf: csrfWithoutSession })).status).toBe(401);

    const reply = await client.login(TOKEN);
    expect(reply.status).toBe(303);
    expect(reply.headers.get('set-cookie')).toMatch(/ssot_session=.+; Path=\/; HttpOnly; SameSite=Strict/);
    const dashboardPage = await client.get('/');
    const csrf = TestClient.csrfOf(dashboardPage.text);
    expect(dashboardPage.text).toContain('data-run-button="inventory-to-controller"');
    expect((await client.postForm('/jobs/inventory-to-controller/run', {})).status).toBe(403);
    expect((await client.postForm('/jobs/inventory-to-controller/run', { csrf: csrfWithoutSession })).status).toBe(403);
    expect((await client.postForm('/jobs/inventory-to-controller/run', { csrf }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await client.postForm('/jobs/inventory-to-controller/run', { csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await history.listRuns()).total).toBe(0);
  });

  let runId = '';

  it('starts a dry run from the dashboard button and shows its detail, escaped', async () => {
    const csrf = TestClient.csrfOf((await client.get('/')).text);
    const reply = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'dashboard' }, { origin: dashboard.url });
    expect(reply.status).toBe(303);
    const location = reply.headers.get('location') ?? '';
    expect(location).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    runId = location.slice('/runs/'.length);
    await waitForRun(client, runId);
    const run = (await history.getRun(runId))!;
    expect(run.dryRun).toBe(true);

    const page = await client.get(location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('class="badge succeeded"');
    expect(page.text).toContain('<svg class="chart memory"');
    expect(page.text).toContain('data-step="executeSync"');
    expect(page.text).toContain('[REDACTED]');

    const diff = await client.get(`${location}?tab=diff`);
    expect(diff.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(diff.text).not.toContain(XSS);
    expect(diff.text).not.toContain('<script>alert');
    const filtered = await client.get(`${location}?tab=diff&model=device&action=update`);
    expect(filtered.text.match(/<tr class="update"/g)).toHaveLength(1);
    expect(filtered.text).toContain('data-uid="ams1-sw1"');
    expect(filtered.text).toContain('<td class="old">access</td><td class="new">core</td>');
    expect(filtered.text).toContain('<a href="https://controller.example/device/ams1-sw1" rel="noreferrer noopener" target="_blank" title="device ams1-sw1"><strong>ams1-sw1</strong></a>');
    expect(filtered.headers.get('cache-control')).toBe('no-store');
    expect((await client.get(`${location}?tab=diff&action=weird`)).status).toBe(400);
  });

  it('links the counts of a run to its filtered diff, and shows changed fields highlighted and each element\'s parents', async () => {
    const overview = await client.get(`/runs/${runId}`);
    const href = `/runs/${runId}?tab=diff&amp;model=device&amp;action=update`;
    expect(overview.text).toContain(`<a class="count" href="${href}" title="Update: device">1</a>`);
    expect(overview.text).toContain(`href="/runs/${runId}?tab=diff&amp;action=create" title="Create: every model">2</a>`);
    expect(overview.text).toContain(`<a href="/runs/${runId}?tab=diff&amp;model=site">site</a>`);
    const history = await client.get('/runs');
    expect(history.text).toContain(`href="/runs/${runId}?tab=diff&amp;action=delete"`);

    const filtered = await client.get(href.replaceAll('&amp;', '&'));
    expect(filtered.text.match(/<tr class="update"/g)).toHaveLength(1);
    // Every attribute of an update, the changed one highlighted with both sides.
    expect(filtered.text).toContain('<tr class="changed"><td><code>role</code></td><td class="old">access</td><td class="new">core</td></tr>');
    expect(filtered.text).toContain('<tr class="same"><td><code>site</code></td><td colspan="2">ams1</td></tr>');
    expect(filtered.text).toContain('<div class="path" data-path><span><span class="muted">site</span> ams1</span></div>');
  });

  it('searches the diff by unique id or name, case-insensitive, paged on the server', async () => {
    const found = await client.get(`/runs/${runId}?tab=diff&q=SW1`);
    expect([...found.text.matchAll(/<tr class="\w+" data-uid="([^"]+)"/g)].map((m) => m[1])).toEqual(['ams1-sw1', 'lon1-sw1']);
    expect(found.text).toContain('ams1-<mark>sw1</mark>');
    expect(found.text).toContain('value="SW1"');
    expect(found.text).toContain('1–2 of 2');
    const page = await client.get(`/runs/${runId}?tab=diff&q=sw1&limit=1&offset=1`);
    expect(page.text).toContain('data-uid="lon1-sw1"');
    expect(page.text).toContain('href="/runs/' + runId + '?tab=diff&amp;q=sw1&amp;offset=0&amp;limit=1" rel="prev"');
    const none = await client.get(`/runs/${runId}?tab=diff&q=${encodeURIComponent('<nothing>')}`);
    expect(none.text).toContain('No diff elements match.');
    expect(none.text).toContain('value="&lt;nothing&gt;"');
    expect((await client.get(`/runs/${runId}?tab=diff&q=${'x'.repeat(201)}`)).status).toBe(400);
  });

  it('runs for real from the job page form with per-field parameters, and shows its logs with links', async () => {
    const jobPage = await client.get('/jobs/inventory-to-controller');
    expect(jobPage.text).toContain('type="password" name="param.token"');
    expect(jobPage.text).toContain('value="https://controller.example"');
    expect(jobPage.text).toContain('<dt>Token (should be redacted)</dt><dd>[REDACTED]</dd>');
    expect(jobPage.text).toContain('href="https://controller.example/docs/location"');
    expect(jobPage.text).not.toContain('javascript:alert');
    const csrf = TestClient.csrfOf(jobPage.text);
    const bad = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'job', 'param.url': 'nope', dryRunField: '1', dryRun: 'true' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('parameter &quot;url&quot;');
    const reply = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'job', 'param.url': 'https://controller.example', 'param.token': '', 'param.limit': '4', 'param.verify': 'false', dryRunField: '1' });
    expect(reply.status).toBe(303);
    const id = (reply.headers.get('location') ?? '').slice('/runs/'.length);
    await waitForRun(client, id);
    const run = (await history.getRun(id))!;
    expect(run).toMatchObject({ dryRun: false, status: 'succeeded', parameters: { limit: 4, verify: false, token: '[REDACTED]' } });
    const logs = await client.get(`/runs/${id}?tab=logs&action=create`);
    expect(logs.text.match(/<tr class="create"/g)).toHaveLength(2);
    // Sync counts link to the logs they count; the logs search by unique id or link label.
    const overview = await client.get(`/runs/${id}`);
    expect(overview.text).toContain(`href="/runs/${id}?tab=logs&amp;action=delete&amp;status=success" title="delete success">2</a>`);
    const byId = await client.get(`/runs/${id}?tab=logs&q=lon1`);
    expect([...byId.text.matchAll(/<tr class="delete" data-uid="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['lon1', 'lon1-sw1']);
    const byLabel = await client.get(`/runs/${id}?tab=logs&q=${encodeURIComponent('device ams1')}`);
    expect([...byLabel.text.matchAll(/data-uid="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['ams1-sw1', 'ams1-sw2']);
    expect(byLabel.text).toContain('<mark>device ams1</mark>-sw1');
    expect(byLabel.text).toContain('<code class="changed-field">role</code>');
    expect(logs.text).toContain('href="https://controller.example/site/%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E"');
    expect(logs.text).not.toContain(XSS);
    const history2 = await client.get('/runs?job=inventory-to-controller&dryRun=false');
    expect(history2.text.match(/<tr data-run-id=/g)).toHaveLength(1);
    expect(history2.text).toContain('success 6');
  });

  it('pages the history', async () => {
    const first = await client.get('/runs?limit=1');
    expect(first.text.match(/<tr data-run-id=/g)).toHaveLength(1);
    expect(first.text).toContain('1–1 of 2');
    expect(first.text).toContain('href="/runs?offset=1&amp;limit=1"');
    const second = await client.get('/runs?limit=1&offset=1');
    expect(second.text).toContain(`data-run-id="${runId}"`);
    expect((await client.get('/runs?status=nope')).status).toBe(400);
  });

  it('only redirects to local paths after logging in', async () => {
    const other = new TestClient(dashboard.url);
    const login = await other.get('/login?next=//evil.example/x');
    expect(login.text).toContain('name="next" value="/"');
    const reply = await other.postForm('/login', { csrf: TestClient.csrfOf(login.text), token: TOKEN, next: '//evil.example/x' });
    expect(reply.headers.get('location')).toBe('/');
    const local = await other.postForm('/login', { csrf: TestClient.csrfOf(login.text), token: TOKEN, next: '/runs?job=x' });
    expect(local.headers.get('location')).toBe('/runs?job=x');
  });

  it('logs out with the form token only', async () => {
    const page = await client.get('/');
    expect((await client.postForm('/logout', { csrf: 'x' })).status).toBe(403);
    expect((await client.postForm('/logout', { csrf: TestClient.csrfOf(page.text) })).status).toBe(303);
    expect(client.cookie).toBeUndefined();
  });

  it('answers only to loopback host names (DNS rebinding)', async () => {
    const refused = await getWithHost(`${dashboard.url}/`, 'evil.example');
    expect(refused.status).toBe(421);
    expect(refused.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await getWithHost(`${dashboard.url}/api/jobs`, 'evil.example:80')).status).toBe(421);
    expect((await getWithHost(`${dashboard.url}/`, `localhost:${dashboard.port}`)).status).toBe(200);
  });

  it('has 404 pages', async () => {
    expect((await client.get('/jobs/nope')).status).toBe(404);
    expect((await client.get('/runs/nope')).status).toBe(404);
    expect((await client.get('/nothing')).status).toBe(404);
    expect((await client.get('/api/runs/nope/diff')).status).toBe(404);
    expect((await client.get('/api/runs/nope/logs')).status).toBe(404);
  });

  it('shows the configuration of a job with a required parameter that has no default', async () => {
    const page = await client.get('/jobs/device-export');
    const panel = /<div class="card" data-configuration>(.*?)<\/div>/s.exec(page.text)?.[1] ?? '';
    expect(panel).not.toContain('No configuration information.');
    expect(panel).toContain('<dt>Devices endpoint</dt><dd>‹exportUrl›/devices</dd>');
    expect(panel).toContain('<dt>Batch size</dt><dd>500</dd>');
    expect(panel).toContain('<dt>API key</dt><dd>[REDACTED]</dd>');
    expect(panel).toContain('data-placeholders');
    const api = await client.json<{ configInformation: Record<string, string> }>('/api/jobs/device-export');
    expect(api.body.configInformation).toEqual({ 'Devices endpoint': '‹exportUrl›/devices', 'Batch size': '500', 'API key': '[REDACTED]' });
  });

  it('never renders a secret parameter', () => {
    for (const body of client.bodies) expect(body).not.toContain(SECRET);
  });
});

describe('pages without a token', () => {
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    delete process.env.SSOT_DASHBOARD_TOKEN;
    dashboard = await startDashboard({ history: new MemoryRecorder(), jobs, defaultParams });
  });
  afterAll(async () => {
    await dashboard.close();
  });

  it('is read-only and says how to enable runs', async () => {
    const client = new TestClient(dashboard.url);
    const page = await client.get('/');
    expect(page.text).toContain('data-runs-disabled');
    expect(page.text).toContain('SSOT_DASHBOARD_TOKEN');
    expect(page.text).toContain('<button type="button" disabled');
    const login = await client.get('/login');
    expect((await client.postForm('/login', { csrf: TestClient.csrfOf(login.text), token: '' })).status).toBe(403);
    expect((await client.postForm('/jobs/plain-copy/run', { csrf: 'x' })).status).toBe(403);
    expect((await client.postJson('/api/jobs/plain-copy/runs', {}, { authorization: 'Bearer ' })).status).toBe(403);
    expect((await client.json<{ runsEnabled: boolean }>('/api/jobs')).body.runsEnabled).toBe(false);
  });

  it('says on the dashboard when a run cannot start because a parameter is missing', async () => {
    const noDefaults = await startDashboard({ history: new MemoryRecorder(), jobs, token: 't0ken' });
    try {
      const client = new TestClient(noDefaults.url);
      await client.login('t0ken');
      const csrf = TestClient.csrfOf((await client.get('/')).text);
      const reply = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'dashboard' });
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('data-notice');
      expect(reply.text).toMatch(/parameter &quot;url&quot;.*Set it on the job&#39;s page\./);
      // Without default parameters the job's configuration still shows, required values as placeholders.
      const jobPage = await client.get('/jobs/inventory-to-controller');
      expect(jobPage.text).toContain('<dt>Controller URL</dt><dd>‹url›</dd>');
      expect(jobPage.text).toContain('<dt>Token (should be redacted)</dt><dd>[REDACTED]</dd>');
    } finally {
      await noDefaults.close();
    }
  });

  it('takes the token from SSOT_DASHBOARD_TOKEN', async () => {
    process.env.SSOT_DASHBOARD_TOKEN = 'from-env';
    const fromEnv = await startDashboard({ history: new MemoryRecorder(), jobs });
    try {
      const client = new TestClient(fromEnv.url);
      const reply = await client.postJson('/api/jobs/plain-copy/runs', {}, { authorization: 'Bearer from-env' });
      expect(reply.status).toBe(202);
    } finally {
      delete process.env.SSOT_DASHBOARD_TOKEN;
      await fromEnv.close();
    }
  });
});

describe('safe by default: delete budgets, blocked runs, plans', () => {
  const history = new MemoryRecorder();
  const drifting = driftingJob();
  let dashboard: RunningDashboard;
  let client: TestClient;
  let csrf = '';

  beforeAll(async () => {
    dashboard = await startDashboard({
      history,
      jobs: [...jobs, { job: checkedJob(), provider: '@acme/jobs' }, { job: drifting.job, provider: '@acme/jobs' }],
      token: TOKEN,
      defaultParams,
    });
    client = new TestClient(dashboard.url);
    await client.login(TOKEN);
    csrf = TestClient.csrfOf((await client.get('/jobs/inventory-to-controller')).text);
  });
  afterAll(async () => {
    await dashboard.close();
  });

  /** Posts a form that starts a run or applies a plan; returns the new run's id once it has ended. */
  const started = async (path: string, form: Record<string, string>): Promise<string> => {
    const reply = await client.postForm(path, { csrf, ...form });
    expect(reply.status, reply.text).toBe(303);
    const id = (reply.headers.get('location') ?? '').slice('/runs/'.length);
    await waitForRun(client, id);
    return id;
  };

  it('refuses a misspelt parameter and an invalid delete budget in the run form, with the message; nothing runs', async () => {
    const misspelt = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'job', 'param.tokn': 'abcdefgh', dryRunField: '1', dryRun: 'true' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.text).toContain('data-notice');
    expect(misspelt.text).toContain('parameter &quot;tokn&quot; is not a parameter of this job: did you mean &quot;token&quot;?');
    const budget = await client.postForm('/jobs/inventory-to-controller/run', { csrf, from: 'job', maxDeletes: 'lots', dryRunField: '1', dryRun: 'true' });
    expect(budget.status).toBe(400);
    expect(budget.text).toContain('Invalid delete budget &quot;lots&quot;');
    expect((await history.listRuns()).total).toBe(0);
    // The job page's form offers the budget; the dashboard's compact rows do not.
    expect((await client.get('/jobs/inventory-to-controller')).text).toContain('name="maxDeletes"');
    expect((await client.get('/')).text).not.toContain('name="maxDeletes"');
  });

  let blockedId = '';

  it('blocks a run over its delete budget and says why on its page, with a distinct badge, in the history and its filter', async () => {
    blockedId = await started('/jobs/inventory-to-controller/run', { from: 'job', maxDeletes: '0', dryRunField: '1' });
    const run = (await history.getRun(blockedId))!;
    expect(run).toMatchObject({ status: 'blocked', dryRun: false, error: { code: 'DELETE_GUARD' } });
    expect(run.syncCounts).toBeUndefined();
    const page = await client.get(`/runs/${blockedId}`);
    expect(page.text).toContain('<span class="badge blocked" data-live-status>blocked</span>');
    expect(page.text).toContain('Blocked by the delete guard');
    expect(page.text).toContain('<code data-budget>0</code>');
    expect(page.text).toMatch(/<tr data-violation="site"><td><a href="[^"]+">site<\/a><\/td><td class="num">1<\/td><td class="num">3<\/td><td class="num">0<\/td><\/tr>/);
    expect(page.text).toContain('data-violation="device"');
    expect(page.text).toContain('allow deletes');
    expect(page.text).toContain('Blocked: nothing was written.');
    // A blocked real run is not a plan: nothing to apply.
    expect(page.text).not.toContain('data-apply');
    const filtered = await client.get('/runs?status=blocked');
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain('<option value="blocked" selected>blocked</option>');
    expect(filtered.text.match(/<tr data-run-id=/g)).toHaveLength(1);
    expect(filtered.text).toContain('<span class="badge blocked">blocked</span>');
    expect((await client.get('/assets/app.css')).text).toContain('.badge.blocked{');
  });

  it('flags a dry run over its budget and applies it as a plan with allow deletes; the applied run links to its plan', async () => {
    const planId = await started('/jobs/inventory-to-controller/run', { from: 'job', maxDeletes: '0', dryRunField: '1', dryRun: 'true' });
    const plan = await client.get(`/runs/${planId}`);
    expect(plan.text).toContain('<span class="badge succeeded" data-live-status>succeeded</span>');
    expect(plan.text).toContain('Over the delete budget');
    expect(plan.text).toContain('<code>DELETE_GUARD</code>');
    expect(plan.text).toContain(`action="/runs/${planId}/apply"`);
    // The token was a secret: the plan did not keep it, the configured value stands in when left blank.
    expect(plan.text).toContain('type="password" name="param.token"');
    expect(plan.text).toContain('name="skipDrifted"');

    const appliedId = await started(`/runs/${planId}/apply`, { allowDeletes: 'true', 'param.token': '' });
    expect(appliedId).not.toBe(planId);
    const applied = (await history.getRun(appliedId))!;
    expect(applied).toMatchObject({ status: 'succeeded', dryRun: false, plan: planId, deleteGuard: { budget: 'off', violations: [] } });
    expect(applied.parameters.token).toBe('[REDACTED]');
    const page = await client.get(`/runs/${appliedId}`);
    expect(page.text).toContain(`applies plan <a href="/runs/${planId}"><code>${planId}</code></a>`);
    expect(page.text).toContain('data-step="checkPlan"');
    expect(page.text).not.toContain('data-step="loadSource"');
    expect(page.text).not.toContain('data-apply');
    expect(page.text).toContain('off (deletes allowed)');

    // An applied run (not a dry run) cannot be applied in turn: refused, nothing run.
    const before = (await history.listRuns()).total;
    const again = await client.postForm(`/runs/${appliedId}/apply`, { csrf, allowDeletes: 'true' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('data-apply-error');
    expect(again.text).toContain('cannot be applied as a plan');
    const badBudget = await client.postForm(`/runs/${planId}/apply`, { csrf, maxDeletes: '12 apples' });
    expect(badBudget.status).toBe(400);
    expect(badBudget.text).toContain('Invalid delete budget');
    const misspelt = await client.postForm(`/runs/${planId}/apply`, { csrf, allowDeletes: 'true', 'param.tokenn': 'abcdefgh' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.text).toContain('did you mean &quot;token&quot;?');
    expect((await client.postForm('/runs/nope/apply', { csrf })).status).toBe(404);
    expect((await history.listRuns()).total).toBe(before);
    for (const body of client.bodies) expect(body).not.toContain(SECRET);
  });

  it('asks again for a secret the plan did not keep when the configuration has none', async () => {
    const planId = await started('/jobs/device-export/run', { from: 'job', 'param.exportUrl': 'https://export.example', 'param.apiKey': 'k3y-typed-in', dryRunField: '1', dryRun: 'true' });
    const plan = await client.get(`/runs/${planId}`);
    expect(plan.text).toContain('not kept by the plan: give it again');
    const before = (await history.listRuns()).total;
    const refused = await client.postForm(`/runs/${planId}/apply`, { csrf });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('parameter &quot;apiKey&quot; was not kept by the plan');
    expect((await history.listRuns()).total).toBe(before);
    const appliedId = await started(`/runs/${planId}/apply`, { 'param.apiKey': 'k3y-typed-in' });
    expect(await history.getRun(appliedId)).toMatchObject({ status: 'succeeded', plan: planId, parameters: { exportUrl: 'https://export.example', apiKey: '[REDACTED]' } });
  });

  it('shows the drifted elements of a plan whose target changed, and applies the rest with skip drifted', async () => {
    drifting.target.fra1 = 'retired';
    const planId = await started('/jobs/drifting-sites/run', { from: 'job', dryRunField: '1', dryRun: 'true' });
    drifting.target.fra1 = 'decommissioned';
    const blocked = await started(`/runs/${planId}/apply`, {});
    expect(await history.getRun(blocked)).toMatchObject({ status: 'blocked', plan: planId, error: { code: 'PLAN_DRIFTED' }, drifted: [{ model: 'site', uid: 'fra1', action: 'update' }] });
    const page = await client.get(`/runs/${blocked}`);
    expect(page.text).toContain('Blocked: the target drifted');
    expect(page.text).toContain('data-drifted="fra1"');
    expect(page.text).toContain('status: &quot;retired&quot; in the plan, &quot;decommissioned&quot; now');

    const partial = await started(`/runs/${planId}/apply`, { skipDrifted: 'true' });
    expect(await history.getRun(partial)).toMatchObject({ status: 'succeeded', plan: planId, warnings: [{ code: 'PLAN_DRIFTED' }] });
    const applied = await client.get(`/runs/${partial}`);
    expect(applied.text).toContain('Drifted elements <span class="muted">(1)</span>');
    expect(applied.text).toContain('data-drifted="fra1"');
    // The log filters take core's element statuses, drifted and the others included.
    const logs = await client.get(`/runs/${partial}?tab=logs&status=drifted`);
    expect(logs.status).toBe(200);
    expect(logs.text).toContain('<option value="drifted" selected>drifted</option>');
    expect([...logs.text.matchAll(/<tr class="\w+" data-uid="([^"]+)"/g)].map((m) => m[1])).toEqual(['fra1']);
    expect(logs.text).toContain('<span class="badge drifted">drifted</span>');
    for (const status of ['unknown', 'rolledBack']) expect((await client.get(`/runs/${partial}?tab=logs&status=${status}`)).status).toBe(200);
    expect((await client.get(`/runs/${partial}?tab=logs&status=bogus`)).status).toBe(400);
  });

  it("shows the writes a dry run's target would refuse, with a count, escaped", async () => {
    const id = await started('/jobs/checked-push/run', { from: 'job', dryRunField: '1', dryRun: 'true' });
    expect((await history.getRun(id))?.writeCheck?.problems).toHaveLength(2);
    const page = await client.get(`/runs/${id}`);
    expect(page.text).toContain('data-step="checkWrites"');
    expect(page.text).toContain('Writes that would fail <span class="muted" data-write-problems>(2)</span>');
    expect(page.text).toContain('data-write-problem="lon1-sw1"');
    expect(page.text).toContain('device is in use by 3 circuits');
    expect(page.text).toContain('<code>name</code>: name must be &lt;b&gt;plain&lt;/b&gt; text');
    expect(page.text).not.toContain('<b>plain</b>');
    expect(page.text).toContain('<code>WRITES_WOULD_FAIL</code>');
  });
});

describe('plans without a token', () => {
  it('offers no "Apply this plan" and refuses to apply one (403)', async () => {
    delete process.env.SSOT_DASHBOARD_TOKEN;
    const history = new MemoryRecorder();
    const plan = await runJob(inventoryJob(), { params: defaultParams('inventory-to-controller'), dryRun: true, recorder: history });
    const dashboard = await startDashboard({ history, jobs, defaultParams });
    try {
      const client = new TestClient(dashboard.url);
      const page = await client.get(`/runs/${plan.id}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('data-apply');
      expect((await client.postForm(`/runs/${plan.id}/apply`, { csrf: 'x', allowDeletes: 'true' })).status).toBe(403);
      expect((await client.postJson(`/api/runs/${plan.id}/apply`, { allowDeletes: true }, { authorization: 'Bearer ' })).status).toBe(403);
      expect((await history.listRuns()).total).toBe(1);
    } finally {
      await dashboard.close();
    }
  });
});
