// The typed error every failed HTTP call throws: redacted, JSON-serialisable, never carrying axios internals.
import { SsotError } from '@ssot/core';

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

/** Why a listing was found incomplete ({@link IncompleteListError.reason}). */
export type IncompleteListReason =
  /** A page held fewer items than it should (the page size asked for, the server's cap, or what remains of `count`). */
  | 'short-page'
  /** A page before the end (or page 1 of a non-empty list) held no item. */
  | 'empty-page'
  /** A page held more items than asked for. */
  | 'long-page'
  /** The total the pages report changed during the read (records added or removed on the remote). */
  | 'count-changed'
  /** The items received add up to another number than the reported total. */
  | 'count-mismatch'
  /** A next link or cursor pointed back to a page already read. */
  | 'repeated-cursor';

/** The fields of an {@link IncompleteListError}. */
export interface IncompleteListDetails {
  /** Why the listing is incomplete. */
  reason: IncompleteListReason;
  /** URL of the page at fault (or of the list), redacted. */
  url: string;
  /** Offset of the page at fault (offset paging), or the number of items read before it (cursor paging). */
  offset: number;
  /** Items that page (or the whole list, for `count-*` reasons) should have held. */
  expected: number;
  /** Items it held. */
  received: number;
  /** How many times the page (or, for `count-*` reasons, the list) was read before giving up. */
  attempts: number;
}

/** The JSON view of an {@link IncompleteListError}. */
export interface IncompleteListJSON extends IncompleteListDetails {
  /** Always `IncompleteListError`. */
  name: string;
  /** Always `INCOMPLETE_LIST`. */
  code: string;
  /** The redacted message. */
  message: string;
}

/**
 * A paginated listing could not be read completely: a page stayed short or empty, a cursor repeated, or
 * the items did not add up to the reported total, even after re-reading. A partial list must never
 * reach a diff (records it lacks would be deleted from the target), so the load fails instead.
 * Code `INCOMPLETE_LIST`; the URL is redacted.
 */
export class IncompleteListError extends SsotError {
  /** Why the listing is incomplete. */
  readonly reason: IncompleteListReason;
  /** URL of the page at fault (or of the list), redacted. */
  readonly url: string;
  /** Offset of the page at fault (offset paging), or the number of items read before it (cursor paging). */
  readonly offset: number;
  /** Items expected. */
  readonly expected: number;
  /** Items received. */
  readonly received: number;
  /** Reads made before giving up. */
  readonly attempts: number;

  /**
   * @param message - already redacted message
   * @param details - already redacted details
   */
  constructor(message: string, details: IncompleteListDetails) {
    super('INCOMPLETE_LIST', message);
    this.reason = details.reason;
    this.url = details.url;
    this.offset = details.offset;
    this.expected = details.expected;
    this.received = details.received;
    this.attempts = details.attempts;
  }

  /** A plain JSON view (for sync records and structured logs). */
  toJSON(): IncompleteListJSON {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      reason: this.reason,
      url: this.url,
      offset: this.offset,
      expected: this.expected,
      received: this.received,
      attempts: this.attempts,
    };
  }
}

/** Whether `value` is an {@link IncompleteListError}, optionally for the given reason. */
export function isIncompleteListError(value: unknown, reason?: IncompleteListReason): value is IncompleteListError {
  return value instanceof IncompleteListError && (reason === undefined || value.reason === reason);
}
