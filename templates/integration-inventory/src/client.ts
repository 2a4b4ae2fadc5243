// The typed __Name__ API client, on @ssot/http: lists the devices, each with its interfaces nested.
import { createHttpClient, type HttpClient, type HttpMetricsSnapshot } from '@ssot/http';
import type { __Name__AdapterOptions } from './options.js';

/** An interface as the __Name__ API sends it, inside its device. WHAT TO FILL IN: the real fields. */
export interface __Name__ApiInterface {
  /** Interface name, unique per device. */
  name: string;
  /** Interface type (`1000base-t`, `virtual`, ...). */
  kind: string;
  /** Administratively up. */
  enabled: boolean;
  /** MTU in bytes. */
  mtu: number;
  /** Free text, if any. */
  description: string | null;
  /** Tags. */
  tags: string[];
}

/** A device as the __Name__ API sends it, with its interfaces. WHAT TO FILL IN: the real fields. */
export interface __Name__ApiDevice {
  /** Hostname, unique. */
  hostname: string;
  /** Name of the site the device is at (a site of the inventory). */
  site: string;
  /** Device role. */
  role: string;
  /** Platform (`eos`, `junos`, ...). */
  platform: string;
  /** Serial number. */
  serial_number: string;
  /** Asset tag, if any. */
  asset_tag: string | null;
  /** Tags. */
  tags: string[];
  /** The device's interfaces. */
  interfaces: __Name__ApiInterface[];
}

/**
 * The __Name__ API, one method per call the integration makes. WHAT TO FILL IN: the path and the page
 * shape follow a REST convention (`GET /devices/` paged as `{ count, next, previous, results }`);
 * change them to the real API.
 */
export class __Name__Client {
  /** The underlying HTTP client (queue, retries, metrics). */
  readonly http: HttpClient;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: __Name__AdapterOptions) {
    this.http = createHttpClient({
      ...options.http,
      baseURL: options.baseUrl,
      auth: { token: options.token, scheme: 'Bearer' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /**
   * Lists every device with its interfaces (all pages, fetched concurrently).
   *
   * @returns the devices
   */
  async listDevices(): Promise<__Name__ApiDevice[]> {
    return this.http.fetchAllOffset<__Name__ApiDevice>({ path: '/devices/', pageSize: 100 });
  }

  /** The HTTP metrics (requests, retries, latency) for the sync record. */
  metrics(): HttpMetricsSnapshot {
    return this.http.metrics();
  }

  /** Frees the client's sockets. */
  close(): void {
    this.http.close();
  }
}
