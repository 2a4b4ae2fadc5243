// Atomic file writes: a temporary file in the same directory, flushed to disk, then renamed over the target.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileWriteError } from './errors.js';

/**
 * Writes a file so that readers see either the old content or the new one, never a part: the text
 * goes to a temporary file next to it (`.<name>.<random>.tmp`), which is flushed to disk and then
 * renamed over the file. On failure the temporary file is removed and the file is left as it was.
 *
 * @param file - the file to write
 * @param text - its new content
 * @throws FileWriteError when the temporary file cannot be written or renamed
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileWriteError(file, `${reason}. The file was not changed; check that its directory is writable and the path is not a directory.`, { cause: error });
  }
  await syncDirectory(dirname(file));
}

// Makes the rename itself durable; not every platform can open a directory, which is fine.
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}
