// Validates parsed records and adds them to an adapter in one pass, parents found in memory; collects every bad record.
import type { Adapter } from '@ssot/core';
import type { InventoryModels } from '@ssot/inventory';
import type { z } from 'zod';
import { FileLoadError, FileRecordError } from './errors.js';
import { describeType, fileFields, recordSchema } from './fields.js';
import type { ParsedFile, ParsedModel } from './parse-file.js';
import { fileModelOrder, type FileModelName } from './models.js';
import type { UnknownFieldPolicy } from './options.js';

/** Options of {@link loadRecords}. */
export interface LoadRecordsOptions {
  /** Fields a model does not have: reported (`error`, default) or dropped (`ignore`). */
  unknownFields?: UnknownFieldPolicy;
  /** Stop after this many bad records (default 20). */
  maxErrors?: number;
  /** Loading progress per model. */
  onProgress?: (model: string, count: number) => void;
  /** Aborts loading. */
  signal?: AbortSignal;
}

/** Default of {@link LoadRecordsOptions.maxErrors}. */
export const DEFAULT_MAX_ERRORS = 20;

const PROGRESS_EVERY = 1000;

/** The tree parent of each child model: its model and the field naming it. */
const PARENTS: Partial<Record<FileModelName, readonly [FileModelName, string]>> = { site: ['region', 'region'], device: ['site', 'site'], interface: ['device', 'device'] };

/**
 * Fields that must name a loaded record (when not null): the field, the model named, and whether the
 * value is that record's `name` or its unique id (`ams1__100` for a VLAN, `ams1-core1__Ethernet1` for an interface).
 */
const REFERENCES: Partial<Record<FileModelName, readonly (readonly [string, FileModelName, 'name' | 'uid'])[]>> = {
  region: [['parent', 'region', 'name']],
  vlan: [['site', 'site', 'name']],
  prefix: [
    ['site', 'site', 'name'],
    ['vlan', 'vlan', 'uid'],
  ],
  ip_address: [['interface', 'interface', 'uid']],
};

class TooManyErrors extends Error {}

/**
 * Validates the records of parsed files against each model's schema and adds them to the adapter,
 * models in parent-first order, each child under its parent (found in memory). Bad records —
 * wrong types, missing or unknown fields, duplicate identifiers, unknown parents or references —
 * are collected, not thrown one by one.
 *
 * @param adapter - an empty inventory adapter
 * @param files - the parsed files
 * @param options - unknown-field policy, error limit, progress, signal
 * @throws FileLoadError with every bad record found (up to `maxErrors`)
 */
export function loadRecords(adapter: Adapter<InventoryModels>, files: readonly ParsedFile[], options: LoadRecordsOptions = {}): void {
  const maxErrors = Math.max(1, options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const errors: FileRecordError[] = [];
  const report = (error: FileRecordError): void => {
    errors.push(error);
    if (errors.length >= maxErrors) throw new TooManyErrors();
  };
  // Unique ids of invalid records per model, so that their children are not reported as orphans too.
  const invalid = new Map<FileModelName, Set<string>>(fileModelOrder.map((model) => [model, new Set<string>()]));
  try {
    for (const file of files) for (const error of file.errors) report(error);
    for (const model of fileModelOrder) {
      const schema = recordSchema(model, options.unknownFields);
      let count = 0;
      const deferred: (() => void)[] = [];
      for (const file of files) {
        for (const parsed of file.models) {
          if (parsed.model !== model) continue;
          for (let index = 0; index < parsed.rows.length; index++) {
            const record = loadOne(adapter, file.file, parsed, index, schema, invalid, report, deferred);
            if (record) count++;
            if (count % PROGRESS_EVERY === 0 && record) {
              options.onProgress?.(model, count);
              options.signal?.throwIfAborted();
            }
          }
        }
      }
      for (const check of deferred) check();
      if (model === 'region') checkRegionCycles(adapter, files, report);
      options.onProgress?.(model, count);
    }
  } catch (error) {
    if (!(error instanceof TooManyErrors)) throw error;
    throw new FileLoadError(errors, true);
  }
  if (errors.length > 0) throw new FileLoadError(errors, false);
}

// A region must not be its own ancestor: walk up from each region until a top region or a region seen on this walk.
function checkRegionCycles(adapter: Adapter<InventoryModels>, files: readonly ParsedFile[], report: (error: FileRecordError) => void): void {
  const reported = new Set<string>();
  for (const region of adapter.getAll('region')) {
    const uid = adapter.uniqueId('region', region);
    const chain: string[] = [];
    let current: typeof region | null = region;
    let loop = false;
    while (current !== null && current.parent !== null) {
      const at = adapter.uniqueId('region', current);
      if (chain.includes(at)) {
        loop = at === uid;
        break;
      }
      chain.push(at);
      current = adapter.getOrNull('region', { name: current.parent });
    }
    if (!loop || reported.has(uid)) continue;
    for (const member of chain) reported.add(member);
    const place = locateRecord(adapter, files, 'region', uid);
    report(new FileRecordError({ file: place?.file ?? '', line: place?.line, model: 'region', uid, field: 'parent' }, `the region is its own ancestor (${chain.join(' -> ')} -> ${uid}); fix a parent so the chain ends at a top region (parent null).`));
  }
}

function locateRecord(adapter: Adapter<InventoryModels>, files: readonly ParsedFile[], model: FileModelName, uid: string): { file: string; line: number | undefined } | undefined {
  for (const file of files) {
    for (const parsed of file.models) {
      if (parsed.model !== model) continue;
      const index = firstIndexOf(adapter, parsed, uid, parsed.rows.length);
      if (index !== undefined) return { file: file.file, line: parsed.locator.line(model, index, 'parent') };
    }
  }
  return undefined;
}

function tryUid(adapter: Adapter<InventoryModels>, model: FileModelName, row: unknown): string | undefined {
  if (row === null || typeof row !== 'object') return undefined;
  try {
    return adapter.uniqueId(model, row as Record<string, never>);
  } catch {
    return undefined;
  }
}

function loadOne(
  adapter: Adapter<InventoryModels>,
  file: string,
  parsed: ParsedModel,
  index: number,
  schema: z.ZodType<Record<string, unknown>>,
  invalid: ReadonlyMap<FileModelName, Set<string>>,
  report: (error: FileRecordError) => void,
  deferred: (() => void)[],
): boolean {
  const { model, locator } = parsed;
  const row = parsed.rows[index];
  const at = (field?: string): number | undefined => locator.line(model, index, field);
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    report(new FileRecordError({ file, line: at(), model }, `expected a record (a mapping of field names to values), got ${show(row)}.`));
    return false;
  }
  const result = schema.safeParse(row);
  if (!result.success) {
    const uid = tryUid(adapter, model, row);
    if (uid !== undefined) invalid.get(model)?.add(uid);
    reportIssues(file, model, uid, row as Record<string, unknown>, result.error.issues, at, report);
    return false;
  }
  const record = result.data;
  const uid = adapter.uniqueId(model, record as Record<string, never>);
  if (adapter.has(model, uid)) {
    const first = firstIndexOf(adapter, parsed, uid, index);
    const firstLine = first === undefined ? undefined : locator.line(model, first);
    report(new FileRecordError({ file, line: at(), model, uid }, `duplicate ${model}: the same identifiers are already used${firstLine === undefined ? '' : ` on line ${firstLine}`}; remove one of them or change its identifiers.`));
    return false;
  }
  const parent = PARENTS[model];
  if (parent !== undefined) {
    const [parentModel, field] = parent;
    const parentUid = adapter.uniqueId(parentModel, { name: record[field] } as unknown as Record<string, never>);
    if (!adapter.has(parentModel, parentUid)) {
      invalid.get(model)?.add(uid);
      // A parent that was itself invalid has been reported already.
      if (invalid.get(parentModel)?.has(parentUid) !== true) {
        report(new FileRecordError({ file, line: at(field), model, uid, field }, `unknown ${parentModel} "${String(record[field])}"; add that ${parentModel} or fix the name.`));
      }
      return false;
    }
    adapter.addChild(parentModel, parentUid, model, record as never);
  } else {
    adapter.add(model, record as never);
  }
  for (const [field, target, kind] of REFERENCES[model] ?? []) {
    const check = (): void => {
      const value = record[field];
      if (value === null || value === undefined) return;
      const targetUid = kind === 'uid' ? String(value) : adapter.uniqueId(target, { name: value } as unknown as Record<string, never>);
      if (adapter.has(target, targetUid) || invalid.get(target)?.has(targetUid) === true) return;
      report(new FileRecordError({ file, line: at(field), model, uid, field }, `unknown ${target} "${String(value)}"${target === 'vlan' || target === 'interface' ? ` (${target === 'vlan' ? 'a VLAN' : 'an interface'} is named by its unique id, e.g. ${target === 'vlan' ? '"ams1__100"' : '"ams1-core1__Ethernet1"'})` : ''}; add that ${target}, fix the value or set it to null.`));
    };
    // Regions may name a parent region further down the file.
    if (target === model) deferred.push(check);
    else check();
  }
  return true;
}

function firstIndexOf(adapter: Adapter<InventoryModels>, parsed: ParsedModel, uid: string, before: number): number | undefined {
  for (let i = 0; i < before; i++) if (tryUid(adapter, parsed.model, parsed.rows[i]) === uid) return i;
  return undefined;
}

function reportIssues(
  file: string,
  model: FileModelName,
  uid: string | undefined,
  row: Record<string, unknown>,
  issues: readonly z.core.$ZodIssue[],
  at: (field?: string) => number | undefined,
  report: (error: FileRecordError) => void,
): void {
  const fields = fileFields[model];
  const done = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (done.has(key)) continue;
        done.add(key);
        report(new FileRecordError({ file, line: at(key), model, uid, field: key }, `unknown field "${key}"; the ${model} fields are ${Object.keys(fields).join(', ')} (remove it, or set unknownFields: "ignore").`));
      }
      continue;
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    const type = field === undefined ? undefined : fields[field];
    if (field === undefined || type === undefined) {
      report(new FileRecordError({ file, line: at(), model, uid }, `${issue.message}.`));
      continue;
    }
    if (done.has(field)) continue;
    done.add(field);
    const value = row[field];
    const problem = value === undefined ? `missing; add it (${describeType(type)}).` : `expected ${describeType(type)}, got ${show(value)}.`;
    report(new FileRecordError({ file, line: at(field), model, uid, field }, problem));
  }
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list ${preview(value)}`;
  if (typeof value === 'object') return `a mapping ${preview(value)}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
