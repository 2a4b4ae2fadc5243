// The dashboard's web app (Hono): security headers, host checks, static assets, pages and the JSON API.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addApiRoutes } from './api-routes.js';
import { SCRIPT, STYLESHEET } from './assets.js';
import { errorPage } from './pages/message-pages.js';
import { addPageRoutes } from './page-routes.js';
import { loopbackHostHeader, securityHeaders } from './security.js';
import { pageContext, type DashboardState } from './state.js';

/** Options of {@link createDashboardApp} beyond the shared state. */
export interface AppOptions {
  /** Refuse requests whose `Host` is not a loopback name (against DNS rebinding when bound to loopback). */
  loopbackOnly: boolean;
}

/**
 * Builds the web app.
 *
 * @param state - the dashboard's state
 * @param options - host checking
 * @returns the app; serve it with `@hono/node-server` or call `app.request` in tests
 */
export function createDashboardApp(state: DashboardState, options: AppOptions): Hono {
  const app = new Hono();

  // First, so that every response gets the headers: pages, assets, errors and refused hosts.
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    const started = performance.now();
    if (options.loopbackOnly && !loopbackHostHeader(new URL(c.req.url).host)) {
      return c.text('Misdirected request: this dashboard only answers to loopback host names.', 421);
    }
    await next();
    // Run data can be sensitive: only the static assets may be cached.
    if (!c.req.path.startsWith('/assets/')) c.res.headers.set('Cache-Control', 'no-store');
    state.logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'dashboard request');
    return undefined;
  });
  app.use('*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Request body too large.', 413) }));

  app.get('/assets/app.css', (c) => c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' }));
  app.get('/assets/app.js', (c) => c.body(SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' }));

  app.get('/favicon.ico', (c) => c.body(null, 204));

  addApiRoutes(app, state);
  addPageRoutes(app, state);

  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'Not found.' }, 404) : c.html(errorPage(pageContext(state, c), 'Not found', 'There is no such page.'), 404)));
  app.onError((error, c) => {
    state.logger.error({ path: c.req.path }, `dashboard request failed: ${error.message}`);
    return c.req.path.startsWith('/api/') ? c.json({ error: 'Internal error.' }, 500) : c.html(errorPage(pageContext(state, c), 'Error', 'Something went wrong; the dashboard log says what.'), 500);
  });
  return app;
}
