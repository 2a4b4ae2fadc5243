// Building request URLs from baseURL, path and query, and same-origin checks.
import type { Query } from './options.js';

/** Joins `baseURL` and a relative `path` (string concatenation, like axios), or returns an absolute `path` as is. */
export function joinUrl(baseURL: string, path: string): string {
  if (isAbsoluteUrl(path)) return path;
  if (path === '') return baseURL;
  return `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Whether `value` starts with a URL scheme (`http://`, `https://`, ...). */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/** Appends query parameters to `url` (arrays repeat the key; `null`/`undefined` are skipped; existing values are replaced). */
export function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    parsed.searchParams.delete(key);
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<string | number | boolean>) parsed.searchParams.append(key, String(item));
    } else {
      parsed.searchParams.set(key, String(value));
    }
  }
  return parsed.toString();
}

/** Whether two URLs share scheme, host and port. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The path of a URL without query string or fragment (`/` when unparsable). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? '/';
  }
}
