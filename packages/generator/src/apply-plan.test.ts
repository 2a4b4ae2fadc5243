// applyPlan: all files or none; a failure before the renames leaves the disk as it was.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { isGeneratorError } from './errors.js';

let root: string;
beforeEach(async () => {
  root = await scratchDir();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('applyPlan', () => {
  it('creates and updates every file', async () => {
    await writeFile(join(root, 'old.txt'), 'old');
    const result = await applyPlan({
      dir: root,
      unchanged: false,
      nextSteps: [],
      files: [
        { path: join(root, 'a/b/new.txt'), content: 'new', action: 'create' },
        { path: join(root, 'old.txt'), content: 'changed', action: 'update' },
      ],
    });
    expect(result).toEqual({ created: [join(root, 'a/b/new.txt')], updated: [join(root, 'old.txt')] });
    expect(await readFile(join(root, 'a/b/new.txt'), 'utf8')).toBe('new');
    expect(await readFile(join(root, 'old.txt'), 'utf8')).toBe('changed');
    expect((await readdir(root, { recursive: true })).filter((name) => name.endsWith('.ssot-tmp'))).toEqual([]);
  });

  it('leaves nothing when a write fails', async () => {
    await writeFile(join(root, 'old.txt'), 'old');
    await writeFile(join(root, 'blocker'), 'a file where a folder is needed');
    let caught: unknown;
    try {
      await applyPlan({
        dir: root,
        unchanged: false,
        nextSteps: [],
        files: [
          { path: join(root, 'pkg/src/a.ts'), content: 'a', action: 'create' },
          { path: join(root, 'old.txt'), content: 'changed', action: 'update' },
          { path: join(root, 'blocker/b.ts'), content: 'b', action: 'create' },
        ],
      });
    } catch (error) {
      caught = error;
    }
    expect(isGeneratorError(caught, 'WRITE_FAILED')).toBe(true);
    expect((caught as Error).message).toMatch(/Nothing was changed/);
    expect(existsSync(join(root, 'pkg'))).toBe(false);
    expect(await readFile(join(root, 'old.txt'), 'utf8')).toBe('old');
    expect((await readdir(root)).sort()).toEqual(['blocker', 'old.txt']);
  });

  it('refuses to create a file that appeared after planning', async () => {
    await writeFile(join(root, 'a.txt'), 'someone else');
    await expect(applyPlan({ dir: root, unchanged: false, nextSteps: [], files: [{ path: join(root, 'a.txt'), content: 'x', action: 'create' }] })).rejects.toThrow(/exists already/);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('someone else');
  });
});
