// A run as the pages read it: its record without the diff, and the diff's counts per model, read without the diff's elements where the history can.
import type { DiffSummary, SyncHistory, SyncRecord } from '@ssot/core';

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
 * Reads a run for the pages: through `getRunOverview` when the history has it, else through `getRun`.
 *
 * @param history - the history
 * @param id - the run's id, or a unique prefix of it
 * @returns the run, or `undefined` when there is none
 */
export async function readRunInfo(history: SyncHistory, id: string): Promise<RunInfo | undefined> {
  let run: SyncRecord;
  let summaryByModel: Record<string, DiffSummary> | undefined;
  // A history that can read a run without its diff's elements saves parsing the whole diff for a page of counts.
  if (history.getRunOverview !== undefined) {
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
