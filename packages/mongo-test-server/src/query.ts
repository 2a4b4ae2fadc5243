// Compiles MongoDB query filters into matchers (mingo on document views, with an _id fast path).
import { Query } from './mingo-context.js';
import type { Document } from './bson-values.js';
import { isPlainObject, toView } from './bson-values.js';
import { canonicalKey } from './canonical.js';
import { CommandError, ErrorCodes, notImplemented } from './errors.js';
import type { StoredDoc } from './stored-doc.js';
import { viewOf } from './stored-doc.js';

/** A compiled filter. */
export interface Matcher {
  /** Tests a stored document against the filter. */
  test(doc: StoredDoc): boolean;
  /** Tests an already-converted view value against the filter. */
  testView(view: Document): boolean;
  /** When the filter pins `_id` to a single value, its canonical key (enables a direct lookup). */
  readonly idKey?: string;
  /** True when the filter is empty. */
  readonly matchesAll: boolean;
}

const UNSUPPORTED_QUERY_OPS = new Set(['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$where', '$jsonSchema', '$function', '$accumulator']);

function checkSupported(filter: unknown): void {
  if (Array.isArray(filter)) {
    for (const f of filter) checkSupported(f);
    return;
  }
  if (!isPlainObject(filter)) return;
  for (const [k, v] of Object.entries(filter)) {
    if (UNSUPPORTED_QUERY_OPS.has(k)) throw notImplemented(`the ${k} query operator`);
    checkSupported(v);
  }
}

function isOperatorObject(v: unknown): v is Document {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Builds a mingo query from a raw filter, mapping mingo errors to `BadValue`. */
export function mingoQuery(filter: Document): Query {
  try {
    return new Query(toView(filter) as Document);
  } catch (err) {
    throw new CommandError(ErrorCodes.BadValue, err instanceof Error ? err.message : String(err));
  }
}

/** Compiles a raw filter document into a {@link Matcher}. */
export function compileFilter(filter: unknown): Matcher {
  if (filter === undefined || filter === null) filter = {};
  if (!isPlainObject(filter)) throw new CommandError(ErrorCodes.TypeMismatch, 'filter must be an object');
  const clean: Document = { ...filter };
  delete clean.$comment;
  checkSupported(clean);
  const keys = Object.keys(clean);
  if (keys.length === 0) {
    return { test: () => true, testView: () => true, matchesAll: true };
  }
  const query = mingoQuery(clean);
  let idKey: string | undefined;
  const id = clean._id;
  if (id !== undefined && !Array.isArray(id)) {
    if (!isOperatorObject(id)) idKey = canonicalKey(id);
    else if (Object.keys(id).length === 1 && id.$eq !== undefined && !Array.isArray(id.$eq)) idKey = canonicalKey(id.$eq);
    if (idKey !== undefined && isPlainObject(id) && !isOperatorObject(id)) idKey = undefined;
  }
  const run = (view: Document): boolean => {
    try {
      return query.test(view);
    } catch (err) {
      throw new CommandError(ErrorCodes.BadValue, err instanceof Error ? err.message : String(err));
    }
  };
  return {
    test: (doc) => run(viewOf(doc)),
    testView: run,
    idKey,
    matchesAll: false,
  };
}
