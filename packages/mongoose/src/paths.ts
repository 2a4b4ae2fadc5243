// Reading dotted paths from lean documents and turning any `_id` value into a map key.

/**
 * The value at a dotted path of a plain document (`"a.b"` reads `doc.a.b`).
 *
 * @param doc - a lean document
 * @param path - the path
 * @returns the value, or `undefined`
 */
export function readPath(doc: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return doc[path];
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Sets the value at a dotted path of a plain object, creating nested objects on the way.
 *
 * @param doc - the object
 * @param path - the path
 * @param value - the value
 */
export function writePath(doc: Record<string, unknown>, path: string, value: unknown): void {
  if (!path.includes('.')) {
    doc[path] = value;
    return;
  }
  const parts = path.split('.');
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === null || typeof next !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] ?? path] = value;
}

/**
 * A string key for an `_id` of any BSON type: ObjectIds by hex, strings and numbers tagged so that
 * `"1"` and `1` stay apart.
 *
 * @param id - the `_id`
 * @returns the key
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`;
  if (typeof id === 'number' || typeof id === 'bigint') return `n:${String(id)}`;
  if (id !== null && typeof id === 'object') {
    const hex = (id as { toHexString?: () => string }).toHexString;
    if (typeof hex === 'function') return hex.call(id);
    if (id instanceof Date) return `d:${id.toISOString()}`;
    return `o:${JSON.stringify(id)}`;
  }
  return `x:${String(id)}`;
}
