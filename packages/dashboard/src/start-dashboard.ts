// Starts the dashboard: builds the app and serves it on loopback (by default) with @hono/node-server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDashboardApp } from './app.js';
import type { DashboardOptions, RunningDashboard } from './options.js';
import { isLoopback } from './security.js';
import { createState } from './state.js';

/** How long `close()` lets open requests finish before it drops their connections, in milliseconds. */
const CLOSE_GRACE_MS = 2000;

/**
 * Starts the dashboard. It binds to `127.0.0.1` unless told otherwise, reads runs from
 * `options.history`, and records runs started from it there too (through core's `runJob`).
 *
 * @param options - history, jobs, host, port, token, logger, default parameters
 * @returns the running dashboard: its URL, port and `close()`
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  const closing = new AbortController();
  const state = createState(options, closing.signal);
  const app = createDashboardApp(state, { loopbackOnly: isLoopback(host) });
  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(created as Server));
    created.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  state.logger.info({ url, history: state.history.description, runsEnabled: state.auth.enabled }, 'dashboard listening');
  if (!isLoopback(host)) state.logger.warn({ host }, 'dashboard bound to a non-loopback address: anyone who can reach it can read the run history');
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closed ??= (async () => {
        closing.abort();
        await state.runs.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A client that keeps a request open (a stuck event stream) does not hold the process for long.
          setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        });
      })()),
  };
}
