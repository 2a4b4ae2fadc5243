// The immutable record stored per document: the raw BSON document plus its cached mingo view.
import type { Document } from './bson-values.js';
import { toViewDoc } from './bson-values.js';

/** A stored document version. Records are immutable; a write replaces the record (identity = version). */
export interface StoredDoc {
  /** The document with BSON types preserved (never mutated after storing). */
  readonly raw: Document;
  /** Lazily computed view of {@link StoredDoc.raw} for mingo (never mutated). */
  view?: Document;
}

/** Creates a stored record for a raw document. */
export function makeStored(raw: Document): StoredDoc {
  return { raw };
}

/** Returns (and caches) the mingo view of a stored record. */
export function viewOf(doc: StoredDoc): Document {
  if (doc.view === undefined) doc.view = toViewDoc(doc.raw);
  return doc.view;
}
