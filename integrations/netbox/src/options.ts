// Options of the NetBox client and adapter: where NetBox is, how hard to hit it, and how to fill required fields.
import type { Logger } from '@ssot/core';
import type { RateLimitOptions } from '@ssot/http';

/** Loading progress of one NetBox collection, reported while its pages arrive. */
export interface NetboxLoadProgress {
  /** Inventory model or lookup table being loaded (`interface`, `tags`, ...). */
  model: string;
  /** Objects received so far. */
  current: number;
  /** Objects NetBox reported in total (its `count`), once page 1 has arrived. */
  total?: number | undefined;
}

/** Options of {@link NetboxClient}. */
export interface NetboxClientOptions {
  /** NetBox base URL without `/api`, e.g. `https://netbox.example.com`. */
  url: string;
  /** API token, sent as `Authorization: Token <token>`. A secret: never in errors, logs or records. */
  token: string;
  /** Maximum requests in flight. Default 8. */
  concurrency?: number | undefined;
  /** Maximum requests started per time window. Default: unlimited. */
  rateLimit?: RateLimitOptions | undefined;
  /** Objects per page when listing (`?limit=`). NetBox caps it at its `MAX_PAGE_SIZE` (1000 by default). Default 1000. */
  pageSize?: number | undefined;
  /** Objects per bulk POST/PATCH/DELETE request. Default 100. */
  writeBatchSize?: number | undefined;
  /** Timeout of one HTTP attempt in milliseconds. Default 30000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (429 honours `Retry-After`). Default 3. */
  retries?: number | undefined;
  /** Pino-compatible logger for HTTP attempts and retries. Silent by default. */
  logger?: Logger | undefined;
  /** Aborting it cancels every request of the client. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link NetboxAdapter} (and {@link createNetboxAdapter}). */
export interface NetboxAdapterOptions extends NetboxClientOptions {
  /** Adapter name shown in diffs and logs. Default `netbox`. */
  name?: string | undefined;
  /**
   * Slug of the device type given to devices created in NetBox (NetBox requires one; the inventory
   * has none). Created, with manufacturer `generic`, when it does not exist. Default `generic`.
   */
  deviceType?: string | undefined;
  /**
   * Name of an integer custom field on `dcim.region` holding the inventory's `sort_order`.
   * NetBox regions have no sort order: without this field it reads as 0 and is not written.
   */
  regionSortOrderField?: string | undefined;
  /** Slug of the RIR given to ASNs created for sites (`ipam/asns` needs one). Created when missing. Default `private`. */
  rir?: string | undefined;
  /**
   * How a prefix's site is written: `scope` (NetBox 4.2+: `scope_type: "dcim.site"` + `scope_id`) or
   * `site` (NetBox 4.0/4.1: `site: <id>`). Both are read. Default `scope`.
   */
  prefixSiteField?: 'scope' | 'site' | undefined;
  /** Create missing tags, device roles, platforms, the device type, RIR and ASNs when writing. Default `true`. */
  createLookups?: boolean | undefined;
  /** Called while collections load (every page). */
  onProgress?: ((progress: NetboxLoadProgress) => void) | undefined;
}

/** Default page size of list requests. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Default number of objects per bulk write request. */
export const DEFAULT_WRITE_BATCH_SIZE = 100;
/** Default concurrency of the NetBox client. */
export const DEFAULT_NETBOX_CONCURRENCY = 8;
/** Default device type slug of created devices. */
export const DEFAULT_DEVICE_TYPE = 'generic';
/** Default RIR slug of created ASNs. */
export const DEFAULT_RIR = 'private';
