// Server-side cursors: first batches, getMore batches, killCursors and the idle timeout.
import { Long, calculateObjectSize } from 'bson';
import type { Document } from './bson-values.js';
import { CommandError, ErrorCodes } from './errors.js';

/** Maximum bytes of documents returned in one batch. */
const MAX_BATCH_BYTES = 15 * 1024 * 1024;
/** Default number of documents in a first batch. */
const DEFAULT_FIRST_BATCH = 101;
/** MongoDB's default `cursorTimeoutMillis`: idle cursors are closed after 10 minutes. */
export const DEFAULT_CURSOR_TIMEOUT_MS = 600_000;
/** How often the timer looks for idle cursors at most (MongoDB: clientCursorMonitorFrequencySecs = 4). */
const SWEEP_INTERVAL_MS = 4_000;

interface OpenCursor {
  readonly ns: string;
  readonly docs: Document[];
  pos: number;
  readonly batchSize: number | undefined;
  /** Never closed for being idle (`noCursorTimeout`). */
  readonly noTimeout: boolean;
  /** When the cursor was last used (ms, from the registry's clock). */
  lastUsed: number;
}

/** Options of a {@link CursorRegistry}. */
export interface CursorRegistryOptions {
  /** Idle cursors are closed after this many milliseconds (default {@link DEFAULT_CURSOR_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** The clock (ms); when given, no timer runs and idle cursors are closed when the registry is next used. */
  readonly now?: () => number;
}

/** The `cursor` sub-document of a cursor reply. */
export interface CursorReply extends Document {
  /** The cursor id (0 when exhausted). */
  id: Long;
  /** The namespace. */
  ns: string;
}

/** Registry of open cursors. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1_000_000_000n + BigInt(Math.floor(Math.random() * 1_000_000));
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly useTimer: boolean;
  private timer: NodeJS.Timeout | undefined;

  /**
   * Creates a registry.
   * @param options - Idle timeout and clock.
   */
  constructor(options: CursorRegistryOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CURSOR_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.useTimer = options.now === undefined;
  }

  /** Number of open cursors. */
  get size(): number {
    return this.cursors.size;
  }

  /** Closes every cursor idle for longer than the timeout. */
  sweep(): void {
    const now = this.now();
    for (const [key, cursor] of this.cursors) {
      if (!cursor.noTimeout && now - cursor.lastUsed > this.timeoutMs) this.cursors.delete(key);
    }
    this.updateTimer();
  }

  private updateTimer(): void {
    if (!this.useTimer) return;
    if (this.cursors.size === 0) {
      if (this.timer !== undefined) clearInterval(this.timer);
      this.timer = undefined;
    } else if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), Math.max(1, Math.min(SWEEP_INTERVAL_MS, this.timeoutMs)));
      this.timer.unref();
    }
  }

  private take(cursor: OpenCursor, limit: number | undefined): Document[] {
    const out: Document[] = [];
    let bytes = 0;
    while (cursor.pos < cursor.docs.length) {
      if (limit !== undefined && out.length >= limit) break;
      const doc = cursor.docs[cursor.pos] as Document;
      const size = calculateObjectSize(doc);
      if (out.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      out.push(doc);
      bytes += size;
      cursor.pos++;
    }
    return out;
  }

  /**
   * Opens a cursor over fully materialized results and returns the reply's `cursor` field.
   * @param ns - Namespace (`db.collection`).
   * @param docs - All results.
   * @param batchSize - Requested batch size (applies to first batch and getMore default).
   * @param singleBatch - Close the cursor after the first batch.
   * @param noTimeout - Never close the cursor for being idle (`noCursorTimeout`).
   */
  open(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false, noTimeout = false): CursorReply {
    this.sweep();
    const cursor: OpenCursor = { ns, docs, pos: 0, batchSize: batchSize === 0 ? undefined : batchSize, noTimeout, lastUsed: this.now() };
    const first = this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = Long.ZERO;
    if (!singleBatch && cursor.pos < docs.length) {
      const key = this.nextId++;
      id = Long.fromBigInt(key);
      this.cursors.set(key.toString(), cursor);
      this.updateTimer();
    }
    return { id, ns, firstBatch: first };
  }

  /** Serves a getMore. */
  getMore(id: unknown, collection: string, batchSize: number | undefined): CursorReply {
    this.sweep();
    const key = String(id);
    const cursor = this.cursors.get(key);
    if (cursor === undefined) throw new CommandError(ErrorCodes.CursorNotFound, `cursor id ${key} not found`);
    const coll = cursor.ns.slice(cursor.ns.indexOf('.') + 1);
    if (coll !== collection && !cursor.ns.endsWith(`.${collection}`)) {
      throw new CommandError(ErrorCodes.IllegalOperation, `Requested getMore on namespace '${collection}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    cursor.lastUsed = this.now();
    const batch = this.take(cursor, batchSize ?? cursor.batchSize);
    let outId = id instanceof Long ? id : Long.fromString(key);
    if (cursor.pos >= cursor.docs.length) {
      this.cursors.delete(key);
      this.updateTimer();
      outId = Long.ZERO;
    }
    return { id: outId, ns: cursor.ns, nextBatch: batch };
  }

  /** Kills cursors; returns the killed and not-found ids. */
  kill(ids: unknown[]): { killed: unknown[]; notFound: unknown[] } {
    const killed: unknown[] = [];
    const notFound: unknown[] = [];
    for (const id of ids) {
      if (this.cursors.delete(String(id))) killed.push(id);
      else notFound.push(id);
    }
    this.updateTimer();
    return { killed, notFound };
  }

  /** Closes every cursor. */
  clear(): void {
    this.cursors.clear();
    this.updateTimer();
  }
}
