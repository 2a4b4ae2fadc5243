// Who runs a run, and whether it is still alive: a `running` record whose process is gone is shown as `interrupted`.
import { hostname } from 'node:os';
import pidusage from 'pidusage';
import type { SyncRecord } from './sync-record.js';

/** The process that runs a run, recorded when it starts. */
export interface RunOwner {
  /** Host name of the machine. */
  host: string;
  /** Process id. */
  pid: number;
  /** When the process started (ISO 8601): tells a reused pid from the owner. */
  processStartedAt: string;
}

/** How often a running run refreshes `heartbeatAt` through its recorder (milliseconds). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * How long a run on another machine may go without a heartbeat before readers show it as
 * `interrupted` (milliseconds): six missed heartbeats. A run on this machine is judged by its
 * process instead, at once.
 */
export const STALE_AFTER_MS = 60_000;

/** Two start times of one process, measured in two ways, differ by less than this. */
const START_TIME_TOLERANCE_MS = 5_000;

/** This process as a run's owner. */
export function currentOwner(): RunOwner {
  return { host: hostname(), pid: process.pid, processStartedAt: new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString() };
}

/** Options of {@link withLiveness}. */
export interface LivenessOptions {
  /** The time to judge at (default: now). */
  now?: number;
  /** See {@link STALE_AFTER_MS}. */
  staleAfterMs?: number;
}

/**
 * Whether the process that ran a run is gone. On this machine: its pid no longer exists, or now
 * belongs to a process that started at another time (a reused pid). On another machine (or with
 * no owner recorded): no heartbeat (or start) for longer than `staleAfterMs`.
 *
 * @param record - a run
 * @param options - the time to judge at, the staleness limit
 * @returns `true` when nobody is running it any more
 */
export async function isOwnerGone(record: Pick<SyncRecord, 'owner' | 'heartbeatAt' | 'startedAt'>, options: LivenessOptions = {}): Promise<boolean> {
  const owner = record.owner;
  if (owner !== undefined && owner.host === hostname()) {
    if (owner.pid === process.pid) return Math.abs(Date.parse(owner.processStartedAt) - Date.parse(currentOwner().processStartedAt)) > START_TIME_TOLERANCE_MS;
    try {
      const stats = await pidusage(owner.pid);
      const startedAt = stats.timestamp - stats.elapsed;
      return Math.abs(startedAt - Date.parse(owner.processStartedAt)) > START_TIME_TOLERANCE_MS;
    } catch {
      // No such process.
      return true;
    }
  }
  const lastSign = Date.parse(record.heartbeatAt ?? record.startedAt);
  return (options.now ?? Date.now()) - lastSign > (options.staleAfterMs ?? STALE_AFTER_MS);
}

/**
 * A run as readers must show it: a `running` (or `pending`) run whose owner is gone (see
 * {@link isOwnerGone}) becomes `interrupted`, with an `INTERRUPTED` error saying what is known.
 * Every history reader (file and MongoDB histories, the CLI, the dashboard) goes through it, so a
 * run killed by any signal, a crash or a power cut never looks alive.
 *
 * @param record - a run as stored
 * @param options - the time to judge at, the staleness limit
 * @returns the same record, or a copy marked `interrupted`
 */
export async function withLiveness<R extends SyncRecord>(record: R, options: LivenessOptions = {}): Promise<R> {
  if (record.status !== 'running' && record.status !== 'pending') return record;
  if (!(await isOwnerGone(record, options))) return record;
  const who = record.owner === undefined ? 'its process' : `process ${record.owner.pid} on ${record.owner.host}`;
  const last = record.heartbeatAt ?? record.startedAt;
  return {
    ...record,
    status: 'interrupted',
    error: { code: 'INTERRUPTED', message: `The run was interrupted: ${who} stopped without finishing it (last sign of life ${last}). What it wrote before is in its log; run the job again to converge.` },
  };
}
