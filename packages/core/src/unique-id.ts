// Unique ids: identifier values joined by "__", escaped so that different values never give the same id.

/** Separator between identifier values in a unique id (diffsync's convention). */
export const UID_SEPARATOR = '__';

/** How a `null` or `undefined` identifier value is written in a unique id. */
const NULL_TOKEN = '%00';

/**
 * Writes one identifier value so that joining values with `__` stays unambiguous.
 *
 * Plain values are kept as they are (`site-000123`, `Ethernet1/7`). A `%` is always escaped, and
 * `_` is escaped in a value that contains `__` or starts or ends with `_`, so no escaped value can
 * hide or touch a separator. `null` becomes `%00`, which no escaped string can be. Numbers,
 * bigints and booleans are written in their string form, so `210` and `"210"` name the same
 * record: systems often disagree on whether a VLAN id is a number or a string.
 *
 * @param value - an identifier value (string, number, bigint, boolean or null)
 * @returns the escaped value, or `undefined` when the value cannot be an identifier
 */
export function encodeIdentifier(value: unknown): string | undefined {
  if (typeof value === 'string') return escapeString(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return escapeString(String(value));
  if (value === null || value === undefined) return NULL_TOKEN;
  return undefined;
}

function escapeString(value: string): string {
  // Fast path: most identifiers contain neither character.
  if (value.indexOf('%') === -1 && value.indexOf('_') === -1) return value;
  let escaped = value.replaceAll('%', '%25');
  if (escaped.includes('__') || escaped.startsWith('_') || escaped.endsWith('_')) escaped = escaped.replaceAll('_', '%5F');
  return escaped;
}

/**
 * Reads a unique id back into its identifier values (as strings; `null` for a null value).
 *
 * @param uid - a unique id made by {@link encodeIdentifier} values joined by {@link UID_SEPARATOR}
 * @returns the identifier values in order
 */
export function decodeUniqueId(uid: string): (string | null)[] {
  return uid.split(UID_SEPARATOR).map((part) => (part === NULL_TOKEN ? null : part.replaceAll('%5F', '_').replaceAll('%25', '%')));
}
