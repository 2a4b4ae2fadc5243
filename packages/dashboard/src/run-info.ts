// A run as the pages read it: its record without the diff, and the diff's counts per model, read without the diff's elements where the history can.
import type { DiffJSON, DiffSummary, SyncHistory, SyncRecord } from '@ssot/core';

/** A run as the pages and the API read it: the record without its diff, and the diff's per-model counts. */
export interface RunInfo {
  /** The record, without its diff (parameters as stored). */
  run: SyncRecord;
  /** The diff's counts per model, when there is a diff. */
  summaryByModel?: Record<string, DiffSummary>;
  /** Every model named in the diff or the loaded counts, sorted. */
  models: string[];
}

/**
 * A history that reads a run's record and its diff's metadata without the diff's elements
 * (core's `FileRecorder.getRunOverview`). `SyncHistory.getRun` always returns the whole diff:
 * tens of megabytes to parse for a 100 000-element run, for a page that shows its counts.
 */
export interface RunOverviewReader {
  /** The record without `diff`, and the diff's version, adapters and counts per model. */
  getRunOverview(id: string): Promise<{ record: SyncRecord; diffMeta?: Omit<DiffJSON, 'elements'> } | undefined>;
}

/**
 * Whether a history can read runs without their diff's elements.
 *
 * @param history - the history
 * @returns `true` when it has `getRunOverview`
 */
export function readsOverviews(history: SyncHistory): history is SyncHistory & RunOverviewReader {
  return typeof (history as Partial<RunOverviewReader>).getRunOverview === 'function';
}

/**
 * Reads a run for the pages: through `getRunOverview` when the history has it, else through `getRun`.
 *
 * @param history - the history
 * @param id - the run's id, or a unique prefix of it
 * @returns the run, or `undefined` when there is none
 */
export async function readRunInfo(history: SyncHistory, id: string): Promise<RunInfo | undefined> {
  let run: SyncRecord;
  let summaryByModel: Record<string, DiffSummary> | undefined;
  if (readsOverviews(history)) {
    const overview = await history.getRunOverview(id);
    if (overview === undefined) return undefined;
    run = overview.record;
    summaryByModel = overview.diffMeta?.summaryByModel;
  } else {
    const stored = await history.getRun(id);
    if (stored === undefined) return undefined;
    const { diff, ...rest } = stored;
    run = rest;
    summaryByModel = diff?.summaryByModel;
  }
  const models = [...new Set([...Object.keys(summaryByModel ?? {}), ...Object.keys(run.loaded?.source ?? {}), ...Object.keys(run.loaded?.target ?? {})])].sort();
  return summaryByModel === undefined ? { run, models } : { run, summaryByModel, models };
}
