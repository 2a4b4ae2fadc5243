import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecorder, runJob } from '@ssot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExampleAdapter } from './adapter.js';
import { exampleInventoryToController } from './jobs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssot-example-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('example-inventory-to-controller', () => {
  it('dry run writes nothing; the sync writes the controller file; a re-run finds nothing to change', async () => {
    const controllerFile = join(dir, 'controller.json');
    const recorder = new MemoryRecorder();
    const params = { inventoryFile: 'sample', controllerFile };
    const dry = await runJob(exampleInventoryToController, { params, dryRun: true, recorder });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary).toMatchObject({ create: 6, update: 2, delete: 5 });
    // The first load seeds the controller from the bundled sample, but a dry run writes no changes into it.
    const seeded = await readFile(controllerFile, 'utf8');

    // Deleting 5 of the controller's few records is over the default delete budget: the run needs a yes.
    const blocked = await runJob(exampleInventoryToController, { params, recorder });
    expect(blocked.status).toBe('blocked');
    expect(blocked.error?.code).toBe('DELETE_GUARD');
    expect(await readFile(controllerFile, 'utf8')).toBe(seeded);

    const real = await runJob(exampleInventoryToController, { params, recorder, allowDeletes: true });
    expect(real.status).toBe('succeeded');
    expect(real.syncCounts?.create.success).toBe(6);
    expect(await readFile(controllerFile, 'utf8')).not.toBe(seeded);
    // Written through a temporary file renamed over it: nothing else is left in the directory.
    expect(await readdir(dir)).toEqual(['controller.json']);

    const again = await runJob(exampleInventoryToController, { params, recorder });
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(recorder.logs(real.id).find((entry) => entry.action === 'create')?.link?.url).toMatch(/^https:\/\/controller\.example\.net\/ui\//);
  });

  it('has no default inventory: the bundled sample is named, never assumed', async () => {
    await expect(runJob(exampleInventoryToController, { params: { controllerFile: join(dir, 'c.json') }, dryRun: true })).rejects.toThrow(/inventoryFile/);
  });

  it('refuses a file with an unknown model, naming the file and the model', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ site: [], router: [] }));
    await expect(createExampleAdapter({ name: 'bad', file }).load()).rejects.toThrow(/unknown model "router"/);
  });
});
