// The example adapter: one side's records in a JSON file, read in one pass and written back atomically after a sync.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Adapter, SsotError, writeFileAtomic, type SyncResult } from '@ssot/core';
import { models, type ExampleData, type ExampleModels } from './models.js';
import type { ExampleAdapterOptions } from './options.js';

/** An example adapter; {@link createExampleAdapter} makes one. */
export class ExampleAdapter extends Adapter<ExampleModels> {
  /** Absolute path of the side's JSON file. */
  readonly file: string;
  readonly #options: ExampleAdapterOptions;

  /**
   * @param options - file, seed file, writability
   */
  constructor(options: ExampleAdapterOptions) {
    super({ name: options.name, models, topLevel: ['site', 'vlan'] });
    this.file = resolve(options.file);
    this.#options = options;
  }

  /** Reads the file (seeding it first when asked) and adds every record, parents found in memory. */
  override async load(): Promise<void> {
    if (!existsSync(this.file) && this.#options.seedFile !== undefined) {
      await mkdir(dirname(this.file), { recursive: true });
      await copyFile(this.#options.seedFile, this.file);
    }
    const data = JSON.parse(await readFile(this.file, 'utf8')) as Partial<ExampleData>;
    for (const [model, rows] of Object.entries(data)) {
      if (!(model in models)) throw new SsotError('INVALID_FILE', `${this.file} has records of unknown model "${model}"; expected site, device, interface or vlan.`, { model });
      if (!Array.isArray(rows)) throw new SsotError('INVALID_FILE', `${this.file}: "${model}" must be a list of records.`, { model });
    }
    for (const record of data.site ?? []) this.add('site', { ...record });
    for (const record of data.device ?? []) this.addChild('site', record.site, 'device', { ...record });
    for (const record of data.interface ?? []) this.addChild('device', record.device, 'interface', { ...record, tags: record.tags ?? [] });
    for (const record of data.vlan ?? []) this.add('vlan', { ...record });
  }

  /** Writes the synced records back (temporary file + rename: the file is never half-written). */
  override async syncComplete(_source: Adapter, _result: SyncResult): Promise<void> {
    if (!this.#options.writable) return;
    const strip = <T extends object>(record: T, field: string): Omit<T, never> => Object.fromEntries(Object.entries(record).filter(([key]) => key !== field)) as T;
    const data: ExampleData = {
      site: this.getAll('site').map((r) => strip(r, 'devices')),
      device: this.getAll('device').map((r) => strip(r, 'interfaces')),
      interface: this.getAll('interface'),
      vlan: this.getAll('vlan'),
    };
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/**
 * Makes an example adapter (not loaded yet).
 *
 * @param options - file, seed file, writability
 * @returns the adapter
 */
export function createExampleAdapter(options: ExampleAdapterOptions): ExampleAdapter {
  return new ExampleAdapter(options);
}
