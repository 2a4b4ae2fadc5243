// The login page and the error page.
import { html } from 'hono/html';
import type { Html } from '../html.js';
import { layout, runsDisabledNotice, type PageContext } from './layout.js';

/**
 * Renders the login form (the token is stored in an HttpOnly, SameSite=Strict session cookie).
 *
 * @param context - the request's context (its CSRF token is the login form's)
 * @param next - where to go after logging in
 * @param error - why the last attempt failed
 * @returns the page
 */
export function loginPage(context: PageContext, next: string, error?: string): Html {
  return layout(
    context,
    'Log in',
    html`<h1>Log in</h1>
${context.runsEnabled ? '' : runsDisabledNotice()}
${error === undefined ? '' : html`<div class="notice error" data-notice>${error}</div>`}
<form method="post" action="/login" class="card filters">
<input type="hidden" name="csrf" value="${context.csrf}">
<input type="hidden" name="next" value="${next}">
<label>Dashboard token<input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
<p class="muted">The token is the value of <code>SSOT_DASHBOARD_TOKEN</code> where the dashboard was started. It is needed to start or cancel runs.</p>`,
  );
}

/**
 * Renders an error page.
 *
 * @param context - the request's context
 * @param title - the heading
 * @param message - what went wrong
 * @returns the page
 */
export function errorPage(context: PageContext, title: string, message: string): Html {
  return layout(context, title, html`<h1>${title}</h1><div class="notice error" data-notice>${message}</div><p><a href="/">Back to the dashboard</a></p>`);
}
