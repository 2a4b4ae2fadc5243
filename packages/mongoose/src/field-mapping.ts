// How one ssot field is stored in a MongoDB document: a plain path, a reference by natural key, a list of references, or custom code.

/** A field stored as-is at a document path. */
export interface PathField {
  /** Discriminator. */
  readonly kind: 'path';
  /** Document path (dots for nested paths). */
  readonly path: string;
}

/**
 * A field whose ssot value is the unique id of another record (a natural key such as a site name),
 * stored in the document as that record's `_id` (an ObjectId reference, mongoose `ref`).
 */
export interface RefField {
  /** Discriminator. */
  readonly kind: 'ref';
  /** The referenced ssot model. */
  readonly model: string;
  /** Document path holding the `_id` (default: the field's name). */
  readonly path?: string;
}

/** A list of references: the ssot value is a list of unique ids, the document holds a list of `_id`s. */
export interface RefListField {
  /** Discriminator. */
  readonly kind: 'refList';
  /** The referenced ssot model. */
  readonly model: string;
  /** Document path holding the `_id`s (default: the field's name). */
  readonly path?: string;
}

/** A field converted by your own code, for shapes the other kinds don't cover. */
export interface CustomField {
  /** Discriminator. */
  readonly kind: 'custom';
  /** Document paths the field reads (they are projected when loading). */
  readonly paths: readonly string[];
  /** The ssot value from a lean document. */
  read(document: Record<string, unknown>): unknown;
  /** The document paths and values to write for an ssot value. */
  write(value: unknown): Record<string, unknown>;
}

/** Any field mapping. */
export type FieldMapping = PathField | RefField | RefListField | CustomField;

/**
 * A field stored at another document path.
 *
 * @param path - the document path (dots for nested paths)
 * @returns the mapping
 */
export function path(path: string): PathField {
  return { kind: 'path', path };
}

/**
 * A reference to another record by natural key, stored as its `_id`.
 *
 * @param model - the referenced ssot model
 * @param options - `path`: the document path (default: the field's name)
 * @returns the mapping
 */
export function ref(model: string, options: { path?: string } = {}): RefField {
  return options.path === undefined ? { kind: 'ref', model } : { kind: 'ref', model, path: options.path };
}

/**
 * A list of references by natural key, stored as a list of `_id`s.
 *
 * @param model - the referenced ssot model
 * @param options - `path`: the document path (default: the field's name)
 * @returns the mapping
 */
export function refList(model: string, options: { path?: string } = {}): RefListField {
  return options.path === undefined ? { kind: 'refList', model } : { kind: 'refList', model, path: options.path };
}

/**
 * A field converted by your own functions.
 *
 * @param spec - the paths read, and the two conversions
 * @returns the mapping
 */
export function custom(spec: Omit<CustomField, 'kind'>): CustomField {
  return { kind: 'custom', ...spec };
}
