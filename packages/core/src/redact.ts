// Redaction of secrets (tokens, passwords, sensitive headers and query parameters, URL userinfo) from text and URLs: shared by the run records, the HTTP client and every integration.

/** The placeholder that replaces every secret. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are always secret (lower case). */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'api-key',
  'apikey',
]);

/** Query parameter / JSON field names whose values are secret (lower case). */
const SENSITIVE_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'key',
  'api_key',
  'apikey',
  'api-key',
  'password',
  'passwd',
  'secret',
  'client_secret',
];

const PARAM_ALTERNATION = SENSITIVE_PARAMS.map((p) => p.replace(/[-_]/g, '[-_]?')).join('|');
const QUERY_PARAM_RE = new RegExp(`([?&;](?:${PARAM_ALTERNATION})=)[^&#;\\s"'<>]*`, 'gi');
const JSON_FIELD_RE = new RegExp(`("(?:${PARAM_ALTERNATION})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** The same inside JSON embedded as a string in JSON (`\"password\":\"...\"`). */
const ESCAPED_JSON_FIELD_RE = new RegExp(`(\\\\"(?:${PARAM_ALTERNATION})\\\\"\\s*:\\s*\\\\")[^"]*?(\\\\")`, 'gi');
const USERINFO_RE = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** A credential after an auth scheme: 8+ token characters, at least one a digit (so prose like "Token authentication" stays). */
const AUTH_SCHEME_RE = /\b(Bearer|Token|Basic)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/g;

/** Whether a header name carries a secret value (Authorization, Cookie, X-API-Key, any `*token*`/`*secret*` header). */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADERS.has(lower) || /token|secret|password|api[-_]?key/.test(lower);
}

/** Whether a query parameter name carries a secret value (token, key, password, secret, api_key, ...). */
export function isSensitiveParam(name: string): boolean {
  return SENSITIVE_PARAMS.includes(name.toLowerCase());
}

/** Removes secrets from text: configured secret values plus well-known secret patterns. */
export class Redactor {
  readonly #secrets: string[];

  /**
   * @param secrets - literal secret values (tokens, passwords) to replace wherever they appear
   */
  constructor(secrets: Iterable<string> = []) {
    const all = new Set<string>();
    for (const secret of secrets) {
      // Very short values would redact ordinary text; they are still hidden by the pattern rules.
      if (secret.length < 4) continue;
      all.add(secret);
      all.add(encodeURIComponent(secret));
      all.add(JSON.stringify(secret).slice(1, -1));
    }
    // Longest first so that a secret containing another is replaced whole.
    this.#secrets = [...all].sort((a, b) => b.length - a.length);
  }

  /** Returns a new redactor that also hides `secrets`. */
  with(secrets: Iterable<string>): Redactor {
    return new Redactor([...this.#secrets, ...secrets]);
  }

  /** Replaces configured secrets, URL userinfo, sensitive query parameters, JSON secret fields and auth schemes. */
  text(input: string): string {
    let out = input;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(USERINFO_RE, `$1${REDACTED}@`)
      .replace(QUERY_PARAM_RE, `$1${REDACTED}`)
      .replace(JSON_FIELD_RE, `$1"${REDACTED}"`)
      .replace(ESCAPED_JSON_FIELD_RE, `$1${REDACTED}$2`)
      .replace(AUTH_SCHEME_RE, `$1 ${REDACTED}`);
  }

  /**
   * Redacts every string inside a value (a parameter, a link, a metrics snapshot) with {@link Redactor.text}: arrays
   * and plain objects are copied, other values (numbers, dates, ...) are kept as they are.
   */
  value(input: unknown): unknown {
    if (typeof input === 'string') return this.text(input);
    if (Array.isArray(input)) return input.map((item) => this.value(item));
    const proto = typeof input === 'object' && input !== null ? Object.getPrototypeOf(input) : undefined;
    if (proto === Object.prototype || proto === null) return Object.fromEntries(Object.entries(input as object).map(([key, item]) => [key, this.value(item)]));
    return input;
  }

  /** Redacts a URL: drops userinfo, hides sensitive query parameters and configured secrets. */
  url(input: string): string {
    try {
      const url = new URL(input);
      url.username = '';
      url.password = '';
      for (const name of [...url.searchParams.keys()]) {
        if (isSensitiveParam(name)) url.searchParams.set(name, REDACTED);
      }
      return this.text(url.toString().split(encodeURIComponent(REDACTED)).join(REDACTED));
    } catch {
      return this.text(input);
    }
  }

  /** Returns a copy of `headers` with sensitive header values replaced and other values redacted as text. */
  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = isSensitiveHeader(name) ? REDACTED : this.text(value);
    }
    return out;
  }
}
