// Keeps sync records as files: one directory per run with record.json, diff.json and logs.ndjson.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { DiffJSON } from '../diff.js';
import { SsotError } from '../errors.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { flattenDiff, logMatches, newestFirst, pageDiff, runMatches, withoutDiff } from './history-query.js';
import type { DiffPage, DiffQuery, FlatDiffElement, LogPage, LogQuery, RunOverview, RunPage, RunQuery, SyncHistory } from './sync-history.js';
import { withLiveness } from './run-owner.js';
import type { SyncLogEntry, SyncRecord } from './sync-record.js';

/** How many runs, or how old, {@link FileRecorder} keeps. Older runs are removed when a run finishes. */
export interface Retention {
  /** Keep at most this many runs. */
  runs?: number;
  /** Keep runs that started at most this many days ago. */
  days?: number;
}

/** Options of {@link FileRecorder}. */
export interface FileRecorderOptions {
  /** Directory that holds one sub-directory per run (default `.ssot/runs` under the working directory). */
  directory?: string;
  /** Which runs to keep (default: all). */
  retention?: Retention;
}

const RECORD_FILE = 'record.json';
const DIFF_FILE = 'diff.json';
const LOGS_FILE = 'logs.ndjson';
/** A running run's last sign of life (ISO 8601), kept apart so that a heartbeat never rewrites the record. */
const HEARTBEAT_FILE = 'heartbeat';
/** Flat diffs kept in memory for paging. */
const FLAT_DIFF_CACHE = 4;
/** How much of `diff.json` {@link FileRecorder.getRunOverview} reads at a time while looking for the elements. */
const HEAD_CHUNK = 64 * 1024;

/**
 * Finds the top-level `"elements"` key of a JSON object text, reading it as it grows: a tiny
 * scanner (strings, escapes, nesting) so that the diff's metadata, written before its elements,
 * can be parsed without the elements.
 */
class ElementsKeyScanner {
  #at = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #expectKey = false;
  #keyStart = -1;

  /**
   * Scans what was added to `text` since the last call.
   *
   * @param text - the text read so far (always the same prefix, growing)
   * @returns the offset of the opening quote of the top-level `"elements"` key, or `-1` when not seen yet
   */
  scan(text: string): number {
    for (; this.#at < text.length; this.#at += 1) {
      const char = text.charCodeAt(this.#at);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (char === 0x5c) this.#escaped = true;
        else if (char === 0x22) {
          this.#inString = false;
          if (this.#keyStart >= 0 && text.slice(this.#keyStart + 1, this.#at) === 'elements') return this.#keyStart;
          this.#keyStart = -1;
        }
      } else if (char === 0x22) {
        this.#inString = true;
        if (this.#depth === 1 && this.#expectKey) this.#keyStart = this.#at;
        this.#expectKey = false;
      } else if (char === 0x7b || char === 0x5b) {
        this.#depth += 1;
        this.#expectKey = this.#depth === 1 && char === 0x7b;
      } else if (char === 0x7d || char === 0x5d) this.#depth -= 1;
      else if (char === 0x2c && this.#depth === 1) this.#expectKey = true;
    }
    return -1;
  }
}

/**
 * The embedded default recorder. Each run gets a directory named `<start time>_<run id>`, so
 * directory order is time order, holding:
 *
 * - `record.json`: the record without its diff, replaced atomically (temporary file + rename)
 *   whenever a step ends, so a reader never sees a half-written file and a crashed run still
 *   shows the steps it finished;
 * - `diff.json`: the diff, written once when it is calculated;
 * - `logs.ndjson`: log entries, one JSON object per line, appended one batch per write.
 *
 * @example
 * ```ts
 * import { FileRecorder, runJob } from '@ssot/core';
 *
 * const recorder = new FileRecorder({ directory: '.ssot/runs', retention: { runs: 200, days: 30 } });
 * await runJob(inventoryToAcme, { params, recorder });
 *
 * const { runs } = await recorder.listRuns({ job: 'inventory-to-acme', status: 'failed', limit: 5 });
 * for (const run of runs) {
 *   const { entries } = await recorder.readLogs(run.id, { status: 'error', model: 'interface' });
 *   console.log(run.startedAt, run.error?.message, entries.map((entry) => entry.uid));
 * }
 * ```
 */
export class FileRecorder implements SyncHistory {
  /** Absolute path of the runs directory. */
  readonly directory: string;
  /** {@inheritDoc SyncHistory.description} */
  readonly description: string;
  readonly #retention: Retention;
  readonly #runDirs = new Map<string, string>();
  readonly #diffWritten = new Set<string>();
  readonly #flatDiffs = new Map<string, FlatDiffElement[]>();

  /**
   * @param options - directory and retention
   */
  constructor(options: FileRecorderOptions = {}) {
    this.directory = resolve(options.directory ?? join('.ssot', 'runs'));
    this.description = `files in ${this.directory}`;
    this.#retention = options.retention ?? {};
  }

  /** {@inheritDoc SyncRecorder.start} */
  async start(record: SyncRecord): Promise<void> {
    const dir = join(this.directory, `${record.startedAt.replace(/[:.]/g, '-')}_${record.id}`);
    await mkdir(dir, { recursive: true });
    this.#runDirs.set(record.id, dir);
    await writeFile(join(dir, LOGS_FILE), '');
    await this.#writeRecord(dir, record);
  }

  /** {@inheritDoc SyncRecorder.update} */
  async update(record: SyncRecord): Promise<void> {
    const dir = this.#dirOf(record.id);
    if (record.diff !== undefined && !this.#diffWritten.has(record.id)) {
      await writeFileAtomic(join(dir, DIFF_FILE), JSON.stringify(record.diff));
      this.#diffWritten.add(record.id);
    }
    await this.#writeRecord(dir, record);
  }

  /** {@inheritDoc SyncRecorder.appendLogs} */
  async appendLogs(runId: string, entries: readonly SyncLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    let text = '';
    for (const entry of entries) text += `${JSON.stringify(entry)}\n`;
    await appendFile(join(this.#dirOf(runId), LOGS_FILE), text);
  }

  /** {@inheritDoc SyncRecorder.heartbeat} */
  async heartbeat(runId: string, at: string): Promise<void> {
    await writeFile(join(this.#dirOf(runId), HEARTBEAT_FILE), at);
  }

  /** {@inheritDoc SyncRecorder.finish} */
  async finish(record: SyncRecord): Promise<void> {
    await this.update(record);
    await rm(join(this.#dirOf(record.id), HEARTBEAT_FILE), { force: true });
    this.#runDirs.delete(record.id);
    this.#diffWritten.delete(record.id);
    await this.#applyRetention();
  }

  /** {@inheritDoc SyncHistory.listRuns} */
  async listRuns(query: RunQuery = {}): Promise<RunPage> {
    const dirs = await this.#listDirs();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const filtered = query.job !== undefined || query.status !== undefined || query.dryRun !== undefined;
    if (!filtered) {
      // Directory names sort by start time: only the page's records need reading.
      const page = await Promise.all(dirs.slice(offset, offset + limit).map((dir) => this.#readRecord(dir)));
      return { runs: page.filter((r): r is SyncRecord => r !== undefined).sort(newestFirst), total: dirs.length };
    }
    const all = (await Promise.all(dirs.map((dir) => this.#readRecord(dir)))).filter((r): r is SyncRecord => r !== undefined && runMatches(r, query));
    all.sort(newestFirst);
    return { runs: all.slice(offset, offset + limit), total: all.length };
  }

  /** {@inheritDoc SyncHistory.getRun} */
  async getRun(id: string): Promise<SyncRecord | undefined> {
    const dir = await this.#findDir(id);
    if (dir === undefined) return undefined;
    const record = await this.#readRecord(dir);
    if (record === undefined) return undefined;
    const diff = await this.#readDiffFile(dir);
    if (diff !== undefined) record.diff = diff;
    return record;
  }

  /**
   * A run's record and its diff's metadata (adapters, counts per model), without the diff's
   * elements: `diff.json` is read only up to its elements, so a run with a 100 000-element diff
   * opens without parsing tens of megabytes. Falls back to parsing the whole file when its
   * elements come before its counts (a file not written by this recorder).
   *
   * @param id - the run's id, or a unique prefix of it
   * @returns the record (without `diff`) and, once the diff is calculated, its version, adapters
   *   and counts per model; `undefined` when there is no such run
   */
  async getRunOverview(id: string): Promise<RunOverview | undefined> {
    const dir = await this.#findDir(id);
    if (dir === undefined) return undefined;
    const record = await this.#readRecord(dir);
    if (record === undefined) return undefined;
    const diffMeta = await this.#readDiffMeta(dir);
    return diffMeta === undefined ? { record } : { record, diffMeta };
  }

  /** {@inheritDoc SyncHistory.readLogs} */
  async readLogs(id: string, query: LogQuery = {}): Promise<LogPage> {
    const dir = await this.#findDir(id);
    const entries: SyncLogEntry[] = [];
    let total = 0;
    if (dir === undefined) return { entries, total };
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? 100);
    // Streamed line by line: a run's log can be far larger than one page.
    const lines = createInterface({ input: createReadStream(join(dir, LOGS_FILE)), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line === '') continue;
        const entry = JSON.parse(line) as SyncLogEntry;
        if (!logMatches(entry, query)) continue;
        if (total >= offset && total < offset + limit) entries.push(entry);
        total += 1;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { entries, total };
  }

  /** {@inheritDoc SyncHistory.readDiff} */
  async readDiff(id: string, query: DiffQuery = {}): Promise<DiffPage> {
    const dir = await this.#findDir(id);
    if (dir === undefined) return pageDiff([], query);
    // diff.json is written once per run: keep the last few runs' flat diffs for paging through them.
    let flat = this.#flatDiffs.get(dir);
    if (flat === undefined) {
      const diff = await this.#readDiffFile(dir);
      if (diff === undefined) return pageDiff([], query);
      flat = flattenDiff(diff);
      this.#flatDiffs.set(dir, flat);
      if (this.#flatDiffs.size > FLAT_DIFF_CACHE) this.#flatDiffs.delete(this.#flatDiffs.keys().next().value as string);
    }
    return pageDiff(flat, query);
  }

  #dirOf(runId: string): string {
    const dir = this.#runDirs.get(runId);
    if (dir === undefined) throw new SsotError('RECORDER', `FileRecorder: run ${runId} was not started with this recorder.`);
    return dir;
  }

  async #writeRecord(dir: string, record: SyncRecord): Promise<void> {
    await writeFileAtomic(join(dir, RECORD_FILE), JSON.stringify(withoutDiff(record), null, 2));
  }

  /** Run directories, newest first. */
  async #listDirs(): Promise<string[]> {
    try {
      const names = await readdir(this.directory, { withFileTypes: true });
      return names
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .reverse()
        .map((name) => join(this.directory, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async #findDir(id: string): Promise<string | undefined> {
    if (id === '') return undefined;
    const dirs = await this.#listDirs();
    const exact = dirs.find((dir) => dir.endsWith(`_${id}`));
    if (exact !== undefined) return exact;
    const prefixed = dirs.filter((dir) => (dir.split('_').pop() ?? '').startsWith(id));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  /** A stored record as readers must see it: a running run whose process is gone is `interrupted` (see `withLiveness`). */
  async #readRecord(dir: string): Promise<SyncRecord | undefined> {
    let record: SyncRecord;
    try {
      record = JSON.parse(await readFile(join(dir, RECORD_FILE), 'utf8')) as SyncRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (record.status !== 'running' && record.status !== 'pending') return record;
    const beat = await readFile(join(dir, HEARTBEAT_FILE), 'utf8').catch(() => undefined);
    if (beat !== undefined && (record.heartbeatAt === undefined || beat > record.heartbeatAt)) record.heartbeatAt = beat;
    return withLiveness(record);
  }

  async #readDiffFile(dir: string): Promise<DiffJSON | undefined> {
    try {
      return JSON.parse(await readFile(join(dir, DIFF_FILE), 'utf8')) as DiffJSON;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async #readDiffMeta(dir: string): Promise<Omit<DiffJSON, 'elements'> | undefined> {
    const file = await open(join(dir, DIFF_FILE), 'r').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    if (file === undefined) return undefined;
    let head = '';
    try {
      const decoder = new TextDecoder();
      const scanner = new ElementsKeyScanner();
      const buffer = Buffer.alloc(HEAD_CHUNK);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, HEAD_CHUNK, null);
        head += decoder.decode(buffer.subarray(0, bytesRead), { stream: bytesRead > 0 });
        const at = scanner.scan(head);
        if (at >= 0) {
          const meta = JSON.parse(`${head.slice(0, at).trimEnd().replace(/,$/, '')}}`) as Partial<DiffJSON>;
          if (meta.summaryByModel !== undefined) return meta as Omit<DiffJSON, 'elements'>;
          break;
        }
        if (bytesRead === 0) break;
      }
    } finally {
      await file.close();
    }
    // The counts are not before the elements: read it all.
    const diff = await this.#readDiffFile(dir);
    if (diff === undefined) return undefined;
    const { elements: _elements, ...meta } = diff;
    return meta;
  }

  async #applyRetention(): Promise<void> {
    const { runs, days } = this.#retention;
    if (runs === undefined && days === undefined) return;
    const dirs = await this.#listDirs();
    const cutoff = days === undefined ? undefined : Date.now() - days * 86_400_000;
    const doomed: string[] = [];
    for (const [index, dir] of dirs.entries()) {
      if (runs !== undefined && index >= runs) {
        doomed.push(dir);
        continue;
      }
      if (cutoff !== undefined) {
        const record = await this.#readRecord(dir);
        if (record !== undefined && Date.parse(record.startedAt) < cutoff) doomed.push(dir);
      }
    }
    await Promise.all(doomed.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
