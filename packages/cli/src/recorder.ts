// Opens the sync history the CLI reads and writes: files under .ssot/runs by default, or MongoDB.
import { FileRecorder, type Logger, type SyncHistory } from '@ssot/core';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** Where the CLI keeps sync records. */
export interface HistoryOptions {
  /** `files` (default) or `mongodb` (`--history`, else `SSOT_HISTORY`). */
  backend?: string;
  /** Runs directory for files (`--runs-dir`, else `SSOT_RUNS_DIR`, else `.ssot/runs`). */
  runsDir?: string;
  /** Where to say which MongoDB is in use. */
  logger?: Logger;
}

/** An open history and how to close it. */
export interface OpenHistory {
  /** The recorder. */
  history: SyncHistory;
  /** Releases connections. */
  close(): Promise<void>;
}

/**
 * Opens the configured sync history. `mongodb` connects to `MONGODB_URI`, or to the embedded
 * MongoDB test server when it is not set (its data kept in `SSOT_EMBEDDED_MONGODB_DIR`, default
 * `.ssot/mongodb`).
 *
 * @param options - backend, runs directory, logger
 * @returns the history
 * @throws CliError (usage) for an unknown backend
 */
export async function openHistory(options: HistoryOptions = {}): Promise<OpenHistory> {
  const backend = options.backend ?? process.env.SSOT_HISTORY ?? 'files';
  if (backend === 'files') {
    return { history: new FileRecorder({ directory: options.runsDir ?? process.env.SSOT_RUNS_DIR ?? '.ssot/runs' }), close: async () => undefined };
  }
  if (backend === 'mongodb') {
    // mongoose is loaded only when the history lives in MongoDB.
    const { connectMongo, DEFAULT_EMBEDDED_DATA_DIR, MongoRecorder } = await import('@ssot/mongoose');
    // Without MONGODB_URI the embedded server keeps its data in .ssot/mongodb, so the history outlives the process.
    const handle = await connectMongo({ embeddedDataDir: process.env.SSOT_EMBEDDED_MONGODB_DIR || DEFAULT_EMBEDDED_DATA_DIR, ...(options.logger === undefined ? {} : { logger: options.logger }) });
    return { history: new MongoRecorder({ connection: handle.connection, description: `${handle.description}, collection ssot_syncs` }), close: () => handle.close() };
  }
  throw new CliError(`--history "${backend}" is not a history backend.`, 'Use --history files (default) or --history mongodb (MONGODB_URI).', EXIT_USAGE);
}
