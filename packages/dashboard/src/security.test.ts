import { MemoryRecorder, runJob } from '@ssot/core';
import { describe, expect, it } from 'vitest';
import { TestClient } from './__fixtures__/client.js';
import { defaultParams, inventoryJob } from './__fixtures__/jobs.js';
import { DashboardAuth, isLoopback, loopbackHostHeader, sameOrigin } from './security.js';
import { startDashboard } from './start-dashboard.js';

describe('DashboardAuth', () => {
  it('checks the token and bearer headers', () => {
    const auth = new DashboardAuth('s3cret-token');
    expect(auth.enabled).toBe(true);
    expect(auth.checkToken('s3cret-token')).toBe(true);
    expect(auth.checkToken('s3cret-tokem')).toBe(false);
    expect(auth.checkToken(undefined)).toBe(false);
    expect(auth.checkBearer('Bearer s3cret-token')).toBe(true);
    expect(auth.checkBearer('bearer  s3cret-token')).toBe(true);
    expect(auth.checkBearer('Basic s3cret-token')).toBe(false);
    expect(auth.checkBearer(undefined)).toBe(false);
  });

  it('signs sessions and derives CSRF tokens per session and per process', () => {
    const auth = new DashboardAuth('t');
    const session = auth.newSession();
    const nonce = auth.verifySession(session);
    expect(nonce).toBeDefined();
    expect(auth.verifySession(`${nonce}.forged`)).toBeUndefined();
    expect(auth.verifySession('garbage')).toBeUndefined();
    expect(auth.checkCsrf(nonce, auth.csrfToken(nonce))).toBe(true);
    expect(auth.checkCsrf(nonce, auth.csrfToken(undefined))).toBe(false);
    expect(auth.checkCsrf(auth.verifySession(auth.newSession()), auth.csrfToken(nonce))).toBe(false);
    const restarted = new DashboardAuth('t');
    expect(restarted.verifySession(session)).toBeUndefined();
  });

  it('accepts nothing without a token', () => {
    const auth = new DashboardAuth('');
    expect(auth.enabled).toBe(false);
    expect(auth.checkToken('')).toBe(false);
    expect(auth.verifySession(auth.newSession())).toBeUndefined();
  });
});

describe('origin and host checks', () => {
  it('refuses cross-origin requests', () => {
    expect(sameOrigin({ origin: 'http://127.0.0.1:4100', host: '127.0.0.1:4100' })).toBe(true);
    expect(sameOrigin({ origin: 'http://evil.example', host: '127.0.0.1:4100' })).toBe(false);
    expect(sameOrigin({ origin: 'null', host: '127.0.0.1:4100' })).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:4100', secFetchSite: 'cross-site' })).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:4100', secFetchSite: 'same-origin' })).toBe(true);
    expect(sameOrigin({ host: '127.0.0.1:4100' })).toBe(true);
  });

  it('knows loopback hosts', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(loopbackHostHeader('localhost:4100')).toBe(true);
    expect(loopbackHostHeader('[::1]:4100')).toBe(true);
    expect(loopbackHostHeader('127.0.0.1')).toBe(true);
    expect(loopbackHostHeader('evil.example:4100')).toBe(false);
    expect(loopbackHostHeader('127.0.0.1.evil.example')).toBe(false);
    expect(loopbackHostHeader(undefined)).toBe(false);
  });
});

describe('"Apply this plan" is a guarded write', () => {
  it('needs the same origin, a session and its CSRF token (form), or the bearer token (API); nothing runs otherwise', async () => {
    const history = new MemoryRecorder();
    const job = inventoryJob();
    const plan = await runJob(job, { params: defaultParams(job.name), dryRun: true, recorder: history });
    const dashboard = await startDashboard({ history, jobs: [{ job, provider: '@acme/jobs' }], token: 'apply-guard-token', defaultParams });
    try {
      const path = `/runs/${plan.id}/apply`;
      const anonymous = new TestClient(dashboard.url);
      const anonymousPage = await anonymous.get(`/runs/${plan.id}`);
      // Without a session the page offers a login, not the form.
      expect(anonymousPage.text).toContain('Log in to apply');
      expect(anonymousPage.text).not.toContain('data-apply-form');
      expect((await anonymous.postForm(path, { csrf: TestClient.csrfOf((await anonymous.get('/login')).text), allowDeletes: 'true' })).status).toBe(401);

      const user = new TestClient(dashboard.url);
      await user.login('apply-guard-token');
      const page = await user.get(`/runs/${plan.id}`);
      expect(page.text).toContain('data-apply-form');
      const csrf = TestClient.csrfOf(page.text);
      expect((await user.postForm(path, { allowDeletes: 'true' })).status).toBe(403);
      expect((await user.postForm(path, { csrf: 'forged', allowDeletes: 'true' })).status).toBe(403);
      expect((await user.postForm(path, { csrf, allowDeletes: 'true' }, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await user.postForm(path, { csrf, allowDeletes: 'true' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      // The session cookie is no API credential.
      expect((await user.postJson(`/api${path}`, { allowDeletes: true })).status).toBe(401);
      expect((await history.listRuns()).total).toBe(1);
      expect((await user.postForm(path, { csrf, allowDeletes: 'true' }, { origin: dashboard.url })).status).toBe(303);
    } finally {
      await dashboard.close();
    }
  });
});
