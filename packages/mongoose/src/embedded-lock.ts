// One process at a time per embedded data directory: a lock file with the owner's pid, so two processes never overwrite each other's data.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SsotError } from '@ssot/core';

const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of an embedded data directory. A lock left by a process that no longer runs is
 * taken over.
 *
 * @param dir - the data directory
 * @throws SsotError `EMBEDDED_MONGODB_LOCKED` naming the other process when it still runs
 */
export async function lockDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new SsotError(
          'EMBEDDED_MONGODB_LOCKED',
          `Another process (pid ${owner}) is using the embedded MongoDB data in ${dir}. Wait for it to finish, or set MONGODB_URI to share a real MongoDB server between processes.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new SsotError('EMBEDDED_MONGODB_LOCKED', `Could not lock the embedded MongoDB data in ${dir}; remove ${file} if no ssot process is running.`);
}

/**
 * Releases the lock of an embedded data directory (only when this process holds it).
 *
 * @param dir - the data directory
 */
export async function unlockDataDir(dir: string): Promise<void> {
  const file = join(dir, LOCK_FILE);
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (owner === process.pid) await rm(file, { force: true });
}
