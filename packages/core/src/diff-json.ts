// Reads a stored diff back: checks it against the version 1 schema and derives its counts from its elements.
import { z } from 'zod';
import { DiffElement, type DiffAction } from './diff-element.js';
import type { DiffSummary, OutOfScopeModels, UnlistedRecords } from './diff.js';
import { InvalidDiffError } from './errors.js';

const count = z.number().int().nonnegative();
const summarySchema = z.strictObject({ create: count, update: count, delete: count, noChange: count, skip: count, outOfScope: count.optional(), unlisted: count.optional() });
const idsByModel = z.record(z.string(), z.array(z.string()));
// Attribute and key values are any JSON object. A custom check rather than `z.record`: it is called
// three times per element, and a stored diff can hold a million elements.
const valuesSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { error: 'Invalid input: expected an object' });

// Strict objects: a misspelt field ("chidren") would otherwise be dropped without a word, and the
// sync would apply less than the file says. Children are checked one element at a time by
// `buildElement`, which knows the path and the record they sit under.
const elementSchema = z.strictObject({
  model: z.string().min(1),
  uid: z.string(),
  shortname: z.string().optional(),
  keys: valuesSchema.optional(),
  action: z.enum(['create', 'update', 'delete', 'none']),
  source: valuesSchema.optional(),
  target: valuesSchema.optional(),
  changed: z.array(z.string()).optional(),
  children: z.array(z.unknown()).optional(),
  movedFrom: z.strictObject({ model: z.string(), uid: z.string() }).optional(),
});

const diffSchema = z.strictObject({
  version: z.literal(1),
  source: z.string().optional(),
  target: z.string().optional(),
  summaryByModel: z.record(z.string(), summarySchema).optional(),
  elements: z.array(z.unknown()),
  unlisted: z.strictObject({ source: idsByModel, target: idsByModel }).optional(),
  outOfScopeModels: z.strictObject({ source: z.array(z.string()), target: z.array(z.string()) }).optional(),
});

/** What {@link readDiffJSON} returns: the parts of a `Diff`. */
export interface ReadDiff {
  /** Source adapter's name (`"source"` when the input has none). */
  source: string;
  /** Target adapter's name (`"target"` when the input has none). */
  target: string;
  /** Top-level elements. */
  elements: DiffElement[];
  /** Counts per model, derived from the elements (see {@link readDiffJSON}). */
  summaryByModel: Record<string, DiffSummary>;
  /** Records outside their side's tree, as stated by the input. */
  unlisted?: UnlistedRecords | undefined;
  /** Models only one side declares, as stated by the input. */
  outOfScopeModels?: OutOfScopeModels | undefined;
}

/**
 * Checks a serialized diff and builds its elements. Unknown fields are refused, at the top and in
 * every element; a create needs `source` values and an update `source` values and `changed` names.
 * The counts of creates, updates and deletes are taken from the elements, whatever the input's
 * `summaryByModel` says (it may be missing, stale or edited); unchanged and skipped records are
 * not carried by the elements, so those two counts are kept from `summaryByModel` (`noChange` is
 * never less than the number of unchanged elements present).
 *
 * @param json - the parsed JSON
 * @returns the diff's names, elements and counts
 * @throws InvalidDiffError naming the JSON path (and the element) at fault
 */
export function readDiffJSON(json: unknown): ReadDiff {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InvalidDiffError(`expected an object (the output of Diff.toJSON()), got ${json === null ? 'null' : Array.isArray(json) ? 'a list' : typeof json}.`);
  const version = (json as { version?: unknown }).version;
  if (version !== 1) throw new InvalidDiffError(`unsupported version ${preview(version)}; this version of @ssot/core reads version 1 diffs.`, { path: 'version' });
  const parsed = diffSchema.safeParse(json);
  if (!parsed.success) throw issueError(json, parsed.error.issues[0]);
  const value = parsed.data;
  const counted = new Map<string, DiffSummary>();
  const elements = value.elements.map((element, i) => buildElement(element, `elements[${i}]`, counted));
  const summaryByModel: Record<string, DiffSummary> = {};
  for (const model of new Set([...Object.keys(value.summaryByModel ?? {}), ...counted.keys()])) {
    const stated = value.summaryByModel?.[model];
    const found = counted.get(model) ?? { create: 0, update: 0, delete: 0, noChange: 0, skip: 0 };
    const counts: DiffSummary = { create: found.create, update: found.update, delete: found.delete, noChange: Math.max(stated?.noChange ?? 0, found.noChange), skip: stated?.skip ?? 0 };
    // Like skips, records out of scope or unlisted have no elements: their counts are kept as stated.
    if (stated?.outOfScope) counts.outOfScope = stated.outOfScope;
    if (stated?.unlisted) counts.unlisted = stated.unlisted;
    summaryByModel[model] = counts;
  }
  return { source: value.source ?? 'source', target: value.target ?? 'target', elements, summaryByModel, unlisted: value.unlisted, outOfScopeModels: value.outOfScopeModels };
}

const COUNTED: Record<DiffAction, keyof DiffSummary> = { create: 'create', update: 'update', delete: 'delete', none: 'noChange' };

function buildElement(input: unknown, path: string, counted: Map<string, DiffSummary>): DiffElement {
  const parsed = elementSchema.safeParse(input);
  if (!parsed.success) throw issueError(input, parsed.error.issues[0], path);
  const json = parsed.data;
  const at = { model: json.model, uid: json.uid };
  if ((json.action === 'create' || json.action === 'update') && json.source === undefined) {
    throw new InvalidDiffError(`a${json.action === 'update' ? 'n' : ''} ${json.action} needs the source's attribute values; add "source" or remove the element.`, { path: `${path}.source`, ...at });
  }
  if (json.action === 'update' && (json.changed === undefined || json.changed.length === 0)) {
    throw new InvalidDiffError('an update needs the names of the attributes it changes; add "changed" or make the action "none".', { path: `${path}.changed`, ...at });
  }
  let counts = counted.get(json.model);
  if (counts === undefined) {
    counts = { create: 0, update: 0, delete: 0, noChange: 0, skip: 0 };
    counted.set(json.model, counts);
  }
  counts[COUNTED[json.action]] += 1;
  return new DiffElement({
    model: json.model,
    uid: json.uid,
    shortname: json.shortname ?? json.uid,
    keys: json.keys ?? {},
    action: json.action,
    source: json.source,
    target: json.target,
    changed: json.changed,
    children: (json.children ?? []).map((child, i) => buildElement(child, `${path}.children[${i}]`, counted)),
    movedFrom: json.movedFrom,
  });
}

/**
 * The error for zod's first issue: its JSON path (below `base`, the path of `input`), the element
 * it is in when `input` is one, and what was found there.
 */
function issueError(input: unknown, issue: z.core.$ZodIssue | undefined, base = ''): InvalidDiffError {
  const segments: PropertyKey[] = [...(issue?.path ?? [])];
  let message = issue?.message ?? 'it does not match the diff format.';
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    segments.push(key);
    message = `unknown field "${key}": a version 1 diff has no such field; remove it (a misspelt field would otherwise be ignored).`;
  } else if (issue !== undefined) {
    let found: unknown = input;
    for (const segment of segments) found = typeof found === 'object' && found !== null ? (found as Record<PropertyKey, unknown>)[segment] : undefined;
    message = found === undefined ? `missing: ${issue.message}` : `${issue.message}, got ${preview(found)}`;
  }
  const element = base !== '' && typeof input === 'object' && input !== null ? (input as { model?: unknown; uid?: unknown }) : undefined;
  return new InvalidDiffError(message, {
    path: formatPath(base, segments),
    model: typeof element?.model === 'string' ? element.model : undefined,
    uid: typeof element?.uid === 'string' ? element.uid : undefined,
  });
}

/** `elements[3]` + `["children", 0, "action"]` -> `elements[3].children[0].action`. */
function formatPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path === '' ? '(top level)' : path;
}

function preview(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
