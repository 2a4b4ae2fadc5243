// The read side of sync records: list runs, read one back, filter its log entries and diff.
import type { DiffJSON } from '../diff.js';
import type { DiffAction, DiffElementJSON } from '../diff-element.js';
import type { ElementStatus } from '../sync-result.js';
import type { RunStatus, SyncLogEntry, SyncRecord, SyncRecorder } from './sync-record.js';

/** Which runs {@link SyncHistory.listRuns} returns. */
export interface RunQuery {
  /** Only runs of this job. */
  job?: string;
  /** Only runs with this status. */
  status?: RunStatus;
  /** Only dry runs (`true`) or only real runs (`false`). */
  dryRun?: boolean;
  /** How many to skip (newest first). Default 0. */
  offset?: number;
  /** How many to return. Default 50. */
  limit?: number;
}

/** One page of runs, newest first. Runs are returned without their diff. */
export interface RunPage {
  /** The runs on this page. */
  runs: SyncRecord[];
  /** How many runs match the query in all. */
  total: number;
}

/** Which log entries {@link SyncHistory.readLogs} returns. */
export interface LogQuery {
  /** Only this action. */
  action?: DiffAction;
  /** Only this status. */
  status?: ElementStatus;
  /** Only this model. */
  model?: string;
  /** How many matching entries to skip. Default 0. */
  offset?: number;
  /** How many to return. Default 100. */
  limit?: number;
}

/** One page of log entries, in the order they were written. */
export interface LogPage {
  /** The entries on this page. */
  entries: SyncLogEntry[];
  /** How many entries match the query in all. */
  total: number;
}

/** Which diff elements {@link SyncHistory.readDiff} returns. */
export interface DiffQuery {
  /** Only this model. */
  model?: string;
  /** Only this action (`none` for elements without a change of their own). */
  action?: DiffAction;
  /** How many matching elements to skip. Default 0. */
  offset?: number;
  /** How many to return. Default 100. */
  limit?: number;
}

/** One ancestor of a flattened diff element: enough to name it (`device ams1-core1`). */
export interface DiffAncestor {
  /** The ancestor's model. */
  model: string;
  /** Its unique id. */
  uid: string;
  /** Its short display name. */
  shortname: string;
}

/** A flattened diff element: the element without its children, plus where it sits in the tree. */
export interface FlatDiffElement extends Omit<DiffElementJSON, 'children'> {
  /** Depth in the diff tree (0 for top-level elements). */
  depth: number;
  /** Unique id of the parent element, for children. */
  parent?: string;
  /**
   * The element's ancestors, top-level first (`[site ams1, device ams1-core1]` for an interface),
   * for children: a filtered page can say where each element sits. Absent in diffs stored before
   * ssot recorded it.
   */
  path?: DiffAncestor[];
}

/** One page of a run's diff, in tree order (each element before its children). */
export interface DiffPage {
  /** The elements on this page. */
  elements: FlatDiffElement[];
  /** How many elements match the query in all. */
  total: number;
}

/** A recorder that can also read its records back: what the CLI's `history` and `show` use. */
export interface SyncHistory extends SyncRecorder {
  /** Where the records live, for users (`"files in .ssot/runs"`). */
  readonly description: string;
  /** Runs matching `query`, newest first, without their diff. */
  listRuns(query?: RunQuery): Promise<RunPage>;
  /** One run with its diff, or `undefined` when there is none with that id (a unique prefix of an id also matches). */
  getRun(id: string): Promise<SyncRecord | undefined>;
  /**
   * One run without its diff's elements: the record (without `diff`) and the diff's version,
   * adapters and counts per model. Optional: a history that can answer it without reading the whole
   * diff (tens of megabytes for a 100 000-element run) implements it; readers fall back to `getRun`.
   */
  getRunOverview?(id: string): Promise<RunOverview | undefined>;
  /** A run's log entries matching `query`. */
  readLogs(id: string, query?: LogQuery): Promise<LogPage>;
  /** A run's diff elements matching `query`. */
  readDiff(id: string, query?: DiffQuery): Promise<DiffPage>;
}

/** A run without its diff's elements (see {@link SyncHistory.getRunOverview}). */
export interface RunOverview {
  /** The record, without `diff`. */
  record: SyncRecord;
  /** The diff's version, adapters and counts per model, once the diff is calculated. */
  diffMeta?: Omit<DiffJSON, 'elements'>;
}
