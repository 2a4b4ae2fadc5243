// The JSON API behind the pages: jobs, runs, a run's logs, diff and progress (paged), live events, and starting runs.
import { describeParameters } from '@ssot/core';
import type { SyncRecord } from '@ssot/core';
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { progressOf, type RunProgress } from './live-runs.js';
import { configInformation } from './parameters.js';
import { applyPlan, checkedDeleteBudget, isRunRefusal } from './plan-apply.js';
import { parseDiffQuery, parseLogQuery, parseRunQuery } from './queries.js';
import { sameOrigin } from './security.js';
import { publicRun, type DashboardState } from './state.js';

/** How often the live view of a run started elsewhere re-reads its record, in milliseconds. */
const POLL_MS = 1000;

const runBody = z
  .object({
    params: z.record(z.string(), z.unknown()).default({}),
    dryRun: z.boolean().default(true),
    scope: z.array(z.string()).default([]),
    maxDeletes: z.union([z.string(), z.number().int().min(0).transform(String)]).optional(),
    allowDeletes: z.boolean().default(false),
  })
  .strict();

const applyBody = z
  .object({
    params: z.record(z.string(), z.unknown()).default({}),
    maxDeletes: z.union([z.string(), z.number().int().min(0).transform(String)]).optional(),
    allowDeletes: z.boolean().default(false),
    skipDrifted: z.boolean().default(false),
  })
  .strict();

/** Reads a JSON body (empty means `{}`). */
async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function apiError(c: Context, status: 400 | 401 | 403 | 404 | 409, message: string): Response {
  if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="ssot-dashboard"');
  return c.json({ error: message }, status);
}

/**
 * Whether a state-changing request is same-origin (see {@link sameOrigin}).
 *
 * @param c - the request
 * @returns `true` when it may go on
 */
export function requestIsSameOrigin(c: Context): boolean {
  return sameOrigin({ origin: c.req.header('origin'), host: new URL(c.req.url).host, secFetchSite: c.req.header('sec-fetch-site') });
}

function summaryOfRun(run: SyncRecord): Pick<SyncRecord, 'id' | 'status' | 'dryRun' | 'startedAt' | 'endedAt'> {
  const short: Pick<SyncRecord, 'id' | 'status' | 'dryRun' | 'startedAt' | 'endedAt'> = { id: run.id, status: run.status, dryRun: run.dryRun, startedAt: run.startedAt };
  if (run.endedAt !== undefined) short.endedAt = run.endedAt;
  return short;
}

/**
 * Adds the `/api` routes.
 *
 * @param app - the app
 * @param state - the dashboard's state
 */
export function addApiRoutes(app: Hono, state: DashboardState): void {
  const jobJson = async (name: string): Promise<Record<string, unknown> | undefined> => {
    const entry = state.jobs.get(name);
    if (entry === undefined) return undefined;
    const { job, provider } = entry;
    const recent = await state.history.listRuns({ job: job.name, limit: 10 });
    return {
      name: job.name,
      description: job.description ?? null,
      direction: job.direction,
      source: job.source,
      target: job.target,
      provider,
      parameters: describeParameters(job),
      dataMappings: job.dataMappings ?? [],
      configInformation: configInformation(job, state.defaults(job.name)),
      recentRuns: recent.runs.map(summaryOfRun),
    };
  };

  app.get('/api/jobs', async (c) => {
    const jobs = await Promise.all([...state.jobs.keys()].map(jobJson));
    return c.json({ jobs, runsEnabled: state.auth.enabled });
  });

  app.get('/api/jobs/:name', async (c) => {
    const job = await jobJson(c.req.param('name'));
    return job === undefined ? apiError(c, 404, 'No such job.') : c.json(job);
  });

  app.get('/api/runs', async (c) => {
    const parsed = parseRunQuery(c.req.query());
    if (!parsed.ok) return apiError(c, 400, parsed.error);
    const page = await state.history.listRuns(parsed.query);
    return c.json({ runs: page.runs.map((run) => publicRun(state, run)), total: page.total, offset: parsed.query.offset, limit: parsed.query.limit });
  });

  app.get('/api/runs/:id', async (c) => {
    const info = await state.records.info(c.req.param('id'));
    if (info === undefined) return apiError(c, 404, 'No such run.');
    return c.json({ run: publicRun(state, info.run), summaryByModel: info.summaryByModel ?? null, live: info.run.endedAt === undefined });
  });

  app.get('/api/runs/:id/logs', async (c) => {
    const parsed = parseLogQuery(c.req.query());
    if (!parsed.ok) return apiError(c, 400, parsed.error);
    const info = await state.records.info(c.req.param('id'));
    if (info === undefined) return apiError(c, 404, 'No such run.');
    const page = await state.records.logPage(info.run, parsed.query);
    return c.json({ entries: page.entries, total: page.total, offset: parsed.query.offset, limit: parsed.query.limit });
  });

  app.get('/api/runs/:id/diff', async (c) => {
    const parsed = parseDiffQuery(c.req.query());
    if (!parsed.ok) return apiError(c, 400, parsed.error);
    const info = await state.records.info(c.req.param('id'));
    if (info === undefined) return apiError(c, 404, 'No such run.');
    const page = await state.records.diffPage(info.run, parsed.query);
    return c.json({ elements: page.elements, total: page.total, offset: parsed.query.offset, limit: parsed.query.limit });
  });

  const progressFor = async (id: string): Promise<RunProgress | undefined> => {
    const live = state.runs.progress(id);
    if (live !== undefined) return live;
    const info = await state.records.info(id);
    return info === undefined ? undefined : progressOf(info.run);
  };

  app.get('/api/runs/:id/progress', async (c) => {
    const progress = await progressFor(c.req.param('id'));
    return progress === undefined ? apiError(c, 404, 'No such run.') : c.json(progress);
  });

  app.get('/api/runs/:id/events', async (c) => {
    const initial = await progressFor(c.req.param('id'));
    if (initial === undefined) return apiError(c, 404, 'No such run.');
    const id = initial.id;
    return streamSSE(c, async (stream) => {
      const send = async (progress: RunProgress): Promise<void> => {
        try {
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(progress) });
        } catch {
          // The client went away.
        }
      };
      await send(initial);
      if (initial.endedAt !== undefined) return;
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      stream.onAbort(() => finish());
      const onClose = (): void => finish();
      state.closing.addEventListener('abort', onClose);
      if (state.runs.progress(id) === undefined) {
        // A run started elsewhere (the CLI, another dashboard): follow its record as the recorder updates it.
        let last = JSON.stringify(initial);
        const poll = setInterval(() => {
          void progressFor(id).then(async (now) => {
            if (now === undefined) return finish();
            const text = JSON.stringify(now);
            if (text !== last) {
              last = text;
              await send(now);
            }
            if (now.endedAt !== undefined) finish();
          }, finish);
        }, POLL_MS);
        await done;
        clearInterval(poll);
        state.closing.removeEventListener('abort', onClose);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        timer = undefined;
        const now = state.runs.progress(id);
        if (now === undefined) return finish();
        void send(now).then(() => {
          if (now.endedAt !== undefined) finish();
        });
      };
      const unsubscribe = state.runs.subscribe(id, (progress) => {
        if (progress.endedAt !== undefined) {
          if (timer !== undefined) clearTimeout(timer);
          flush();
        } else timer ??= setTimeout(flush, 200);
      });
      if (unsubscribe === undefined || state.runs.progress(id)?.endedAt !== undefined) flush();
      await done;
      state.closing.removeEventListener('abort', onClose);
      unsubscribe?.();
      if (timer !== undefined) clearTimeout(timer);
    });
  });

  app.post('/api/jobs/:name/runs', async (c) => {
    if (!requestIsSameOrigin(c)) return apiError(c, 403, 'Cross-origin request refused.');
    if (!state.auth.enabled) return apiError(c, 403, 'Runs are disabled: set SSOT_DASHBOARD_TOKEN where the dashboard runs.');
    if (!state.auth.checkBearer(c.req.header('authorization'))) return apiError(c, 401, 'A valid "Authorization: Bearer <token>" header is required.');
    const job = state.jobs.get(c.req.param('name'))?.job;
    if (job === undefined) return apiError(c, 404, 'No such job.');
    const raw = await jsonBody(c);
    if (!raw.ok) return apiError(c, 400, 'The body must be JSON: { "params": {...}, "dryRun": true }.');
    const body = runBody.safeParse(raw.value);
    if (!body.success) return apiError(c, 400, `Invalid body: ${body.error.issues[0]?.message ?? 'invalid'}`);
    try {
      const maxDeletes = checkedDeleteBudget(body.data.maxDeletes);
      const id = await state.runs.start(job, {
        params: { ...state.defaults(job.name), ...body.data.params },
        dryRun: body.data.dryRun,
        scope: body.data.scope,
        allowDeletes: body.data.allowDeletes,
        ...(maxDeletes === undefined ? {} : { maxDeletes }),
      });
      return c.json({ id, url: `/runs/${id}`, api: `/api/runs/${id}` }, 202);
    } catch (error) {
      if (isRunRefusal(error)) return apiError(c, 400, error.message);
      throw error;
    }
  });

  app.post('/api/runs/:id/apply', async (c) => {
    if (!requestIsSameOrigin(c)) return apiError(c, 403, 'Cross-origin request refused.');
    if (!state.auth.enabled) return apiError(c, 403, 'Runs are disabled: set SSOT_DASHBOARD_TOKEN where the dashboard runs.');
    if (!state.auth.checkBearer(c.req.header('authorization'))) return apiError(c, 401, 'A valid "Authorization: Bearer <token>" header is required.');
    const raw = await jsonBody(c);
    if (!raw.ok) return apiError(c, 400, 'The body must be JSON: { "allowDeletes": true, "maxDeletes": "500", "skipDrifted": false, "params": {...} }.');
    const body = applyBody.safeParse(raw.value);
    if (!body.success) return apiError(c, 400, `Invalid body: ${body.error.issues[0]?.message ?? 'invalid'}`);
    const outcome = await applyPlan(state, c.req.param('id'), body.data);
    if (!outcome.ok) return apiError(c, outcome.status, outcome.message);
    return c.json({ id: outcome.id, url: `/runs/${outcome.id}`, api: `/api/runs/${outcome.id}`, plan: outcome.plan }, 202);
  });

  app.post('/api/runs/:id/cancel', async (c) => {
    if (!requestIsSameOrigin(c)) return apiError(c, 403, 'Cross-origin request refused.');
    if (!state.auth.enabled) return apiError(c, 403, 'Runs are disabled: set SSOT_DASHBOARD_TOKEN where the dashboard runs.');
    if (!state.auth.checkBearer(c.req.header('authorization'))) return apiError(c, 401, 'A valid "Authorization: Bearer <token>" header is required.');
    return state.runs.cancel(c.req.param('id')) ? c.json({ cancelled: true }, 202) : apiError(c, 409, 'The run is not running here.');
  });
}
