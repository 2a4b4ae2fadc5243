// A recorder for runJob tests: keeps every call in order, can be told to fail, and refuses calls after finish().
import type { LogFn, Logger } from '../logger.js';
import { MemoryRecorder, type SyncLogEntry, type SyncRecord, type SyncRecorder } from '../jobs/sync-record.js';

/** Which recorder method. */
export type RecorderMethod = 'start' | 'update' | 'appendLogs' | 'finish';

/** Decides whether one call fails: return an error to throw it. */
export type FailureRule = (method: RecorderMethod, record: SyncRecord | undefined, call: number) => Error | undefined;

/**
 * Stores like {@link MemoryRecorder}, keeps the order of calls in `calls` (and in `events` when
 * given, interleaved with the test's own events), and records any call made after `finish()` in
 * `late` before throwing: a run must make no recorder call once it is finished.
 */
export class RecordingRecorder implements SyncRecorder {
  /** Where the calls that went through are stored. */
  readonly memory = new MemoryRecorder();
  /** Every call, in order, as `method` names. */
  readonly calls: RecorderMethod[] = [];
  /** Calls made after `finish()`. */
  readonly late: RecorderMethod[] = [];
  /** The record as `finish()` received it. */
  finished: SyncRecord | undefined;
  readonly #events: string[] | undefined;
  readonly #fail: FailureRule | undefined;
  #count = 0;
  #closed = false;

  /**
   * @param options - a shared event list, and a rule that makes calls fail
   */
  constructor(options: { events?: string[]; fail?: FailureRule } = {}) {
    this.#events = options.events;
    this.#fail = options.fail;
  }

  #enter(method: RecorderMethod, record: SyncRecord | undefined): void {
    if (this.#closed) {
      this.late.push(method);
      throw new Error(`recorder.${method}() called after finish()`);
    }
    if (method === 'finish') this.#closed = true;
    this.calls.push(method);
    this.#events?.push(`recorder.${method}`);
    const error = this.#fail?.(method, record, this.#count++);
    if (error !== undefined) throw error;
  }

  /** {@inheritDoc SyncRecorder.start} */
  async start(record: SyncRecord): Promise<void> {
    this.#enter('start', record);
    await this.memory.start(record);
  }

  /** {@inheritDoc SyncRecorder.update} */
  async update(record: SyncRecord): Promise<void> {
    this.#enter('update', record);
    await this.memory.update(record);
  }

  /** {@inheritDoc SyncRecorder.appendLogs} */
  async appendLogs(runId: string, entries: readonly SyncLogEntry[]): Promise<void> {
    this.#enter('appendLogs', undefined);
    await this.memory.appendLogs(runId, entries);
  }

  /** {@inheritDoc SyncRecorder.finish} */
  async finish(record: SyncRecord): Promise<void> {
    this.#enter('finish', record);
    this.finished = structuredClone(record);
    await this.memory.finish(record);
  }
}

/** A logger that keeps `level: message` lines. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: string): LogFn =>
    (obj: object | string, msg?: string): void =>
      void lines.push(`${level}: ${typeof obj === 'string' ? obj : (msg ?? JSON.stringify(obj))}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Resolves after one turn of the event loop (a macrotask), so that every pending microtask ran. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
