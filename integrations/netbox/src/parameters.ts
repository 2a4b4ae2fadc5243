// Parameters of the NetBox jobs (zod) and how they become adapter options.
import type { JobContext } from '@ssot/core';
import { z } from 'zod';
import type { NetboxAdapterOptions } from './options.js';

/** The parameters every NetBox job takes. */
export const netboxParameters = z.object({
  /** NetBox base URL (without `/api`). */
  netboxUrl: z.string().url().describe('NetBox base URL, e.g. https://netbox.example.com (without /api)'),
  /** API token (secret). */
  netboxToken: z.string().min(1).describe('NetBox API token, sent as "Authorization: Token <token>" (a secret: never logged or recorded)'),
  /** Maximum requests in flight. */
  concurrency: z.number().int().min(1).max(64).default(8).describe('maximum NetBox requests in flight'),
  /** Objects per page when listing. */
  pageSize: z.number().int().min(1).max(10_000).default(1000).describe('objects per page (?limit=); NetBox caps it at MAX_PAGE_SIZE'),
  /** Objects per bulk write request. */
  writeBatchSize: z.number().int().min(1).max(1000).default(100).describe('objects per bulk POST/PATCH/DELETE request'),
  /** Maximum requests started per second. */
  requestsPerSecond: z.number().positive().optional().describe('maximum NetBox requests started per second (default: unlimited)'),
  /** Timeout of one HTTP attempt. */
  timeoutMs: z.number().int().positive().default(30_000).describe('timeout of one HTTP attempt in milliseconds'),
  /** Device type slug of created devices. */
  deviceType: z.string().min(1).default('generic').describe('device type slug given to devices created in NetBox (created with manufacturer "generic" if missing)'),
  /** RIR slug of created ASNs. */
  rir: z.string().min(1).default('private').describe('RIR slug given to ASNs created for sites (created if missing)'),
  /** How prefixes refer to their site. */
  prefixSiteField: z.union([z.literal('scope'), z.literal('site')]).default('scope').describe('write a prefix site as scope (NetBox 4.2+) or site (4.0/4.1)'),
  /** Custom field of regions holding `sort_order`. */
  regionSortOrderField: z.string().min(1).optional().describe('integer custom field on regions that holds the inventory sort_order (default: none, sort_order reads as 0)'),
  /** Create missing tags, roles, platforms, device type, RIR and ASNs. */
  createLookups: z.boolean().default(true).describe('create missing tags, device roles, platforms, the device type, RIR and ASNs when writing'),
});

/** Validated parameters of the NetBox jobs. */
export type NetboxJobParams = z.output<typeof netboxParameters>;

/**
 * Adapter options from job parameters, wired to the job's logger, signal and progress.
 *
 * @param context - the job context
 * @returns the options
 */
export function adapterOptionsOf(context: JobContext<NetboxJobParams>): NetboxAdapterOptions {
  const params = context.params;
  return {
    name: 'netbox',
    url: params.netboxUrl,
    token: params.netboxToken,
    concurrency: params.concurrency,
    pageSize: params.pageSize,
    writeBatchSize: params.writeBatchSize,
    rateLimit: params.requestsPerSecond === undefined ? undefined : { requests: params.requestsPerSecond, intervalMs: 1000 },
    timeoutMs: params.timeoutMs,
    deviceType: params.deviceType,
    rir: params.rir,
    prefixSiteField: params.prefixSiteField,
    regionSortOrderField: params.regionSortOrderField,
    createLookups: params.createLookups,
    logger: context.logger,
    signal: context.signal,
    onProgress: (progress) => context.progress(progress.model, progress.current, progress.total),
  };
}
