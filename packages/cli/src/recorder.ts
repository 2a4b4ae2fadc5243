// Opens the sync history the CLI reads and writes: files under .ssot/runs unless configured otherwise.
import { FileRecorder, type SyncHistory } from '@ssot/core';

/** Where the CLI keeps sync records. */
export interface RecorderOptions {
  /** Runs directory (`--runs-dir`, else `SSOT_RUNS_DIR`, else `.ssot/runs`). */
  runsDir?: string;
}

/**
 * Opens the configured sync history.
 *
 * @param options - the runs directory
 * @returns the recorder
 */
export function openHistory(options: RecorderOptions = {}): SyncHistory {
  return new FileRecorder({ directory: options.runsDir ?? process.env.SSOT_RUNS_DIR ?? '.ssot/runs' });
}
