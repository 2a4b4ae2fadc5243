// Authentication and CSRF: the dashboard token, signed session cookies, HMAC-derived form tokens, origin checks and headers.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Name of the session cookie set by `POST /login`. */
export const SESSION_COOKIE = 'ssot_session';

/**
 * The security headers of every response, set by hono's `secureHeaders` middleware: a strict
 * Content Security Policy (scripts and styles from the dashboard only, no inline code, no
 * framing), `X-Frame-Options: DENY`, `Referrer-Policy: same-origin`, same-origin opener and
 * resource policies, `nosniff`, and hono's other defaults. No `Strict-Transport-Security`: the
 * dashboard speaks plain HTTP on loopback; TLS, when any, belongs to a proxy in front of it.
 *
 * @returns the middleware
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: false,
  });
}

function equal(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The dashboard's credentials. Sessions and form tokens are HMACs keyed by the token and a
 * random per-process secret, so they are worthless without the token and end when the process does.
 */
export class DashboardAuth {
  readonly #token: string | undefined;
  readonly #key: Buffer;

  /**
   * @param token - the dashboard token; without one, nothing can be written
   */
  constructor(token: string | undefined) {
    this.#token = token === undefined || token === '' ? undefined : token;
    const secret = randomBytes(32);
    this.#key = createHmac('sha256', secret).update(this.#token ?? '').digest();
  }

  /** Whether a token is configured (runs can be started). */
  get enabled(): boolean {
    return this.#token !== undefined;
  }

  #sign(purpose: string, value: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}:${value}`).digest('base64url');
  }

  /**
   * Whether `candidate` is the dashboard token.
   *
   * @param candidate - what the user or client sent
   * @returns `true` when it matches (always `false` without a token)
   */
  checkToken(candidate: string | undefined): boolean {
    return this.#token !== undefined && candidate !== undefined && equal(candidate, this.#token);
  }

  /**
   * Whether an `Authorization` header carries the token as a bearer.
   *
   * @param header - the header's value
   * @returns `true` when it does
   */
  checkBearer(header: string | undefined): boolean {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
    return this.checkToken(match?.[1]?.trim());
  }

  /**
   * A new session cookie value (`nonce.signature`).
   *
   * @returns the value
   */
  newSession(): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.#sign('session', nonce)}`;
  }

  /**
   * The session's nonce when the cookie value is a valid session.
   *
   * @param cookie - the cookie's value
   * @returns the nonce, or `undefined`
   */
  verifySession(cookie: string | undefined): string | undefined {
    if (!this.enabled || cookie === undefined) return undefined;
    const [nonce, signature] = cookie.split('.');
    if (nonce === undefined || signature === undefined || nonce === '') return undefined;
    return equal(signature, this.#sign('session', nonce)) ? nonce : undefined;
  }

  /**
   * The CSRF token of forms in a session (or of the login form, without a session).
   *
   * @param session - the session's nonce, or `undefined` for the login form
   * @returns the token
   */
  csrfToken(session: string | undefined): string {
    return this.#sign('csrf', session ?? 'login');
  }

  /**
   * Whether a posted CSRF token belongs to the session.
   *
   * @param session - the session's nonce, or `undefined` for the login form
   * @param candidate - the posted token
   * @returns `true` when it does
   */
  checkCsrf(session: string | undefined, candidate: string | undefined): boolean {
    return candidate !== undefined && equal(candidate, this.csrfToken(session));
  }
}

/**
 * Whether a state-changing request comes from the dashboard's own origin. The `Origin` header,
 * when present, must match the `Host`; otherwise `Sec-Fetch-Site`, when present, must be
 * `same-origin` or `none`. Requests with neither (non-browser clients) pass this check.
 *
 * @param headers - the request's headers
 * @returns `true` when the request is same-origin or not from a browser
 */
export function sameOrigin(headers: { origin?: string | undefined; host?: string | undefined; secFetchSite?: string | undefined }): boolean {
  if (headers.origin !== undefined && headers.origin !== '') {
    if (headers.origin === 'null') return false;
    try {
      return new URL(headers.origin).host === headers.host;
    } catch {
      return false;
    }
  }
  if (headers.secFetchSite !== undefined) return headers.secFetchSite === 'same-origin' || headers.secFetchSite === 'none';
  return true;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether a bind address is loopback only.
 *
 * @param host - the bind address
 * @returns `true` for loopback addresses
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether a `Host` header is acceptable for a dashboard bound to loopback (against DNS rebinding).
 *
 * @param hostHeader - the request's `Host`
 * @returns `true` when it names a loopback host
 */
export function loopbackHostHeader(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const hostname = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : (hostHeader.split(':')[0] ?? '');
  return isLoopback(hostname);
}
