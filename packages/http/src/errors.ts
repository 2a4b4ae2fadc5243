// The typed error every failed HTTP call throws: redacted, JSON-serialisable, never carrying axios internals.

/** Machine-readable codes of {@link HttpError}. */
export type HttpErrorCode =
  /** The server answered with a non-2xx status. */
  | 'HTTP_STATUS'
  /** The connection failed (refused, reset, DNS, socket hang up, ...). */
  | 'HTTP_NETWORK'
  /** An attempt did not complete within `timeoutMs`. */
  | 'HTTP_TIMEOUT'
  /** The caller's or the client's AbortSignal fired. */
  | 'HTTP_ABORTED'
  /** The response body could not be parsed as JSON. */
  | 'HTTP_PARSE'
  /** A URL (for example a pagination `next` link) points to another origin than `baseURL`. */
  | 'HTTP_FOREIGN_ORIGIN'
  /** A paginated response did not have the expected shape. */
  | 'HTTP_PAGINATION';

/** The fields of an {@link HttpError}, as given to its constructor and returned by `toJSON()`. */
export interface HttpErrorDetails {
  /** Machine-readable code. */
  code: HttpErrorCode;
  /** HTTP method, upper case. */
  method: string;
  /** URL path of the request, without query string. */
  path: string;
  /** Full URL with userinfo removed and secret query parameters redacted. */
  url?: string | undefined;
  /** Response status, when the server answered. */
  status?: number | undefined;
  /** Response status text, when the server answered. */
  statusText?: string | undefined;
  /** Response body (truncated and redacted), when the server answered. */
  responseBody?: string | undefined;
  /** Number of HTTP attempts made (0 when the request never left the queue). */
  attempts: number;
  /** Low-level error code of a network failure (for example `ECONNREFUSED`). */
  causeCode?: string | undefined;
  /** A suggestion of what to do next. */
  hint?: string | undefined;
}

/** The JSON view of an {@link HttpError}. */
export interface HttpErrorJSON extends HttpErrorDetails {
  /** Always `HttpError`. */
  name: string;
  /** The redacted message. */
  message: string;
}

/** A failed HTTP call. Every string it carries has been redacted; it never holds request config or headers. */
export class HttpError extends Error {
  /** Machine-readable code. */
  readonly code: HttpErrorCode;
  /** HTTP method, upper case. */
  readonly method: string;
  /** URL path of the request, without query string. */
  readonly path: string;
  /** Full URL with userinfo removed and secret query parameters redacted. */
  readonly url: string | undefined;
  /** Response status, when the server answered. */
  readonly status: number | undefined;
  /** Response status text, when the server answered. */
  readonly statusText: string | undefined;
  /** Response body (truncated and redacted), when the server answered. */
  readonly responseBody: string | undefined;
  /** Number of HTTP attempts made. */
  readonly attempts: number;
  /** Low-level error code of a network failure (for example `ECONNREFUSED`). */
  readonly causeCode: string | undefined;
  /** A suggestion of what to do next. */
  readonly hint: string | undefined;

  /**
   * @param message - already redacted message
   * @param details - already redacted details
   */
  constructor(message: string, details: HttpErrorDetails) {
    super(message);
    this.name = 'HttpError';
    this.code = details.code;
    this.method = details.method;
    this.path = details.path;
    this.url = details.url;
    this.status = details.status;
    this.statusText = details.statusText;
    this.responseBody = details.responseBody;
    this.attempts = details.attempts;
    this.causeCode = details.causeCode;
    this.hint = details.hint;
  }

  /** A plain JSON view (for sync records and structured logs). */
  toJSON(): HttpErrorJSON {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      method: this.method,
      path: this.path,
      url: this.url,
      status: this.status,
      statusText: this.statusText,
      responseBody: this.responseBody,
      attempts: this.attempts,
      causeCode: this.causeCode,
      hint: this.hint,
    };
  }
}

/** Whether `value` is an {@link HttpError}, optionally with the given code. */
export function isHttpError(value: unknown, code?: HttpErrorCode): value is HttpError {
  return value instanceof HttpError && (code === undefined || value.code === code);
}
