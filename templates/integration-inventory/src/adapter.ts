// The __Name__ adapter: loads the devices, each with its interfaces, through the API client, as records of the inventory's models.
import { Adapter, type RecordInput } from '@ssot/core';
import { __Name__Client, type __Name__ApiDevice, type __Name__ApiInterface } from './client.js';
import { models, topLevel, type __Name__Models } from './models.js';
import type { __Name__AdapterOptions } from './options.js';

/**
 * A device of the API as an inventory device record. WHAT TO FILL IN: how the API's fields map to
 * the inventory's (see `dataMappings` of the job).
 *
 * @param device - the device as the API sends it
 * @returns the inventory record (its interfaces are added as children)
 */
export function toDevice(device: __Name__ApiDevice): RecordInput<__Name__Models['device']> {
  return {
    name: device.hostname,
    site: device.site,
    role: device.role,
    platform: device.platform,
    serial: device.serial_number,
    asset_tag: device.asset_tag,
    tags: [...device.tags].sort(),
  };
}

/**
 * An interface of the API as an inventory interface record.
 *
 * @param device - the name of its device in the inventory
 * @param iface - the interface as the API sends it
 * @returns the inventory record
 */
export function toInterface(device: string, iface: __Name__ApiInterface): RecordInput<__Name__Models['interface']> {
  return { device, name: iface.name, type: iface.kind, enabled: iface.enabled, mtu: iface.mtu, description: iface.description, tags: [...iface.tags].sort() };
}

/** The __Name__ side of a sync: devices at the top, their interfaces as children; {@link create__Name__Adapter} makes one. */
export class __Name__Adapter extends Adapter<__Name__Models> {
  /** The API client (its metrics go into the sync record). */
  readonly client: __Name__Client;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: __Name__AdapterOptions) {
    super({ name: options.name ?? '__name__', models, topLevel });
    this.client = new __Name__Client(options);
  }

  /** Lists the devices through the API (one paged list) and adds each with its interfaces. */
  override async load(): Promise<void> {
    for (const device of await this.client.listDevices()) {
      const record = this.add('device', toDevice(device));
      for (const iface of device.interfaces) this.addChild('device', record, 'interface', toInterface(record.name, iface));
    }
  }
}

/**
 * Makes a __Name__ adapter (not loaded yet).
 *
 * @example
 * ```ts
 * const adapter = create__Name__Adapter({ baseUrl: 'https://__name__.example.com/api', token: process.env.__NAME___TOKEN ?? '' });
 * await adapter.load();
 * console.log(adapter.count('device'), 'devices', adapter.count('interface'), 'interfaces');
 * adapter.client.close();
 * ```
 *
 * @param options - base URL, token, HTTP options
 * @returns the adapter
 */
export function create__Name__Adapter(options: __Name__AdapterOptions): __Name__Adapter {
  return new __Name__Adapter(options);
}
