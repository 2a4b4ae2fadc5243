import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryRecorder } from '@ssot/core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, inventoryJob, plainJob, recordBigRun, SECRET } from './__fixtures__/jobs.js';
import type { RunningDashboard } from './options.js';
import { startDashboard } from './start-dashboard.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../reports/screenshots/', import.meta.url));
const TOKEN = 'browser-test-token';

const HAVE_CHROMIUM = existsSync(CHROMIUM);

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the dashboard in Chromium' : `the dashboard in Chromium (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`, () => {
  const history = new MemoryRecorder();
  let dashboard: RunningDashboard;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    dashboard = await startDashboard({ history, jobs: [{ job: inventoryJob({ delayMs: 1500 }), provider: '@acme/jobs' }, { job: plainJob(), provider: '@acme/jobs' }], token: TOKEN, defaultParams });
    userDataDir = await mkdtemp(join(tmpdir(), 'ssot-dashboard-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await dashboard?.close();
    if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true });
  });

  it('opens the dashboard, logs in, runs a dry run with a live view, opens its detail and filters the diff', async () => {
    await page.goto(dashboard.url);
    await expect(page.title()).resolves.toBe('Dashboard · ssot');
    expect(await page.locator('tr[data-job]').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, '01-dashboard.png'), fullPage: true });

    await page.locator('tr[data-job="inventory-to-controller"] a.button').click();
    await page.waitForURL(/\/login/);
    await page.fill('input[name="token"]', TOKEN);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${dashboard.url}/`);

    await expect(page.locator('[data-run-form="inventory-to-controller"] input[name="dryRun"]').isChecked()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, '02-dashboard-logged-in.png'), fullPage: true });
    await page.click('[data-run-button="inventory-to-controller"]');
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);

    // The live view: the first step ends while the run is still going, without a reload.
    await page.locator('[data-step="loadSource"] [data-step-status]', { hasText: 'succeeded' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-live-status]').textContent()).toBe('running');
    await page.screenshot({ path: join(SCREENSHOTS, '03-run-live.png'), fullPage: true });

    // At the end the page reloads into the final record.
    const finalPage = (): boolean => {
      const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
      return document.querySelector('[data-live-run]') === null && document.querySelector('h1 [data-live-status].succeeded') !== null;
    };
    await page.waitForFunction(finalPage, undefined, { timeout: 15_000 });
    await page.locator('svg.chart.memory').waitFor();
    expect(await page.locator('[data-step="executeSync"] [data-step-status]').textContent()).toBe('skipped');
    expect(await page.locator('dl.facts').first().textContent()).toContain('inventory → controller');
    await page.screenshot({ path: join(SCREENSHOTS, '04-run-detail.png'), fullPage: true });

    await page.click('a[data-tab="diff"]');
    await page.waitForURL(/tab=diff/);
    expect(await page.locator('table.diff > tbody > tr').count()).toBe(7);
    expect(await page.locator('table.diff').textContent()).toContain('<script>alert("x")</script>');
    await page.screenshot({ path: join(SCREENSHOTS, '05-run-diff.png'), fullPage: true });

    // Choosing a filter submits the form (app.js); the server returns the filtered page.
    await page.selectOption('[data-diff-filters] select[name="action"]', 'update');
    await page.waitForURL(/action=update/);
    const actions = await page.locator('table.diff > tbody > tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions).toEqual(['update', 'update']);
    await page.selectOption('[data-diff-filters] select[name="model"]', 'device');
    await page.waitForURL(/model=device/);
    expect(await page.locator('table.diff > tbody > tr').count()).toBe(1);
    expect(await page.locator('td.new').first().textContent()).toBe('core');
    await page.screenshot({ path: join(SCREENSHOTS, '06-run-diff-filtered.png'), fullPage: true });

    await page.click('a[data-tab="logs"]');
    await page.waitForURL(/tab=logs/);
    await page.screenshot({ path: join(SCREENSHOTS, '07-run-logs.png'), fullPage: true });

    await page.goto(`${dashboard.url}/jobs/inventory-to-controller`);
    expect(await page.locator('input[name="param.token"]').getAttribute('type')).toBe('password');
    expect(await page.locator('input[name="param.token"]').inputValue()).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, '08-job.png'), fullPage: true });

    await page.goto(`${dashboard.url}/runs`);
    expect(await page.locator('tr[data-run-id]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, '09-history.png'), fullPage: true });

    // A 100 000-element diff is paged by the server: one filtered page of 100 rows.
    const big = await recordBigRun(history, 10_000, 9);
    await page.goto(`${dashboard.url}/runs/${big.id}?tab=diff&model=device&action=update&offset=1000`);
    expect(await page.locator('[data-pager-range]').first().textContent()).toBe('1001–1100 of 30000');
    expect(await page.locator('table.diff > tbody > tr').count()).toBe(100);
    await page.screenshot({ path: join(SCREENSHOTS, '10-large-diff.png') });

    expect(await page.content()).not.toContain(SECRET);
    expect(problems).toEqual([]);
  }, 90_000);
});
