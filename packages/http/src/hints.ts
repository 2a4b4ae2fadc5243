// Human hints attached to HTTP errors: what the failure most likely means and what to do next.

/** A hint for a failed response status. `location` is the (redacted) redirect target, if any. */
export function statusHint(status: number, method: string, location?: string): string {
  if (status >= 300 && status < 400) {
    return `The server redirected${location ? ` to ${location}` : ''}; redirects are not followed (they could leak credentials). Fix baseURL or the path (http vs https, trailing slash).`;
  }
  switch (status) {
    case 400:
    case 422:
      return 'The server rejected the request; check the fields named in the response body.';
    case 401:
      return "Check the API token and its scheme (for example 'Token' for NetBox, 'Bearer' for most others).";
    case 403:
      return 'The credentials are valid but lack permission for this object or action.';
    case 404:
      return 'Check baseURL and the path (including any trailing slash) and that the object exists.';
    case 405:
      return `The endpoint does not accept ${method}; check the method and the path.`;
    case 409:
      return 'Conflict: the object may already exist or have been changed concurrently.';
    case 429:
      return 'The server rate-limited the client; lower rateLimit or concurrency, or raise retry.retries.';
  }
  if (status >= 500) {
    return 'The server failed; check its logs. Idempotent requests are retried on 502/503/504; see retry.retryOn500 and retry.retryNonIdempotent.';
  }
  return 'See the response body for details.';
}

/** A hint for a network failure code (ECONNREFUSED, ENOTFOUND, ...). `origin` is the redacted server origin. */
export function networkHint(causeCode: string | undefined, origin: string): string {
  switch (causeCode) {
    case 'ECONNREFUSED':
      return `Nothing accepted the connection at ${origin}; check baseURL and that the service is running.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host of ${origin} does not resolve; check baseURL and DNS.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return 'The server or a proxy closed the connection; check server and proxy logs and timeouts.';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${origin} is unreachable; check the network path and firewalls.`;
  }
  if (causeCode !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(causeCode)) {
    return 'TLS verification failed; check the server certificate chain (or NODE_EXTRA_CA_CERTS).';
  }
  return `Check that ${origin} is reachable.`;
}

/** A hint for a timed-out request. */
export function timeoutHint(timeoutMs: number): string {
  return `The server did not answer within ${timeoutMs} ms; raise timeoutMs, or lower concurrency or the page size.`;
}

/** A hint for an aborted request. */
export const ABORT_HINT = 'The request was cancelled by its AbortSignal, the client signal or client.close().';
