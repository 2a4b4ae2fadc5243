import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runJob } from '@ssot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileAdapter } from './adapter.js';
import { EmptySourceError, SourceKindError } from './errors.js';
import { fileToFile, fileToFileParameters, fileToInventoryParameters } from './jobs.js';
import type { FileAdapterOptions } from './options.js';
import { removeTempDirs, sampleCsv, sampleYaml, tempDir } from './__fixtures__/files.js';

afterEach(removeTempDirs);

const region = 'name,parent,description,sort_order,tags\nemea,,Europe,1,\n';

async function load(path: string, options: Omit<FileAdapterOptions, 'path'> = {}) {
  const adapter = createFileAdapter({ path, ...options });
  await adapter.load();
  return adapter;
}

async function failure(path: string, options: Omit<FileAdapterOptions, 'path'> = {}): Promise<unknown> {
  return load(path, options).then(
    () => 'loaded',
    (error: unknown) => error,
  );
}

describe('empty sources are refused, never read as "no records"', () => {
  for (const name of ['inventory.yaml', 'inventory.json']) {
    it(`refuses a 0-byte document (${name}), naming the file and how to proceed`, async () => {
      const dir = await tempDir();
      const file = join(dir, name);
      await writeFile(file, '');
      const error = await failure(file);
      expect(error).toBeInstanceOf(EmptySourceError);
      expect(error).toMatchObject({ code: 'EMPTY_SOURCE', file });
      expect((error as Error).message).toBe(
        `${file}: is empty (0 bytes). A source with no records would delete every record of the target; check the path, or, if the inventory really is empty, say so with allowEmpty: true (job parameter: --param allowEmpty=true).`,
      );
    });
  }

  it('refuses a blank YAML document (whitespace and comments only)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, '\n  \n# nothing here yet\n---\n');
    const error = await failure(file);
    expect(error).toBeInstanceOf(EmptySourceError);
    expect((error as Error).message).toMatch(/inventory\.yaml: is blank \(only whitespace and comments\)\. A source with no records/);
  });

  for (const [name, content] of [
    ['inventory.yaml', 'null\n'],
    ['inventory.yaml', '~\n'],
    ['inventory.yaml', '{}\n'],
    ['inventory.yaml', '[]\n'],
    ['inventory.yaml', 'region:\n'],
    ['inventory.json', 'null'],
    ['inventory.json', '{}'],
    ['inventory.json', ' [ ]\n'],
    ['inventory.json', '  \n'],
  ] as const) {
    it(`refuses a document ${name} holding ${JSON.stringify(content)}`, async () => {
      const dir = await tempDir();
      const file = join(dir, name);
      await writeFile(file, content);
      const error = await failure(file);
      expect(error).toBeInstanceOf(EmptySourceError);
      expect(error).toMatchObject({ code: 'EMPTY_SOURCE', file });
      expect((error as Error).message).toMatch(/allowEmpty: true/);
    });
  }

  it('refuses an empty directory', async () => {
    const dir = await tempDir();
    const error = await failure(dir);
    expect(error).toBeInstanceOf(EmptySourceError);
    expect(error).toMatchObject({ code: 'EMPTY_SOURCE', file: dir });
    expect((error as Error).message).toBe(
      `${dir}: is an empty directory. A source with no records would delete every record of the target; check the path, or, if the inventory really is empty, say so with allowEmpty: true (job parameter: --param allowEmpty=true).`,
    );
  });

  it('refuses a directory that holds no model files, listing what it holds', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'not a model');
    await writeFile(join(dir, 'sites.csv'), 'name\nams1\n');
    const error = await failure(dir);
    expect(error).toBeInstanceOf(EmptySourceError);
    expect((error as Error).message).toMatch(/: holds no model file \(<model>\.csv, \.yaml, \.yml or \.json, e\.g\. region\.csv, site\.yaml\); it holds notes\.txt, sites\.csv\. A source with no records/);
  });

  for (const name of ['site.csv', 'site.yaml', 'site.json']) {
    it(`refuses a 0-byte model file (${name}) in a directory whose other models have records`, async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'region.csv'), region);
      await writeFile(join(dir, name), '');
      const error = await failure(dir);
      expect(error).toBeInstanceOf(EmptySourceError);
      expect(error).toMatchObject({ code: 'EMPTY_SOURCE', file: join(dir, name) });
      expect((error as Error).message).toMatch(new RegExp(`${name.replace('.', '\\.')}: is empty \\(0 bytes\\)\\. A source with no records`));
    });
  }

  it('refuses a blank or null per-model YAML/JSON file and a CSV file without a header', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), region);
    for (const [name, content] of [
      ['site.yaml', '# no sites\n'],
      ['site.yaml', 'null\n'],
      ['site.json', 'null'],
      ['site.csv', '\n\n'],
    ] as const) {
      await writeFile(join(dir, name), content);
      const error = await failure(dir);
      expect(error, `${name} ${JSON.stringify(content)}`).toBeInstanceOf(EmptySourceError);
      expect(error).toMatchObject({ file: join(dir, name) });
      await rm(join(dir, name));
    }
  });

  it('accepts a model stated empty: a CSV file with only a header row, a model file or document key holding []', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), region);
    await writeFile(join(dir, 'site.csv'), 'name,region,status,asn,facility,time_zone,tags\n');
    await writeFile(join(dir, 'device.yaml'), '[]\n');
    const adapter = await load(dir);
    expect(adapter.count('region')).toBe(1);
    expect(adapter.count('site')).toBe(0);
    const headerOnly = await tempDir();
    await writeFile(join(headerOnly, 'region.csv'), 'name,parent,description,sort_order,tags\n');
    expect((await load(headerOnly)).count()).toBe(0);
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, 'region: []\n');
    expect((await load(file)).count()).toBe(0);
  });

  it('loads each empty source as no records with allowEmpty: true', async () => {
    const dir = await tempDir();
    const cases: string[] = [];
    for (const [name, content] of [
      ['a.yaml', ''],
      ['b.yaml', '# blank\n'],
      ['c.yaml', '{}\n'],
      ['d.yaml', '[]\n'],
      ['e.json', 'null'],
    ] as const) {
      await writeFile(join(dir, name), content);
      cases.push(join(dir, name));
    }
    await mkdir(join(dir, 'empty-dir'));
    cases.push(join(dir, 'empty-dir'));
    await mkdir(join(dir, 'no-models'));
    await writeFile(join(dir, 'no-models', 'notes.txt'), 'x');
    cases.push(join(dir, 'no-models'));
    await mkdir(join(dir, 'zero-csv'));
    await writeFile(join(dir, 'zero-csv', 'region.csv'), region);
    await writeFile(join(dir, 'zero-csv', 'site.csv'), '');
    for (const path of cases) expect((await load(path, { allowEmpty: true })).count(), path).toBe(0 + (path.endsWith('zero-csv') ? 1 : 0));
    const zero = await load(join(dir, 'zero-csv'), { allowEmpty: true });
    expect(zero.count('region')).toBe(1);
    expect(zero.count('site')).toBe(0);
  });

  it('allows an empty target: a path allowed to be missing may be empty (allowEmpty defaults to allowMissing)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'target.yaml');
    await writeFile(file, '');
    const target = await load(file, { writable: true, allowMissing: true });
    expect(target.count()).toBe(0);
    await target.syncFrom(await load(sampleYaml));
    expect(await readFile(file, 'utf8')).toBe(await readFile(sampleYaml, 'utf8'));
    await mkdir(join(dir, 'target-dir'));
    expect((await load(join(dir, 'target-dir'), { allowMissing: true })).count()).toBe(0);
    // allowMissing: true with allowEmpty: false still refuses an empty path.
    await expect(load(join(dir, 'target-dir'), { allowMissing: true, allowEmpty: false })).rejects.toThrow(EmptySourceError);
  });
});

describe('wrong-kind paths are refused', () => {
  it('refuses a directory named like a document (inventory.yaml/)', async () => {
    const dir = await tempDir();
    const path = join(dir, 'inventory.yaml');
    await mkdir(path);
    await writeFile(join(path, 'region.csv'), region);
    const error = await failure(path);
    expect(error).toBeInstanceOf(SourceKindError);
    expect(error).toMatchObject({ code: 'SOURCE_KIND', file: path });
    expect((error as Error).message).toBe(
      `${path}: is a directory, but its name ends in .yaml like an inventory document; give the document's file, or set layout "directory" to read the directory's per-model files.`,
    );
    // Asked for explicitly, it is read as a directory.
    expect((await load(path, { layout: 'directory' })).count()).toBe(1);
  });

  it('refuses a file where the layout says directory, and a directory where it says document', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, 'region: []\n');
    const error = await failure(file, { layout: 'directory' });
    expect(error).toBeInstanceOf(SourceKindError);
    expect(error).toMatchObject({ code: 'SOURCE_KIND', file });
    expect((error as Error).message).toBe(`${file}: is a file but layout "directory" was asked for; give a directory, or use layout "document".`);
    const directory = await failure(sampleCsv, { layout: 'document' });
    expect(directory).toBeInstanceOf(SourceKindError);
    expect((directory as Error).message).toMatch(/inventory-csv: is a directory but layout "document" was asked for/);
  });

  it('refuses a wrong-kind path even with allowEmpty and allowMissing', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'inventory.json'));
    await expect(load(join(dir, 'inventory.json'), { allowEmpty: true, allowMissing: true })).rejects.toThrow(SourceKindError);
  });
});

describe('jobs: empty sources and bundled samples', () => {
  it('file-to-file refuses an empty source and leaves the target untouched; allowEmpty empties the target', async () => {
    const dir = await tempDir();
    const source = join(dir, 'source.yaml');
    const target = join(dir, 'target.yaml');
    await writeFile(source, '');
    const before = 'region:\n  - name: emea\n    parent: null\n    description: ""\n    sort_order: 1\n    tags: []\n';
    await writeFile(target, before);
    const refused = await runJob(fileToFile, { params: { source, target } });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'EMPTY_SOURCE' });
    expect(refused.error?.message).toMatch(/source\.yaml: is empty \(0 bytes\)/);
    expect(await readFile(target, 'utf8')).toBe(before);
    const allowed = await runJob(fileToFile, { params: { source, target, allowEmpty: true } });
    expect(allowed.status).toBe('succeeded');
    expect(allowed.summary).toMatchObject({ delete: 1 });
    expect(await readFile(target, 'utf8')).toBe('region: []\n');
  });

  it('file-to-file and file-to-inventory have no default source; "sample" and "sample:csv" name the bundled samples', async () => {
    expect(fileToFileParameters.safeParse({ target: '/x/out' }).success).toBe(false);
    expect(fileToInventoryParameters.safeParse({}).success).toBe(false);
    const params = fileToFileParameters.parse({ source: 'sample', target: '/x/out' });
    expect(params.allowEmpty).toBe(false);
    expect(fileToFile.configInformation?.(params)).toMatchObject({ 'Source inventory': sampleYaml });
    expect(fileToFile.configInformation?.(fileToFileParameters.parse({ source: 'sample:csv', target: '/x/out' }))).toMatchObject({ 'Source inventory': sampleCsv });
    expect(fileToInventoryParameters.parse({ inventory: 'sample' })).toMatchObject({ inventory: 'sample', allowEmpty: false });
    expect(fileToFileParameters.shape.source.description).toMatch(/"sample".*"sample:csv"/);
    expect(fileToInventoryParameters.shape.inventory.description).toMatch(/"sample".*"sample:csv"/);
    expect(fileToFileParameters.shape.allowEmpty.description).toMatch(/empty/);

    const dir = await tempDir();
    const record = await runJob(fileToFile, { params: { source: 'sample:csv', target: join(dir, 'out.yaml') } });
    expect(record.status).toBe('succeeded');
    expect(record.summary).toMatchObject({ create: (await load(sampleCsv)).count(), update: 0, delete: 0 });
  });
});
