// The MongoDB inventory as the NetBox jobs' inventory side (the embedded test server unless a MongoDB URI is given).
import { createMongoInventoryAdapter, ensureInventoryIndexes } from '@ssot/inventory';
import { connectMongo } from '@ssot/mongoose';
import { z } from 'zod';
import type { NetboxInventorySide } from './netbox-jobs.js';

/**
 * The inventory side backed by MongoDB through `@ssot/inventory`: parameters `mongodbUri` (secret;
 * default `MONGODB_URI`, else the embedded test server), `database` and `embeddedDataDir`. Writes
 * go through validated bulk writes with a change log, stamped with the run.
 *
 * @returns the inventory side for {@link createNetboxJobs}
 */
export function mongoInventory(): NetboxInventorySide {
  return {
    description: 'MongoDB inventory',
    parameters: {
      mongodbUri: z.string().min(1).optional().describe('MongoDB connection string (default: MONGODB_URI; when neither is set, the embedded MongoDB test server)'),
      database: z.string().min(1).default('ssot').describe('database of the inventory'),
      embeddedDataDir: z.string().min(1).default('.ssot/mongodb').describe("the embedded MongoDB test server's data directory (used only without a MongoDB URI)"),
    },
    secrets: ['mongodbUri'],
    async load(context) {
      const { params, logger } = context;
      const uri = typeof params['mongodbUri'] === 'string' ? params['mongodbUri'] : undefined;
      const mongo = await connectMongo({ ...(uri === undefined ? {} : { uri }), dbName: String(params['database'] ?? 'ssot'), embeddedDataDir: String(params['embeddedDataDir'] ?? '.ssot/mongodb'), logger });
      context.defer(() => mongo.close());
      if (mongo.backend === 'test-server') logger.warn({ backend: mongo.backend }, `${mongo.description}; set MONGODB_URI to use a MongoDB server`);
      context.setMetrics('mongodb', { backend: mongo.backend, server: mongo.description });
      await ensureInventoryIndexes(mongo.connection);
      const adapter = createMongoInventoryAdapter({ connection: mongo.connection, run: { id: context.runId, job: 'netbox' }, logger, onLoadProgress: (model, count) => context.progress(model, count) });
      await adapter.load(context.signal);
      return adapter;
    },
  };
}
