import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runJob } from '@ssot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fileToFile, jobs } from './jobs.js';
import { removeTempDirs, sampleCsv, sampleYaml, tempDir } from './__fixtures__/files.js';

afterEach(removeTempDirs);

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

describe('file-to-file', () => {
  it('is the package job list', () => {
    expect(jobs.map((job) => job.name)).toEqual(['file-to-inventory', 'file-to-file']);
    expect(fileToFile.direction).toBe('data-target');
    expect(fileToFile.configInformation?.(fileToFileParams('/x/a.yaml', '/x/b'))).toMatchObject({ 'Target inventory': '/x/b' });
    expect(fileToFile.lookupObject?.('site', 'ams1', fileToFileParams('/x/a.yaml', '/x/b'))).toEqual({ url: 'file:///x/b', label: 'site ams1 in /x/b' });
  });

  it('dry run leaves the target untouched, a real run updates it, a second run changes nothing', async () => {
    const dir = await tempDir();
    const target = join(dir, 'csv');
    await cp(sampleCsv, target, { recursive: true });
    const before = await snapshot(target);
    const progress: string[] = [];

    const dry = await runJob(fileToFile, { params: { source: sampleYaml, target }, dryRun: true, onEvent: (event) => event.type === 'progress' && progress.push(event.model) });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary).toMatchObject({ create: 9, update: 7, delete: 3 });
    expect(await snapshot(target)).toEqual(before);
    expect(progress).toContain('interface');

    const real = await runJob(fileToFile, { params: { source: sampleYaml, target } });
    expect(real.status).toBe('succeeded');
    expect(real.syncCounts?.update.success).toBe(7);
    const after = await snapshot(target);
    expect(after['site.csv']).toContain('ams1,emea-west,active,65101,');
    expect(after['device.csv']).not.toContain('lon1-access1');
    expect(Object.keys(after)).toEqual(Object.keys(before));

    const mtimes = await Promise.all(Object.keys(after).map(async (name) => (await stat(join(target, name))).mtimeMs));
    const again = await runJob(fileToFile, { params: { source: sampleYaml, target } });
    expect(again.status).toBe('succeeded');
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(await snapshot(target)).toEqual(after);
    expect(await Promise.all(Object.keys(after).map(async (name) => (await stat(join(target, name))).mtimeMs))).toEqual(mtimes);
  });

  it('creates a missing target in the asked format', async () => {
    const dir = await tempDir();
    const target = join(dir, 'out');
    const record = await runJob(fileToFile, { params: { source: sampleCsv, target, format: 'yaml' } });
    expect(record.status).toBe('succeeded');
    expect((await readdir(target)).sort()).toEqual(['device.yaml', 'interface.yaml', 'ip_address.yaml', 'prefix.yaml', 'region.yaml', 'site.yaml', 'vlan.yaml']);
  });

  it('records a failed run naming the bad file and line', async () => {
    const dir = await tempDir();
    const record = await runJob(fileToFile, { params: { source: join(dir, 'missing.yaml'), target: join(dir, 'out.yaml') } });
    expect(record.status).toBe('failed');
    expect(record.error).toMatchObject({ code: 'INVALID_FILE' });
    expect(record.error?.message).toMatch(/missing\.yaml: does not exist/);
  });
});

function fileToFileParams(source: string, target: string): Parameters<NonNullable<typeof fileToFile.lookupObject>>[2] {
  return fileToFile.parameters.parse({ source, target });
}
