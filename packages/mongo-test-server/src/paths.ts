// Dotted-path helpers for reading values out of stored documents.
import { isPlainObject } from './bson-values.js';

const DIGITS = /^\d+$/;

/** Returns true when a path component is an array index. */
export function isIndexPart(part: string): boolean {
  return DIGITS.test(part);
}

/** Reads a value at a dotted path without array expansion (numeric parts index arrays). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && isIndexPart(part)) cur = cur[Number(part)];
    else if (isPlainObject(cur)) cur = cur[part];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Returns true when a value exists at the dotted path (without array expansion). */
export function hasPath(doc: unknown, path: string): boolean {
  return getPath(doc, path) !== undefined;
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[], expandLeafArrays: boolean): void {
  if (i === parts.length) {
    if (expandLeafArrays && Array.isArray(cur)) {
      if (cur.length === 0) out.push(undefined);
      else for (const el of cur) out.push(el);
    } else out.push(cur);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(cur)) {
    if (isIndexPart(part)) {
      const v = cur[Number(part)];
      if (v !== undefined) collect(v, parts, i + 1, out, expandLeafArrays);
      return;
    }
    for (const el of cur) if (isPlainObject(el)) collect(el, parts, i, out, expandLeafArrays);
    return;
  }
  if (isPlainObject(cur)) {
    const v = cur[part];
    if (v === undefined) return;
    collect(v, parts, i + 1, out, expandLeafArrays);
  }
}

/**
 * Collects every value reachable at a dotted path, descending into arrays of documents
 * (MongoDB multikey semantics). When `expandLeafArrays` is set, arrays found at the end of the
 * path contribute their elements (an empty array contributes `undefined`).
 */
export function collectPathValues(doc: unknown, path: string, expandLeafArrays = true): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out, expandLeafArrays);
  return out;
}
