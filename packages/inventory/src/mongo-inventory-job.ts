// The MongoDB inventory as one side of a job: its parameters and the loader every integration's job shares.
import type { JobContext } from '@ssot/core';
import { connectMongo, DEFAULT_EMBEDDED_DATA_DIR, type MongooseAdapter } from '@ssot/mongoose';
import { z } from 'zod';
import type { InventoryModels } from './models.js';
import { createMongoInventoryAdapter, ensureInventoryIndexes } from './mongo-inventory.js';

/**
 * Job parameters of the MongoDB inventory (spread them into a job's zod object; `mongodbUri` is a secret).
 *
 * @example
 * ```ts
 * import { defineJob } from '@ssot/core';
 * import { loadMongoInventory, mongoInventoryParameters } from '@ssot/inventory';
 * import { z } from 'zod';
 *
 * export const csvToInventory = defineJob({
 *   name: 'csv-to-inventory', direction: 'data-source', source: 'CSV export', target: 'MongoDB inventory',
 *   parameters: z.object({
 *     file: z.string().describe('the CSV export'),
 *     transaction: z.boolean().default(false),
 *     ...mongoInventoryParameters, // mongodbUri, database (default 'ssot'), embeddedDataDir (default '.ssot/mongodb')
 *   }),
 *   secrets: ['mongodbUri'], // it may hold credentials
 *   loadSource: ({ params }) => loadCsvInventory(params.file), // your loader: a loaded Adapter<InventoryModels>
 *   loadTarget: (context) => loadMongoInventory(context, { transaction: context.params.transaction }),
 * });
 * ```
 */
export const mongoInventoryParameters = {
  /** MongoDB connection string (a secret: it may hold credentials). */
  mongodbUri: z.string().min(1).optional().describe('MongoDB connection string (default: MONGODB_URI; when neither is set, the embedded MongoDB test server)'),
  /** Database name. */
  database: z.string().min(1).default('ssot').describe('database of the inventory'),
  /** Where the embedded test server keeps its data between runs. */
  embeddedDataDir: z.string().min(1).default(DEFAULT_EMBEDDED_DATA_DIR).describe("the embedded MongoDB test server's data directory (used only without a MongoDB URI)"),
};

/** Values of {@link mongoInventoryParameters}. */
export interface MongoInventoryParams {
  /** MongoDB connection string. */
  mongodbUri?: string | undefined;
  /** Database name. */
  database: string;
  /** The embedded test server's data directory. */
  embeddedDataDir: string;
}

/**
 * Connects to the inventory's MongoDB (the embedded test server unless a URI is given or
 * `MONGODB_URI` is set; the connection says which), creates its indexes, and loads it. The
 * connection closes when the run ends; the backend and the time it took to open and to close the
 * store (`openMs`, `closeMs`) are stored in the record's metrics as `mongodb`.
 *
 * @param context - the job context, with the {@link mongoInventoryParameters}
 * @param options - `transaction`: apply the sync in one transaction
 * @returns the loaded adapter, stamping and change-logging writes with the run
 * @example
 * ```ts
 * import { defineJob, runJob } from '@ssot/core';
 * import { loadMongoInventory, mongoInventoryParameters } from '@ssot/inventory';
 * import { z } from 'zod';
 *
 * const netboxToInventory = defineJob({
 *   name: 'netbox-to-inventory', direction: 'data-source', source: 'NetBox', target: 'MongoDB inventory',
 *   parameters: z.object({ url: z.url(), token: z.string().min(1), ...mongoInventoryParameters }),
 *   secrets: ['token', 'mongodbUri'],
 *   loadSource: ({ params }) => loadNetbox(params.url, params.token), // your loader: a loaded Adapter<InventoryModels>
 *   loadTarget: (context) => loadMongoInventory(context),
 * });
 * // Without mongodbUri or MONGODB_URI: the embedded test server, its data kept in .ssot/mongodb between runs.
 * await runJob(netboxToInventory, { params: { url: 'https://netbox.example.com', token: 'env:NETBOX_TOKEN' }, dryRun: true });
 * ```
 */
export async function loadMongoInventory(context: JobContext<MongoInventoryParams>, options: { transaction?: boolean } = {}): Promise<MongooseAdapter<InventoryModels>> {
  const { params, logger } = context;
  const opening = performance.now();
  const mongo = await connectMongo({ ...(params.mongodbUri === undefined ? {} : { uri: params.mongodbUri }), dbName: params.database, embeddedDataDir: params.embeddedDataDir, logger });
  // How long opening and closing the store took (the embedded server's start-up and shut-down included), in the record.
  const metrics = { backend: mongo.backend, server: mongo.description, openMs: Math.round(performance.now() - opening) };
  context.setMetrics('mongodb', metrics);
  context.defer(async () => {
    const closing = performance.now();
    await mongo.close();
    context.setMetrics('mongodb', { ...metrics, closeMs: Math.round(performance.now() - closing) });
  });
  await ensureInventoryIndexes(mongo.connection);
  const adapter = createMongoInventoryAdapter({
    connection: mongo.connection,
    run: { id: context.runId, job: context.job },
    transaction: options.transaction ?? false,
    logger,
    onLoadProgress: (model, count) => context.progress(model, count),
  });
  await adapter.load(context.signal);
  return adapter;
}
