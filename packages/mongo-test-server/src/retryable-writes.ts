// Retryable writes: a write retried with the same lsid and txnNumber (outside a transaction) is answered
// from the record of its first execution instead of being applied again, as mongod does.
import type { Document } from './bson-values.js';
import { isPlainObject } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { CommandError, ErrorCodes } from './errors.js';

const RETRYABLE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

interface Executed {
  readonly txnNumber: bigint;
  readonly reply: Document;
}

/** Per-session record of the latest retryable write and its reply. */
export class RetryableWrites {
  private readonly bySession = new Map<string, Executed>();

  private static key(name: string, cmd: Document): [string, bigint] | undefined {
    if (!RETRYABLE_COMMANDS.has(name) || !isPlainObject(cmd.lsid) || cmd.autocommit !== undefined) return undefined;
    const t = cmd.txnNumber;
    if (t === undefined || t === null) return undefined;
    const n = typeof t === 'object' && 'toBigInt' in t ? (t as { toBigInt(): bigint }).toBigInt() : BigInt(Number(t));
    return [canonicalKey(cmd.lsid.id ?? cmd.lsid), n];
  }

  /**
   * Returns the reply of the first execution when `cmd` retries a write already executed.
   * @param name - The command name.
   * @param cmd - The command document.
   * @returns The recorded reply, or undefined when the command must be executed.
   */
  replay(name: string, cmd: Document): Document | undefined {
    const key = RetryableWrites.key(name, cmd);
    if (key === undefined) return undefined;
    const done = this.bySession.get(key[0]);
    if (done === undefined) return undefined;
    if (key[1] < done.txnNumber) {
      throw new CommandError(
        ErrorCodes.TransactionTooOld,
        `Retryable write with txnNumber ${key[1]} is prohibited on session because a newer retryable write with txnNumber ${done.txnNumber} has already started on this session.`,
      );
    }
    return key[1] === done.txnNumber ? done.reply : undefined;
  }

  /**
   * Records the reply of an executed retryable write. A reply with `writeErrors` is recorded too:
   * mongod skips the statements that succeeded and runs the failed one again, which fails the same
   * way for the errors writes report there (duplicate keys, invalid updates); an error reply
   * (`ok: 0`) is not recorded, so a retry runs the command again.
   * @param name - The command name.
   * @param cmd - The command document.
   * @param reply - The reply sent to the client.
   */
  record(name: string, cmd: Document, reply: Document): void {
    const key = RetryableWrites.key(name, cmd);
    if (key === undefined) return;
    if (reply.ok !== 1) {
      this.bySession.delete(key[0]);
      return;
    }
    this.bySession.set(key[0], { txnNumber: key[1], reply });
  }

  /** Forgets the records of ended sessions. */
  endSessions(lsids: unknown[]): void {
    for (const lsid of lsids) if (isPlainObject(lsid)) this.bySession.delete(canonicalKey(lsid.id ?? lsid));
  }

  /** Forgets everything. */
  clear(): void {
    this.bySession.clear();
  }
}
