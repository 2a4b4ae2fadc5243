// Options of the file adapter: where the inventory files are, their layout and format, and how strictly they are read.

/** A file format: YAML (`.yaml`/`.yml`), JSON (`.json`) or CSV (`.csv`, one file per model only). */
export type FileFormat = 'yaml' | 'json' | 'csv';

/** `document`: one YAML or JSON file holding every model. `directory`: one file per model (`site.csv`, `device.yaml`, ...). */
export type FileLayout = 'document' | 'directory';

/** What to do with a field that the model does not have. */
export type UnknownFieldPolicy = 'error' | 'ignore';

/** Options of {@link createFileAdapter}. */
export interface FileAdapterOptions {
  /** Adapter name shown in diffs, logs and errors (default `"file"`). */
  name?: string;
  /** The inventory: a `.yaml`/`.yml`/`.json` file (document layout) or a directory with one file per model. */
  path: string;
  /**
   * The layout. Default: `document` when `path` is a file, `directory` when it is a directory; when
   * `path` does not exist, `document` if it ends in `.yaml`, `.yml` or `.json`, else `directory`.
   */
  layout?: FileLayout;
  /**
   * The format. A document's format comes from its extension and this option is only needed for
   * other extensions. In a directory, each model file keeps the format of its extension; this is
   * the format of model files written anew (default: the format of the files already there, else `csv`).
   */
  format?: FileFormat;
  /** Write the records back to the files after a sync (the adapter is a sync target). Default `false`. */
  writable?: boolean;
  /** A missing `path` loads as an empty inventory instead of failing (useful for a target written for the first time). Default `false`. */
  allowMissing?: boolean;
  /**
   * An empty inventory loads as no records instead of failing with `EmptySourceError`. Empty means:
   * a 0-byte or blank (whitespace and comments only) document, a document whose content is `null`,
   * `{}` or `[]` (or that names models without lists of records), an empty directory, a directory
   * without model files, or a model file with no content (0 bytes, blank, `null`, or a CSV file
   * without a header row; an emptied model in that file is then read as no records).
   *
   * A model stated empty is not an empty inventory and always loads: a CSV file with only its
   * header row, a model file holding `[]`, a document key holding `[]` (`region: []`).
   *
   * An empty source would make a sync delete every record of its target, so a source must say it may
   * be empty. A target may always be: it has nothing to delete. Default: the value of `allowMissing`,
   * so a target (which sets `allowMissing` to be created on a first run) may be empty, and a source
   * (which does not) may not. A path of the wrong kind (`SourceKindError`) is refused either way.
   */
  allowEmpty?: boolean;
  /** Fields a model does not have: `error` (default) reports them, `ignore` drops them. */
  unknownFields?: UnknownFieldPolicy;
  /** Stop reading after this many bad records and report them together (default 20). */
  maxErrors?: number;
  /** Called while loading with the number of records of a model read so far (every 1000 records and at the end of each model). */
  onProgress?: (model: string, count: number) => void;
}
