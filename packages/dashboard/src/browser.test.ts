import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryRecorder } from '@ssot/core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_RUN_ID } from './__fixtures__/big-run.js';
import { defaultParams, exportJob, inventoryJob, plainJob, recordBigRun, SECRET } from './__fixtures__/jobs.js';
import type { RunningDashboard } from './options.js';
import { startDashboard } from './start-dashboard.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../reports/screenshots/', import.meta.url));
const TOKEN = 'browser-test-token';
const VIEWPORT = { width: 1400, height: 1000 };

const HAVE_CHROMIUM = existsSync(CHROMIUM);

/**
 * Runs in the page: every box that is wider than it shows (hidden columns, a table sticking out of
 * its card), and the page itself when it scrolls sideways. Plain JavaScript: the test has no DOM types.
 */
const OVERFLOWING = `(() => {
  const out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') + (el.dataset.stats ? '[data-stats=' + el.dataset.stats + ']' : '');
  for (const el of document.querySelectorAll('main, main .card, main .scroll, main .grid > *, main .stats > *')) {
    if (el.scrollWidth > el.clientWidth + 1) out.push(name(el) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  for (const table of document.querySelectorAll('main .card table')) {
    const card = table.closest('.card');
    if (table.getBoundingClientRect().right > card.getBoundingClientRect().right + 1) out.push('table sticks out of ' + name(card));
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) out.push('page scrolls sideways');
  return out;
})()`;

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? 'the dashboard in Chromium' : `the dashboard in Chromium (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`, () => {
  const history = new MemoryRecorder();
  let dashboard: RunningDashboard;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** Saves a screenshot at 1400 px wide (the whole page unless told), after checking that nothing on the page overflows its box. */
  const screenshot = async (name: string, fullPage = true): Promise<void> => {
    expect(await page.evaluate<string[]>(OVERFLOWING), `overflow on ${name}`).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  };
  const rowUids = (): Promise<(string | null)[]> => page.locator('table.diff > tbody > tr, table.logs > tbody > tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-uid')));
  const waitForFinalRunPage = async (): Promise<void> => {
    const finalPage = (): boolean => {
      const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
      return document.querySelector('[data-live-run]') === null && document.querySelector('h1 [data-live-status].succeeded') !== null;
    };
    await page.waitForFunction(finalPage, undefined, { timeout: 15_000 });
  };

  beforeAll(async () => {
    await rm(SCREENSHOTS, { recursive: true, force: true });
    await mkdir(SCREENSHOTS, { recursive: true });
    dashboard = await startDashboard({
      history,
      jobs: [
        { job: inventoryJob({ delayMs: 1500 }), provider: '@acme/jobs' },
        { job: plainJob(), provider: '@acme/jobs' },
        { job: exportJob(), provider: '@acme/export' },
      ],
      token: TOKEN,
      defaultParams,
    });
    userDataDir = await mkdtemp(join(tmpdir(), 'ssot-dashboard-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      viewport: VIEWPORT,
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

  it('opens the dashboard, logs in, runs a dry run with a live view, opens its detail and filters and searches the diff', async () => {
    await page.goto(dashboard.url);
    await expect(page.title()).resolves.toBe('Dashboard · ssot');
    expect(await page.locator('tr[data-job]').count()).toBe(3);
    await screenshot('01-dashboard');

    await page.locator('tr[data-job="inventory-to-controller"] a.button').click();
    await page.waitForURL(/\/login/);
    await page.fill('input[name="token"]', TOKEN);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${dashboard.url}/`);

    await expect(page.locator('[data-run-form="inventory-to-controller"] input[name="dryRun"]').isChecked()).resolves.toBe(true);
    await screenshot('02-dashboard-logged-in');
    await page.click('[data-run-button="inventory-to-controller"]');
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);

    // The live view: the first step ends while the run is still going, without a reload.
    await page.locator('[data-step="loadSource"] [data-step-status]', { hasText: 'succeeded' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-live-status]').textContent()).toBe('running');
    // Figures the live view shows are formatted by the server, as on the reloaded page.
    expect(await page.locator('[data-step="loadSource"] [data-step-duration]').textContent()).toMatch(/^\d+(\.\d)?m?s$/);
    await screenshot('03-run-live');

    // At the end the page reloads into the final record.
    await waitForFinalRunPage();
    await page.locator('svg.chart.memory').waitFor();
    expect(await page.locator('[data-step="executeSync"] [data-step-status]').textContent()).toBe('skipped');
    expect(await page.locator('dl.facts').first().textContent()).toContain('inventory → controller');
    // Every column of the statistics tables is visible (they used to be clipped by their boxes).
    expect(await page.locator('[data-stats="diff"] th').allTextContents()).toEqual(['Model', 'Create', 'Update', 'Delete', 'Unchanged', 'Skipped', 'total']);
    await screenshot('04-run-detail');
    const runUrl = page.url();

    // A count in the statistics opens the diff filtered to what it counts.
    await page.click('[data-stats="diff"] a.count[title="Update: device"]');
    await page.waitForURL(/tab=diff&model=device&action=update/);
    expect(await rowUids()).toEqual(['ams1-sw1']);
    expect(await page.locator('tr.changed td.new').first().textContent()).toBe('core');
    expect(await page.locator('[data-path]').first().textContent()).toBe('site ams1');

    await page.goto(`${runUrl}?tab=diff`);
    expect(await page.locator('table.diff > tbody > tr').count()).toBe(7);
    expect(await page.locator('table.diff').textContent()).toContain('<script>alert("x")</script>');
    await screenshot('05-run-diff');

    // Choosing a filter submits the form (app.js); the search is submitted with Enter; the server answers with the page.
    await page.selectOption('[data-diff-filters] select[name="action"]', 'delete');
    await page.waitForURL(/action=delete/);
    expect(await rowUids()).toEqual(['lon1', 'lon1-sw1']);
    await page.fill('[data-diff-filters] input[name="q"]', 'SW1');
    await page.press('[data-diff-filters] input[name="q"]', 'Enter');
    await page.waitForURL(/q=SW1/);
    expect(await rowUids()).toEqual(['lon1-sw1']);
    expect(await page.locator('table.diff mark').first().textContent()).toBe('sw1');
    await screenshot('06-run-diff-filtered-search');

    // A real run from the job page, for its logs.
    await page.goto(`${dashboard.url}/jobs/inventory-to-controller`);
    expect(await page.locator('input[name="param.token"]').getAttribute('type')).toBe('password');
    expect(await page.locator('input[name="param.token"]').inputValue()).toBe('');
    await screenshot('07-job');
    await page.locator('[data-run-form="inventory-to-controller"] input[name="dryRun"]').uncheck();
    await page.click('[data-run-button="inventory-to-controller"]');
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await waitForFinalRunPage();
    await page.click('[data-stats="sync"] a.count[title="create success"]');
    await page.waitForURL(/tab=logs&action=create&status=success/);
    expect((await rowUids()).sort()).toEqual(['<script>alert("x")</script>', 'ams1-sw2']);
    await page.click('a[data-tab="logs"]');
    await page.waitForURL(/tab=logs$/);
    expect(await page.locator('table.logs > tbody > tr').count()).toBe(6);
    await screenshot('08-run-logs');
    await page.fill('[data-log-filters] input[name="q"]', 'lon1');
    await page.press('[data-log-filters] input[name="q"]', 'Enter');
    await page.waitForURL(/q=lon1/);
    expect((await rowUids()).sort()).toEqual(['lon1', 'lon1-sw1']);
    await screenshot('09-run-logs-search');

    // The configuration of a job whose required parameter has no default (it used to be empty).
    await page.goto(`${dashboard.url}/jobs/device-export`);
    const configuration = await page.locator('[data-configuration] dl.facts').textContent();
    expect(configuration).toContain('Devices endpoint\u2039exportUrl\u203a/devices');
    expect(configuration).toContain('Batch size500');
    await screenshot('10-job-required-parameter');

    await page.goto(`${dashboard.url}/runs`);
    expect(await page.locator('tr[data-run-id]').count()).toBe(2);
    await screenshot('11-history');

    // A 100 000-element diff is paged, filtered and searched by the server: one page of 100 rows, each with its parents.
    await recordBigRun(history, { sites: 1000, devices: 9, interfaces: 10 });
    await page.goto(`${dashboard.url}/runs/${BIG_RUN_ID}`);
    await screenshot('12-large-run');
    await page.goto(`${dashboard.url}/runs/${BIG_RUN_ID}?tab=diff&model=interface&action=update&q=site-05&offset=100`);
    expect(await page.locator('[data-pager-range]').first().textContent()).toBe('101–200 of 1,500');
    expect(await page.locator('table.diff > tbody > tr').count()).toBe(100);
    expect(await page.locator('[data-path]').first().textContent()).toBe('site site-0506 > device site-0506-sw8');
    // The first 1000 pixels of it: a page of 100 rows is long.
    await screenshot('13-large-diff-filtered-search', false);

    expect(await page.content()).not.toContain(SECRET);
    expect(problems).toEqual([]);
  }, 120_000);

  it('flags a dry run over its delete budget, blocks a real one, and applies the dry run as a plan with "allow deletes"', async () => {
    const finalStatus = async (status: string): Promise<void> => {
      const ended = (expected: string): boolean => {
        const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
        return document.querySelector('[data-live-run]') === null && document.querySelector(`h1 [data-live-status].${expected}`) !== null;
      };
      await page.waitForFunction(ended, status, { timeout: 15_000 });
    };
    const runFromJobPage = async (maxDeletes: string, dryRun: boolean): Promise<string> => {
      await page.goto(`${dashboard.url}/jobs/inventory-to-controller`);
      await page.fill('[data-run-form="inventory-to-controller"] [data-max-deletes]', maxDeletes);
      await page.locator('[data-run-form="inventory-to-controller"] input[name="dryRun"]').setChecked(dryRun);
      await page.click('[data-run-button="inventory-to-controller"]');
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      return page.url();
    };

    // A real run over its budget: blocked before the sync, and the page says why.
    await runFromJobPage('0', false);
    await finalStatus('blocked');
    expect(await page.locator('[data-delete-guard] h2').textContent()).toBe('Blocked by the delete guard');
    expect(await page.locator('[data-violation]').count()).toBe(2);
    expect(await page.locator('[data-step="executeSync"] [data-step-status]').textContent()).toBe('not run');
    await screenshot('14-run-blocked');

    // A dry run over the same budget: flagged, with the form that applies it.
    const planUrl = await runFromJobPage('0', true);
    await finalStatus('succeeded');
    expect(await page.locator('[data-delete-guard] h2').textContent()).toBe('Over the delete budget');
    expect(await page.locator('[data-delete-guard] [data-budget]').textContent()).toBe('0');
    expect(await page.locator('[data-violation="site"] td').allTextContents()).toEqual(['site', '1', '3', '0']);
    await page.locator('[data-apply-form]').scrollIntoViewIfNeeded();
    await screenshot('15-dry-run-over-budget');

    await page.check('[data-apply-form] [data-allow-deletes]');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-apply-button]');
    await page.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && url.href !== planUrl);
    await finalStatus('succeeded');
    const planId = planUrl.slice(planUrl.lastIndexOf('/') + 1);
    expect(await page.locator('[data-run-plan]').textContent()).toBe(`applies plan ${planId}`);
    expect(await page.locator('[data-run-budget]').textContent()).toBe('off (deletes allowed)');
    expect(await page.locator('tr[data-step]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-step')))).toEqual(['loadTarget', 'checkPlan', 'executeSync']);
    expect(await page.locator('[data-stats="sync"] a.count[title="delete success"]').textContent()).toBe('2');
    await screenshot('16-applied-plan');

    await page.goto(`${dashboard.url}/runs?status=blocked`);
    expect(await page.locator('tr[data-run-id] .badge.blocked').count()).toBe(1);
    await screenshot('17-history-blocked');

    expect(await page.content()).not.toContain(SECRET);
    expect(problems).toEqual([]);
  }, 120_000);
});
