// One server per data directory: concurrent starts, live holders refused by name, stale locks taken over.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childArgs } from './__fixtures__/children.js';
import { DataDirLockedError, LOCK_FILE, processStartTime } from './data-dir-lock.js';
import { startMongoTestServer } from './server.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mts-lock-'));
  dirs.push(dir);
  return dir;
}

describe('data directory lock', () => {
  it('lets exactly one of 20 concurrent processes start on one directory; the others get the typed error', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const children = Array.from({ length: 20 }, () => spawn(process.execPath, childArgs('lock-contender.mjs', [dir]), { stdio: ['pipe', 'pipe', 'inherit'] }));
    const outcomes = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              if (out.includes('\n')) resolve(out.trim());
            });
            child.on('exit', () => resolve(out.trim()));
          }),
      ),
    );
    const winners = outcomes.filter((o) => o === 'ok');
    expect(winners).toHaveLength(1);
    const winner = children[outcomes.indexOf('ok')];
    expect(outcomes.filter((o) => o === `locked ${winner?.pid}`)).toHaveLength(19);
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.on('exit', resolve), child.stdin.end())))));
  });

  it('lets exactly one of 20 concurrent starts in one process succeed', async () => {
    const dir = await tempDir();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => startMongoTestServer({ dataDir: dir })));
    const started = results.filter((r) => r.status === 'fulfilled');
    expect(started).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirLockedError);
    await Promise.all(started.map((r) => r.value.close()));
    const again = await startMongoTestServer({ dataDir: dir });
    await again.close();
  });

  it('refuses a directory held by a running process, naming the directory, pid, host and start time', async () => {
    const dir = await tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const holder = { pid: other.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', processStart: await processStartTime(other.pid as number), token: 'x' };
      await writeFile(join(dir, LOCK_FILE), JSON.stringify(holder));
      const err = await startMongoTestServer({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      const locked = err as DataDirLockedError;
      expect(locked.dir).toBe(dir);
      expect(locked.holder).toMatchObject({ pid: other.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
      expect(locked.message).toContain(dir);
      expect(locked.message).toContain(`pid ${other.pid}`);
      expect(locked.message).toContain(hostname());
      expect(locked.message).toContain('2026-01-01T00:00:00.000Z');
    } finally {
      other.kill();
    }
  });

  it('takes over a lock whose process is gone, or whose pid now belongs to another process', async () => {
    const dir = await tempDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: gone.pid, host: hostname(), startedAt: new Date().toISOString(), token: 'gone' }));
    const first = await startMongoTestServer({ dataDir: dir });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await first.close();

    if ((await processStartTime(process.pid)) !== undefined) {
      // a lock recorded by "this pid" but with another start time: the pid was reused, the lock is stale
      await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), processStart: '2001-01-01T00:00:00.000Z', token: 'reused' }));
      const second = await startMongoTestServer({ dataDir: dir });
      await second.close();
    }
  });

  it('releases the lock at close', async () => {
    const dir = await tempDir();
    const server = await startMongoTestServer({ dataDir: dir });
    await server.close();
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
  });
});
