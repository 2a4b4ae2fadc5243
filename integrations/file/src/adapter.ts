// The file adapter: an inventory in YAML, JSON or CSV files, read in one pass and written back atomically after a sync.
import { readFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Adapter, FileWriteError, writeFileAtomic, type SyncResult } from '@ssot/core';
import type { InventoryModels } from '@ssot/inventory';
import { EmptySourceError, FileFormatError } from './errors.js';
import { resolveLayout, type ResolvedLayout } from './layout.js';
import { DEFAULT_MAX_ERRORS, loadRecords } from './load-records.js';
import { fileModelOrder, fileModels, fileTopLevel, type FileModelName } from './models.js';
import type { FileAdapterOptions } from './options.js';
import { parseDocumentFile, parseModelFile, type ParsedFile } from './parse-file.js';
import { serializeDocument, serializeModelFile } from './serialize.js';

/**
 * An inventory held in files, as a sync source or target; {@link createFileAdapter} makes one.
 * {@link FileAdapter.load} reads and validates every file; when `writable`, {@link FileAdapter.syncComplete}
 * writes the files of the models that changed back, each atomically.
 */
export class FileAdapter extends Adapter<InventoryModels> {
  /** Absolute path of the document or directory. */
  readonly path: string;
  readonly #options: FileAdapterOptions;
  #layout: ResolvedLayout | undefined;
  // The text of each file as loaded (or last written): unchanged files are not rewritten.
  readonly #texts = new Map<string, string>();
  // Document layout: the models the document had a key for (kept when they become empty).
  readonly #documentModels = new Set<FileModelName>();

  /**
   * @param options - path, layout, format, writability, validation and progress options
   */
  constructor(options: FileAdapterOptions) {
    super({ name: options.name ?? 'file', models: fileModels, topLevel: fileTopLevel });
    this.path = resolve(options.path);
    this.#options = options;
  }

  /** The layout found by {@link FileAdapter.load} (or by the first write), `undefined` before. */
  get layout(): ResolvedLayout | undefined {
    return this.#layout;
  }

  /**
   * Reads every file, validates every record and adds it, parents found in memory.
   *
   * @param signal - aborts loading
   * @throws FileFormatError when the path is missing (without `allowMissing`) or a file is not valid YAML, JSON or CSV
   * @throws SourceKindError when the path is a directory where a document is expected or a file where a directory is
   * @throws EmptySourceError when the inventory, or one of its model files, is empty (without `allowEmpty`, see {@link FileAdapterOptions.allowEmpty})
   * @throws FileLoadError listing every bad record (up to `maxErrors`) with file, line and field
   */
  override async load(signal?: AbortSignal): Promise<void> {
    const layout = await resolveLayout(this.#options);
    this.#layout = layout;
    if (!layout.exists) {
      if (this.#options.allowMissing) return;
      throw new FileFormatError(layout.path, undefined, 'does not exist; check the path (or set allowMissing to start from an empty inventory).');
    }
    const allowEmpty = this.#options.allowEmpty ?? this.#options.allowMissing ?? false;
    const files: ParsedFile[] = [];
    if (layout.layout === 'document') {
      const text = await this.#read(layout.path);
      const parsed = parseDocumentFile(layout.path, layout.documentFormat, text);
      if (parsed.models.length === 0 && !allowEmpty) throw new EmptySourceError(layout.path, emptiness(text));
      for (const entry of parsed.models) this.#documentModels.add(entry.model);
      files.push(parsed);
    } else {
      if (layout.modelFiles.size === 0 && !allowEmpty) {
        const others = layout.otherEntries;
        throw new EmptySourceError(
          layout.path,
          others.length === 0
            ? 'is an empty directory'
            : `holds no model file (<model>.csv, .yaml, .yml or .json, e.g. region.csv, site.yaml); it holds ${others.slice(0, 5).join(', ')}${others.length > 5 ? `, ... (${others.length} entries)` : ''}`,
        );
      }
      for (const model of fileModelOrder) {
        const entry = layout.modelFiles.get(model);
        if (entry === undefined) continue;
        signal?.throwIfAborted();
        const text = await this.#read(entry.file);
        const parsed = parseModelFile(entry.file, entry.format, model, text, this.#options.unknownFields ?? 'error');
        // A model file that states nothing (not even a CSV header or `[]`) would delete every record of the model.
        if (parsed.models.length === 0 && parsed.errors.length === 0 && !allowEmpty) throw new EmptySourceError(entry.file, emptiness(text));
        files.push(parsed);
      }
    }
    loadRecords(this, files, {
      unknownFields: this.#options.unknownFields ?? 'error',
      maxErrors: this.#options.maxErrors ?? DEFAULT_MAX_ERRORS,
      ...(this.#options.onProgress === undefined ? {} : { onProgress: this.#options.onProgress }),
      ...(signal === undefined ? {} : { signal }),
    });
  }

  async #read(file: string): Promise<string> {
    try {
      const text = await readFile(file, 'utf8');
      this.#texts.set(file, text);
      return text;
    } catch (error) {
      throw new FileFormatError(file, undefined, `cannot be read (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
  }

  /**
   * Writes the records to the files, in the layout and formats that were read (new model files in
   * the configured format). Records keep their order: the order read, records added since appended.
   * Each file is written atomically; a file whose text would not change is not touched.
   *
   * @param models - write only the files holding these models (default: every model)
   * @returns the files written
   * @throws FileWriteError naming the first file that could not be written (files written before it stay written)
   */
  async write(models: Iterable<string> = fileModelOrder): Promise<string[]> {
    const layout = (this.#layout ??= await resolveLayout(this.#options));
    const wanted = new Set(models);
    const written: string[] = [];
    const put = async (file: string, text: string): Promise<void> => {
      if (this.#texts.get(file) === text) return;
      await mkdir(dirname(file), { recursive: true }).catch((error: unknown) => {
        throw new FileWriteError(file, `its directory cannot be created (${error instanceof Error ? error.message : String(error)}); check the path.`, { cause: error });
      });
      await writeFileAtomic(file, text);
      this.#texts.set(file, text);
      written.push(file);
    };
    if (layout.layout === 'document') {
      if (!fileModelOrder.some((model) => wanted.has(model))) return written;
      // Models without records are left out, unless the document had them.
      const present = fileModelOrder.filter((model) => this.count(model) > 0 || this.#documentModels.has(model));
      const records = Object.fromEntries(present.map((model) => [model, this.getAll(model)]));
      await put(layout.path, serializeDocument(layout.documentFormat, records, present));
      for (const model of present) this.#documentModels.add(model);
      return written;
    }
    for (const model of fileModelOrder) {
      if (!wanted.has(model)) continue;
      const records = this.getAll(model);
      let entry = layout.modelFiles.get(model);
      if (entry === undefined) {
        if (records.length === 0) continue;
        entry = { file: join(layout.path, `${model}.${layout.newFileFormat}`), format: layout.newFileFormat };
      }
      await put(entry.file, serializeModelFile(entry.format, model, records));
      layout.modelFiles.set(model as FileModelName, entry);
    }
    return written;
  }

  /**
   * After a sync into this adapter: when `writable`, writes back the files of the models that the
   * sync changed (see {@link FileAdapter.write}). Does nothing otherwise, or when nothing changed.
   *
   * @param _source - the source adapter
   * @param result - what the sync did
   * @throws FileWriteError when a file cannot be written
   */
  override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
    if (!this.#options.writable) return;
    const changed = new Set<string>();
    for (const element of result.results) if (element.action !== 'none' && element.status === 'success') changed.add(element.model);
    // A deleted parent takes its children with it: their files change too.
    for (const model of fileModelOrder) {
      if (changed.has(model)) for (const child of Object.keys(this.models[model].children)) changed.add(child);
    }
    if (changed.size > 0) await this.write(changed);
  }
}

// What is empty about a file that holds no records, for EmptySourceError.
function emptiness(text: string): string {
  if (text.length === 0) return 'is empty (0 bytes)';
  const content = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && line !== '---' && line !== '...');
  if (content.length === 0) return 'is blank (only whitespace and comments)';
  const shown = content.join(' ');
  return `holds no records (its content is ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}

/**
 * Makes a file adapter (not loaded yet: call `load()`).
 *
 * @param options - path, layout, format, writability, validation and progress options
 * @returns the adapter
 */
export function createFileAdapter(options: FileAdapterOptions): FileAdapter {
  return new FileAdapter(options);
}
