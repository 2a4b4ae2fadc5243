// One server per data directory: a lock file created atomically (write a temporary file, hard-link it into place) naming its holder; a holder that is gone is taken over.
import { randomUUID } from 'node:crypto';
import pidusage from 'pidusage';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file inside a data directory. */
export const LOCK_FILE = 'mongod.lock';
/** A directory that serialises stale-lock takeovers between processes. */
const TAKEOVER_DIR = 'mongod.lock.takeover';
/** A takeover directory older than this was left by a process that died while taking over. */
const STALE_TAKEOVER_MS = 10_000;

/** Who holds a data directory (the contents of its lock file). */
export interface LockHolder {
  /** Process id of the holder. */
  readonly pid: number;
  /** Host name of the holder's machine. */
  readonly host: string;
  /** When the holder took the lock (ISO 8601). */
  readonly startedAt: string;
  /** When the holder's process started (ISO 8601, as the OS reports it through `pidusage`), to detect a reused pid. */
  readonly processStart?: string;
  /** Unique per lock taken. */
  readonly token: string;
}

/** Thrown when another server (in this or another process) holds the data directory. */
export class DataDirLockedError extends Error {
  /** Stable error code. */
  readonly code = 'DATA_DIR_LOCKED';

  /**
   * Creates the error.
   * @param dir - The data directory.
   * @param holder - Who holds it.
   */
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (pid ${holder.pid}, since ${holder.startedAt}). ` +
        `Only one server may use a data directory at a time; stop that process first (if it is gone for sure, delete ${join(dir, LOCK_FILE)}).`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held data directory lock. */
export interface DataDirLock {
  /** The lock's holder record (this process). */
  readonly holder: LockHolder;
  /** Releases the lock (only if the file is still this lock's). */
  release(): Promise<void>;
}

/** Two readings of one process's start time differ by less than this. */
const START_TIME_TOLERANCE_MS = 5_000;

/**
 * Returns when a process started (ISO 8601), as the OS reports it through `pidusage` (Linux,
 * macOS, Windows), or undefined when there is no such process or it cannot be read.
 * @param pid - The process id.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stats = await pidusage(pid);
    return new Date(stats.timestamp - stats.elapsed).toISOString();
  } catch {
    return undefined;
  }
}

function isErrno(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Whether the holder of a lock still runs. A holder on another host is assumed to run. */
async function holderRuns(holder: LockHolder): Promise<boolean> {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if (!isErrno(err, 'EPERM')) return false;
  }
  const start = await processStartTime(holder.pid);
  if (holder.processStart === undefined || start === undefined) return true;
  // Another start time: the pid now belongs to another process (an unreadable recorded time counts as another).
  return Math.abs(Date.parse(start) - Date.parse(holder.processStart)) <= START_TIME_TOLERANCE_MS;
}

async function readHolder(file: string): Promise<LockHolder | undefined | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string' || typeof parsed.token !== 'string') return 'unreadable';
    return { startedAt: '(unknown)', ...parsed } as LockHolder;
  } catch {
    return 'unreadable';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the takeover directory (mkdir is atomic), so only one process replaces a stale lock at a time. */
async function withTakeoverGuard(dir: string, fn: () => Promise<void>): Promise<void> {
  const guard = join(dir, TAKEOVER_DIR);
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(guard);
      break;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_TAKEOVER_MS) await rmdir(guard).catch(() => undefined);
      else if (attempt > 500) throw new Error(`could not take over the lock of ${dir}: ${guard} stays in place`, { cause: err });
      else await sleep(10);
    }
  }
  try {
    await fn();
  } finally {
    await rmdir(guard).catch(() => undefined);
  }
}

/**
 * Takes the lock of a data directory (which must exist). A lock whose holder is gone (no such
 * process, or the pid now belongs to a process started at another time) is taken over; a lock held
 * by a running process, including this one, is refused.
 * @param dir - The data directory.
 * @throws DataDirLockedError naming the holder when it still runs.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const file = join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), processStart: await processStartTime(process.pid), token: randomUUID() };
  const tmp = join(dir, `${LOCK_FILE}.${holder.token}.tmp`);
  await writeFile(tmp, JSON.stringify(holder), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        // link() fails with EEXIST when the lock file exists: the lock is created with its full contents, atomically
        await link(tmp, file);
        return {
          holder,
          release: async () => {
            const current = await readHolder(file);
            if (current !== undefined && current !== 'unreadable' && current.token === holder.token) await unlink(file).catch(() => undefined);
          },
        };
      } catch (err) {
        if (!isErrno(err, 'EEXIST')) throw err;
      }
      const current = await readHolder(file);
      if (current === undefined) continue;
      if (current === 'unreadable') {
        // being written by a tool other than this one, or damaged: old enough means damaged
        const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age < STALE_TAKEOVER_MS) throw new DataDirLockedError(dir, { pid: 0, host: '(unknown: unreadable lock file)', startedAt: '(unknown)', token: '' });
      } else if (await holderRuns(current)) {
        throw new DataDirLockedError(dir, current);
      }
      await withTakeoverGuard(dir, async () => {
        // only remove the very lock found stale: another process may have replaced it meanwhile
        const again = await readHolder(file);
        const same = again === current || (again !== undefined && again !== 'unreadable' && current !== 'unreadable' && again.token === current.token);
        if (same) await unlink(file).catch(() => undefined);
      });
    }
    throw new Error(`could not lock ${dir}: the lock file keeps changing`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
