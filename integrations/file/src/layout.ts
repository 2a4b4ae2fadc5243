// Works out where an inventory's records are: one document or a directory of per-model files, and each file's format.
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { FileFormatError, SourceKindError } from './errors.js';
import { fileModelOrder, type FileModelName } from './models.js';
import type { FileAdapterOptions, FileFormat, FileLayout } from './options.js';

/** A file and its format. */
export interface FileEntry {
  /** Absolute path. */
  file: string;
  /** Format, from the extension. */
  format: FileFormat;
}

/** Where an inventory's records are. */
export interface ResolvedLayout {
  /** `document` or `directory`. */
  layout: FileLayout;
  /** Absolute path of the document or directory. */
  path: string;
  /** Whether `path` exists. */
  exists: boolean;
  /** Document layout: the document's format. */
  documentFormat: 'yaml' | 'json';
  /** Directory layout: the file of each model present. */
  modelFiles: Map<FileModelName, FileEntry>;
  /** Directory layout: the format of model files written anew. */
  newFileFormat: FileFormat;
  /** Directory layout: names of the directory's other entries (not model files, so ignored), sorted. */
  otherEntries: string[];
}

const EXTENSIONS: Readonly<Record<string, FileFormat>> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json', '.csv': 'csv' };

/**
 * The format of a file name, from its extension.
 *
 * @param file - a file name or path
 * @returns the format, or `undefined` for another extension
 */
export function formatOfExtension(file: string): FileFormat | undefined {
  return EXTENSIONS[extname(file).toLowerCase()];
}

/**
 * Works out the layout and formats of an inventory path (see {@link FileAdapterOptions.layout}).
 * In a directory, files named `<model>.<csv|yaml|yml|json>` hold the models; other files are ignored.
 *
 * @param options - the adapter's path, layout and format options
 * @returns the layout
 * @throws SourceKindError when the path's kind contradicts the `layout` option, or, without that option, the path is a directory named like a document (`inventory.yaml/`)
 * @throws FileFormatError when a document is CSV or of an unknown extension, or a model has two files
 */
export async function resolveLayout(options: Pick<FileAdapterOptions, 'path' | 'layout' | 'format'>): Promise<ResolvedLayout> {
  const path = resolve(options.path);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new FileFormatError(path, undefined, `cannot be read (${error.message}).`, { cause: error });
  });
  const byExtension = formatOfExtension(path);
  if (options.layout === undefined && info?.isDirectory() === true && (byExtension === 'yaml' || byExtension === 'json')) {
    throw new SourceKindError(path, `is a directory, but its name ends in ${extname(path)} like an inventory document; give the document's file, or set layout "directory" to read the directory's per-model files.`);
  }
  const layout: FileLayout = options.layout ?? (info !== undefined ? (info.isDirectory() ? 'directory' : 'document') : byExtension !== undefined && byExtension !== 'csv' ? 'document' : 'directory');
  const modelFiles = new Map<FileModelName, FileEntry>();
  if (layout === 'document') {
    if (info?.isDirectory()) throw new SourceKindError(path, 'is a directory but layout "document" was asked for; give a .yaml, .yml or .json file, or use layout "directory".');
    const format = byExtension ?? options.format;
    if (format === undefined) throw new FileFormatError(path, undefined, 'has no known extension; name it .yaml, .yml or .json, or set the format option.');
    if (format === 'csv') throw new FileFormatError(path, undefined, 'a single CSV file cannot hold every model; use a YAML or JSON document, or a directory with one CSV file per model (region.csv, site.csv, ...).');
    return { layout, path, exists: info !== undefined, documentFormat: format, modelFiles, newFileFormat: format, otherEntries: [] };
  }
  if (info !== undefined && !info.isDirectory()) throw new SourceKindError(path, 'is a file but layout "directory" was asked for; give a directory, or use layout "document".');
  let found: FileFormat | undefined;
  const otherEntries: string[] = [];
  if (info !== undefined) {
    for (const name of (await readdir(path)).sort()) {
      const format = formatOfExtension(name);
      const model = name.slice(0, name.length - extname(name).length);
      if (format === undefined || !(fileModelOrder as readonly string[]).includes(model)) {
        otherEntries.push(name);
        continue;
      }
      const existing = modelFiles.get(model as FileModelName);
      if (existing !== undefined) throw new FileFormatError(join(path, name), undefined, `model "${model}" also has ${existing.file}; keep one file per model.`);
      modelFiles.set(model as FileModelName, { file: join(path, name), format });
      found ??= format;
    }
  }
  return { layout, path, exists: info !== undefined, documentFormat: 'yaml', modelFiles, newFileFormat: options.format ?? found ?? 'csv', otherEntries };
}
