// The page frame: head, navigation (with login state), content and footer.
import { html } from 'hono/html';
import type { Html } from '../html.js';

/** What every page needs to know about the request. */
export interface PageContext {
  /** Whether a dashboard token is configured (runs can be started). */
  runsEnabled: boolean;
  /** Whether the request carries a valid session. */
  loggedIn: boolean;
  /** The CSRF token of the session's forms (or of the login form without a session). */
  csrf: string;
  /** The history's description. */
  historyDescription: string;
  /** The request's path and query, for login redirects. */
  path: string;
}

/**
 * A full HTML page.
 *
 * @param context - the request's context
 * @param title - the page title
 * @param content - the page body
 * @returns the page
 */
export function layout(context: PageContext, title: string, content: Html): Html {
  const account = !context.runsEnabled
    ? html`<span class="muted" title="Set SSOT_DASHBOARD_TOKEN to enable runs">read-only</span>`
    : context.loggedIn
      ? html`<form method="post" action="/logout"><input type="hidden" name="csrf" value="${context.csrf}"><button class="secondary" type="submit">Log out</button></form>`
      : html`<a href="/login?next=${encodeURIComponent(context.path)}">Log in</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ssot</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header><a class="brand" href="/">ssot</a><a href="/">Dashboard</a><a href="/runs">History</a><span class="spacer"></span>${account}</header>
<main>
${content}
</main>
<footer class="muted"><div>History: ${context.historyDescription}</div></footer>
</body>
</html>
`;
}

/**
 * The notice shown where a run could be started but no token is configured.
 *
 * @returns the notice
 */
export function runsDisabledNotice(): Html {
  return html`<div class="notice" data-runs-disabled>Runs cannot be started from the dashboard: no token is configured. Set <code>SSOT_DASHBOARD_TOKEN</code> (or pass <code>token</code> to <code>startDashboard</code>) and restart to enable them.</div>`;
}
