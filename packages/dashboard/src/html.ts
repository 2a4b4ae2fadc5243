// HTML output: the type of what hono's escaping `html` template builds, and link targets that are safe to render.
import type { html } from 'hono/html';

/**
 * HTML built with hono's `html` tagged template (`hono/html`): every interpolated string is
 * escaped unless it is itself `html` or `raw` output. The dashboard never interpolates promises,
 * so it is a string at run time; the type keeps hono's own.
 */
export type Html = ReturnType<typeof html>;

/**
 * A link target that is safe to put in `href`: `http:` and `https:` URLs only.
 *
 * @param url - a URL from a record or a job
 * @returns the URL, or `undefined` when it is not an http(s) URL
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
