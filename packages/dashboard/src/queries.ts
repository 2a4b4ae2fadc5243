// Query-string parsing for pages and the API: filters, searches and pages of runs, log entries and diff elements.
import { ELEMENT_STATUSES as CORE_ELEMENT_STATUSES, RUN_STATUSES as CORE_RUN_STATUSES } from '@ssot/core';
import type { DiffQuery, ElementStatus, LogQuery, RunQuery, RunStatus } from '@ssot/core';
import { z } from 'zod';

/** Largest page the API and the pages return. */
export const MAX_LIMIT = 500;

/** Values of a run status filter: core's run statuses (`blocked`, `interrupted` included). */
export const RUN_STATUSES = CORE_RUN_STATUSES as readonly [RunStatus, ...RunStatus[]];
/** Values of a diff action filter. */
export const DIFF_ACTIONS = ['create', 'update', 'delete', 'none'] as const;
/** Values of a log status filter: core's element statuses (`unknown`, `rolledBack` and `drifted` included). */
export const ELEMENT_STATUSES: readonly ElementStatus[] = CORE_ELEMENT_STATUSES;

/** Longest search text. */
export const MAX_SEARCH = 200;

/** A diff query with a search: `q` matches an element's unique id or name (case-insensitive, anywhere in it). */
export interface DiffSearch extends DiffQuery {
  /** Text to find in the unique id or the short name. */
  q?: string;
}

/** A log query with a search: `q` matches an entry's unique id or its link's label (case-insensitive, anywhere in it). */
export interface LogSearch extends LogQuery {
  /** Text to find in the unique id or the link label. */
  q?: string;
}

const blankToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);
const trimmedOrUndefined = (value: unknown): unknown => (typeof value === 'string' ? blankToUndefined(value.trim()) : value);
const search = z.preprocess(trimmedOrUndefined, z.string().max(MAX_SEARCH).optional());
const page = (defaultLimit: number) => ({
  offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(0)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(MAX_LIMIT).default(defaultLimit)),
});

const runQuery = z.object({
  job: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  status: z.preprocess(blankToUndefined, z.enum(RUN_STATUSES).optional()),
  dryRun: z.preprocess(blankToUndefined, z.enum(['true', 'false']).optional()),
  ...page(25),
});
const logQuery = z.object({
  action: z.preprocess(blankToUndefined, z.enum(DIFF_ACTIONS).optional()),
  status: z.preprocess(blankToUndefined, z.enum(ELEMENT_STATUSES as readonly [ElementStatus, ...ElementStatus[]]).optional()),
  model: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  q: search,
  ...page(100),
});
const diffQuery = z.object({
  action: z.preprocess(blankToUndefined, z.enum(DIFF_ACTIONS).optional()),
  model: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  q: search,
  ...page(100),
});

/** A parsed query, or what is wrong with it. */
export type Parsed<Q> = { ok: true; query: Q & { offset: number; limit: number } } | { ok: false; error: string };

function parse<Q>(schema: z.ZodType, raw: Record<string, string>, map: (data: Record<string, unknown>) => Q): Parsed<Q> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, error: `Query parameter "${issue?.path.join('.') ?? '?'}": ${issue?.message ?? 'invalid'}` };
  }
  const data = result.data as Record<string, unknown> & { offset: number; limit: number };
  const query = map(data);
  return { ok: true, query: { ...query, offset: data.offset, limit: data.limit } };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses `job`, `status`, `dryRun`, `offset` and `limit` (default 25).
 *
 * @param raw - the query string's values
 * @returns the run query or an error
 */
export function parseRunQuery(raw: Record<string, string>): Parsed<RunQuery> {
  return parse<RunQuery>(runQuery, raw, (d) => defined({ job: d.job as string | undefined, status: d.status as RunQuery['status'], dryRun: d.dryRun === undefined ? undefined : d.dryRun === 'true' }));
}

/**
 * Parses `action`, `status`, `model`, `q`, `offset` and `limit` (default 100).
 *
 * @param raw - the query string's values
 * @returns the log query or an error
 */
export function parseLogQuery(raw: Record<string, string>): Parsed<LogSearch> {
  return parse<LogSearch>(logQuery, raw, (d) => defined({ action: d.action as LogQuery['action'], status: d.status as LogQuery['status'], model: d.model as string | undefined, q: d.q as string | undefined }));
}

/**
 * Parses `action`, `model`, `q`, `offset` and `limit` (default 100).
 *
 * @param raw - the query string's values
 * @returns the diff query or an error
 */
export function parseDiffQuery(raw: Record<string, string>): Parsed<DiffSearch> {
  return parse<DiffSearch>(diffQuery, raw, (d) => defined({ action: d.action as DiffQuery['action'], model: d.model as string | undefined, q: d.q as string | undefined }));
}
