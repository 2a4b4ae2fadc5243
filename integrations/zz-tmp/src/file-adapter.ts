// The other side of the jobs: ZzTmp's models kept in a JSON file (one list per model). Replace it with your source of truth.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Adapter, SsotError, type AnyRecord, type SyncResult } from '@ssot/core';
import { modelNames, models, type ZzTmpModels } from './models.js';

/** Options of {@link createZzTmpFileAdapter}. */
export interface ZzTmpFileAdapterOptions {
  /** Adapter name shown in diffs and logs. */
  name: string;
  /** The JSON file: `{ "<model>": [records] }`; a missing file is an empty side. */
  file: string;
  /** Write the records back to `file` after a sync (the file is a sync target). */
  writable?: boolean;
}

/** ZzTmp's models in a JSON file, written back atomically after a sync when writable. */
export class ZzTmpFileAdapter extends Adapter<ZzTmpModels> {
  /** Absolute path of the file. */
  readonly file: string;
  readonly #writable: boolean;

  /**
   * @param options - name, file, writability
   */
  constructor(options: ZzTmpFileAdapterOptions) {
    super({ name: options.name, models, topLevel: modelNames });
    this.file = resolve(options.file);
    this.#writable = options.writable ?? false;
  }

  /** Reads the file and adds every record. */
  override async load(): Promise<void> {
    if (!existsSync(this.file)) return;
    const data = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
    const snapshot: Record<string, AnyRecord[]> = {};
    for (const [model, rows] of Object.entries(data)) {
      if (!(model in models)) throw new SsotError('INVALID_FILE', `${this.file} has records of unknown model "${model}"; expected one of ${modelNames.join(', ')}.`, { model });
      if (!Array.isArray(rows)) throw new SsotError('INVALID_FILE', `${this.file}: "${model}" must be a list of records.`, { model });
      snapshot[model] = rows as AnyRecord[];
    }
    this.loadJSON({ name: this.name, models: snapshot });
  }

  /** Writes the synced records back (temporary file + rename: never half-written). */
  override async syncComplete(_source: Adapter, _result: SyncResult): Promise<void> {
    if (!this.#writable) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(this.toJSON().models, null, 2)}\n`);
    await rename(temporary, this.file);
  }
}

/**
 * Makes a file adapter (not loaded yet).
 *
 * @param options - name, file, writability
 * @returns the adapter
 */
export function createZzTmpFileAdapter(options: ZzTmpFileAdapterOptions): ZzTmpFileAdapter {
  return new ZzTmpFileAdapter(options);
}
