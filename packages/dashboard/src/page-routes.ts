// The HTML pages and their forms: dashboard, job, history, run detail, login/logout, run and cancel.
import { describeParameters } from '@ssot/core';
import type { FlatDiffElement, JobDefinition, ObjectLink, SyncRecord } from '@ssot/core';
import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { requestIsSameOrigin } from './api-routes.js';
import type { Html } from './html.js';
import { dashboardPage, type JobWithRuns } from './pages/dashboard-page.js';
import { historyPage } from './pages/history-page.js';
import { jobPage } from './pages/job-page.js';
import { errorPage, loginPage } from './pages/message-pages.js';
import { runPage, type RunPageData, type RunTab } from './pages/run-page.js';
import { configInformation, configurationParams, paramsFromForm } from './parameters.js';
import { applyPlan, checkedDeleteBudget, isApplicablePlan, isRunRefusal, parametersToGiveAgain } from './plan-apply.js';
import { parseDiffQuery, parseLogQuery, parseRunQuery } from './queries.js';
import { SESSION_COOKIE } from './security.js';
import { pageContext, publicRun, secretsOf, sessionOf, type DashboardState } from './state.js';

type Status = 200 | 400 | 401 | 403 | 404;

function page(c: Context, body: Html, status: Status = 200): Response | Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (typeof last === 'string') form[key] = last;
  }
  return form;
}

function safeNext(next: string | undefined): string {
  return next !== undefined && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Links from the job's `lookupObject` for a page of diff elements (keyed by model and uid); a failing lookup gives no link. */
function recordLinks(job: JobDefinition | undefined, run: SyncRecord, elements: readonly FlatDiffElement[]): Map<string, ObjectLink> {
  const links = new Map<string, ObjectLink>();
  if (job?.lookupObject === undefined) return links;
  for (const element of elements) {
    try {
      const link = job.lookupObject(element.model, element.uid, run.parameters);
      if (link !== undefined) links.set(`${element.model}\u0000${element.uid}`, link);
    } catch {
      // The stored (redacted) parameters may not be enough for the lookup: no link then.
    }
  }
  return links;
}

/**
 * Adds the page routes.
 *
 * @param app - the app
 * @param state - the dashboard's state
 */
export function addPageRoutes(app: Hono, state: DashboardState): void {
  const jobsWithRuns = async (): Promise<JobWithRuns[]> =>
    Promise.all([...state.jobs.values()].map(async (entry) => ({ ...entry, recent: (await state.history.listRuns({ job: entry.job.name, limit: 10 })).runs })));

  const dashboard = async (c: Context, notice?: string, status: Status = 200): Promise<Response> => {
    const [jobs, latest] = await Promise.all([jobsWithRuns(), state.history.listRuns({ limit: 15 })]);
    return page(c, dashboardPage(pageContext(state, c), jobs, latest.runs.map((run) => publicRun(state, run)), notice), status);
  };

  const job = async (c: Context, name: string, notice?: string, status: Status = 200): Promise<Response> => {
    const entry = state.jobs.get(name);
    if (entry === undefined) return page(c, errorPage(pageContext(state, c), 'Not found', `No job named "${name}" is installed.`), 404);
    const parsed = parseRunQuery({ ...c.req.query(), job: name });
    if (!parsed.ok) return page(c, errorPage(pageContext(state, c), 'Bad request', parsed.error), 400);
    const defaults = state.defaults(name);
    const runs = await state.history.listRuns(parsed.query);
    const data = {
      job: entry,
      parameters: describeParameters(entry.job),
      defaults,
      config: configInformation(entry.job, defaults),
      placeholders: configurationParams(entry.job, defaults).placeholders,
      runs: runs.runs.map((run) => publicRun(state, run)),
      total: runs.total,
      offset: parsed.query.offset,
      limit: parsed.query.limit,
    };
    return page(c, jobPage(pageContext(state, c), notice === undefined ? data : { ...data, notice }), status);
  };

  app.get('/', (c) => dashboard(c));
  app.get('/jobs/:name', (c) => job(c, c.req.param('name')));

  app.get('/runs', async (c) => {
    const parsed = parseRunQuery(c.req.query());
    if (!parsed.ok) return page(c, errorPage(pageContext(state, c), 'Bad request', parsed.error), 400);
    const runs = await state.history.listRuns(parsed.query);
    return page(c, historyPage(pageContext(state, c), [...state.jobs.keys()], parsed.query, runs.runs.map((run) => publicRun(state, run)), runs.total));
  });

  /** A run's page; after a refused "Apply this plan", its overview with the refusal. */
  const runDetail = async (c: Context, applyError?: string, status: Status = 200): Promise<Response> => {
    const info = await state.records.info(c.req.param('id') ?? '');
    const context = pageContext(state, c);
    if (info === undefined) return page(c, errorPage(context, 'Not found', 'No such run.'), 404);
    const { run: stored, models } = info;
    const raw = applyError === undefined ? c.req.query() : {};
    const tab: RunTab = raw.tab === 'diff' || raw.tab === 'logs' ? raw.tab : 'overview';
    const startedHere = state.runs.progress(stored.id) !== undefined;
    const live = stored.endedAt === undefined && (startedHere || stored.status === 'running' || stored.status === 'pending');
    const data: RunPageData = { run: publicRun(state, stored), models, secrets: secretsOf(state, stored), live, canCancel: live && startedHere && context.loggedIn, tab };
    if (info.summaryByModel !== undefined) data.summaryByModel = info.summaryByModel;
    if (isApplicablePlan(stored) && state.jobs.has(stored.job)) {
      const defaults = state.defaults(stored.job);
      data.apply = { giveAgain: parametersToGiveAgain(stored).map((name) => ({ name, configured: defaults[name] !== undefined })) };
    }
    if (applyError !== undefined) data.applyError = applyError;
    if (tab === 'diff') {
      const parsed = parseDiffQuery(raw);
      if (!parsed.ok) return page(c, errorPage(context, 'Bad request', parsed.error), 400);
      const diffPage = await state.records.diffPage(stored, parsed.query);
      data.diff = { query: parsed.query, page: diffPage, links: recordLinks(state.jobs.get(stored.job)?.job, stored, diffPage.elements) };
    } else if (tab === 'logs') {
      const parsed = parseLogQuery(raw);
      if (!parsed.ok) return page(c, errorPage(context, 'Bad request', parsed.error), 400);
      data.logs = { query: parsed.query, page: await state.records.logPage(stored, parsed.query) };
    }
    return page(c, runPage(context, data), status);
  };

  app.get('/runs/:id', (c) => runDetail(c));

  app.get('/login', (c) => page(c, loginPage(pageContext(state, c), safeNext(c.req.query('next')))));

  app.post('/login', async (c) => {
    const context = pageContext(state, c);
    if (!requestIsSameOrigin(c)) return page(c, errorPage(context, 'Forbidden', 'Cross-origin request refused.'), 403);
    const form = await formOf(c);
    if (!state.auth.checkCsrf(undefined, form.csrf) && !state.auth.checkCsrf(sessionOf(state, c), form.csrf)) return page(c, errorPage(context, 'Forbidden', 'The form has expired: reload the page and try again.'), 403);
    const next = safeNext(form.next);
    if (!state.auth.enabled) return page(c, loginPage(context, next), 403);
    if (!state.auth.checkToken(form.token)) {
      state.logger.warn('dashboard login refused: wrong token');
      return page(c, loginPage(context, next, 'Wrong token.'), 401);
    }
    setCookie(c, SESSION_COOKIE, state.auth.newSession(), { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const context = pageContext(state, c);
    if (!requestIsSameOrigin(c)) return page(c, errorPage(context, 'Forbidden', 'Cross-origin request refused.'), 403);
    const form = await formOf(c);
    if (!state.auth.checkCsrf(sessionOf(state, c), form.csrf)) return page(c, errorPage(context, 'Forbidden', 'The form has expired: reload the page and try again.'), 403);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  // Every write from a page: same origin, a token configured, a session, and the session's CSRF token.
  const guardWrite = async (c: Context): Promise<{ form: Record<string, string> } | Response> => {
    const context = pageContext(state, c);
    if (!requestIsSameOrigin(c)) return page(c, errorPage(context, 'Forbidden', 'Cross-origin request refused.'), 403);
    if (!state.auth.enabled) return page(c, errorPage(context, 'Forbidden', 'Runs are disabled: set SSOT_DASHBOARD_TOKEN where the dashboard runs, and restart it.'), 403);
    const session = sessionOf(state, c);
    if (session === undefined) return page(c, errorPage(context, 'Unauthorized', 'Log in with the dashboard token first.'), 401);
    const form = await formOf(c);
    if (!state.auth.checkCsrf(session, form.csrf)) return page(c, errorPage(context, 'Forbidden', 'The form has expired: reload the page and try again.'), 403);
    return { form };
  };

  app.post('/jobs/:name/run', async (c) => {
    const guarded = await guardWrite(c);
    if (guarded instanceof Response) return guarded;
    const { form } = guarded;
    const name = c.req.param('name');
    const entry = state.jobs.get(name);
    if (entry === undefined) return page(c, errorPage(pageContext(state, c), 'Not found', `No job named "${name}" is installed.`), 404);
    const fromDashboard = form.from === 'dashboard';
    const dryRun = form.dryRunField === undefined ? true : form.dryRun === 'true';
    let params: Record<string, unknown>;
    try {
      params = { ...state.defaults(name), ...paramsFromForm(describeParameters(entry.job), form) };
    } catch (error) {
      return job(c, name, error instanceof Error ? error.message : String(error), 400);
    }
    try {
      const scope = (form.scope ?? '').split(/[;\n]/).map((spec) => spec.trim()).filter((spec) => spec !== '');
      const maxDeletes = checkedDeleteBudget(form.maxDeletes);
      const allowDeletes = form.allowDeletes === 'true' || form.allowDeletes === 'on';
      const id = await state.runs.start(entry.job, { params, dryRun, scope, allowDeletes, ...(maxDeletes === undefined ? {} : { maxDeletes }) });
      state.logger.info({ job: name, runId: id, dryRun }, 'dashboard run started');
      return c.redirect(`/runs/${encodeURIComponent(id)}`, 303);
    } catch (error) {
      if (!isRunRefusal(error)) throw error;
      return fromDashboard ? dashboard(c, `${error.message} Set it on the job's page.`, 400) : job(c, name, error.message, 400);
    }
  });

  app.post('/runs/:id/apply', async (c) => {
    const guarded = await guardWrite(c);
    if (guarded instanceof Response) return guarded;
    const { form } = guarded;
    const id = c.req.param('id');
    const plan = await state.records.info(id);
    if (plan === undefined) return page(c, errorPage(pageContext(state, c), 'Not found', 'No such run.'), 404);
    const planJob = state.jobs.get(plan.run.job)?.job;
    let params: Record<string, unknown>;
    try {
      params = paramsFromForm(planJob === undefined ? [] : describeParameters(planJob), form);
    } catch (error) {
      return runDetail(c, error instanceof Error ? error.message : String(error), 400);
    }
    const outcome = await applyPlan(state, plan.run.id, { params, allowDeletes: form.allowDeletes === 'true' || form.allowDeletes === 'on', maxDeletes: form.maxDeletes, skipDrifted: form.skipDrifted === 'true' || form.skipDrifted === 'on' });
    if (outcome.ok) return c.redirect(`/runs/${encodeURIComponent(outcome.id)}`, 303);
    return outcome.status === 404 ? page(c, errorPage(pageContext(state, c), 'Not found', outcome.message), 404) : runDetail(c, outcome.message, 400);
  });

  app.post('/runs/:id/cancel', async (c) => {
    const guarded = await guardWrite(c);
    if (guarded instanceof Response) return guarded;
    const id = c.req.param('id');
    state.runs.cancel(id);
    return c.redirect(`/runs/${encodeURIComponent(id)}`, 303);
  });
}
