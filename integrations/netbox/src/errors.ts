// Typed errors of the NetBox integration: each names the model, the record and, when known, the field.
import { SsotError } from '@ssot/core';

/** NetBox refused or failed a request about a record (after retries); the message never holds the token. */
export class NetboxError extends SsotError {
  /** HTTP status, when NetBox answered. */
  readonly status: number | undefined;

  /**
   * @param message - what happened (already redacted)
   * @param location - model, record unique id and field at fault
   * @param status - HTTP status, when NetBox answered
   */
  constructor(message: string, location: { model?: string | undefined; uid?: string | undefined; field?: string | undefined } = {}, status?: number) {
    super('NETBOX', message, location);
    this.status = status;
  }
}
