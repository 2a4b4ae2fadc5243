import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addInventoryData, inventoryDataOf } from '@ssot/inventory';
import { createFileAdapter } from './adapter.js';
import { FileWriteError } from '@ssot/core';
import { FileFormatError } from './errors.js';
import { removeTempDirs, sampleCsv, sampleYaml, tempDir, tempFiles } from './__fixtures__/files.js';

afterEach(removeTempDirs);

const counts = { region: 5, site: 4, device: 8, interface: 36, vlan: 11, prefix: 9, ip_address: 16 };

async function loaded(path: string, options: { writable?: boolean; allowMissing?: boolean; format?: 'yaml' | 'json' | 'csv' } = {}) {
  const adapter = createFileAdapter({ path, ...options });
  await adapter.load();
  return adapter;
}

describe('FileAdapter loading', () => {
  it('loads a YAML document with every model and parents in memory', async () => {
    const progress: [string, number][] = [];
    const adapter = createFileAdapter({ path: sampleYaml, onProgress: (model, count) => progress.push([model, count]) });
    await adapter.load();
    for (const [model, count] of Object.entries(counts)) expect(adapter.count(model as keyof typeof counts)).toBe(count);
    expect(adapter.layout?.layout).toBe('document');
    expect(adapter.get('region', 'emea-west').sites).toEqual(['ams1', 'lon1']);
    expect(adapter.get('site', 'ams1').devices).toEqual(['ams1-core1', 'ams1-edge1']);
    expect(adapter.get('device', 'ams1-edge1').interfaces).toContain('ams1-edge1__xe-0/0/1');
    expect(adapter.get('site', 'nyc1').facility).toBeNull();
    expect(adapter.get('interface', 'fra1-access1__Ethernet10').enabled).toBe(false);
    expect(progress).toContainEqual(['interface', 36]);
  });

  it('loads a JSON document', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.json');
    const yaml = await loaded(sampleYaml);
    await writeFile(file, JSON.stringify(inventoryDataOf(yaml), null, 2));
    const adapter = await loaded(file);
    expect(adapter.count()).toBe(yaml.count());
    expect(adapter.diffFrom(yaml).hasChanges()).toBe(false);
  });

  it('loads a CSV directory, typed per field', async () => {
    const adapter = await loaded(sampleCsv);
    expect(adapter.layout?.layout).toBe('directory');
    expect(adapter.count('device')).toBe(8);
    expect(adapter.get('site', 'ams1')).toMatchObject({ asn: 65001, tags: ['pop', 'ixp'], facility: 'Equinix AM5' });
    expect(adapter.get('site', 'nyc1')).toMatchObject({ facility: null, tags: [] });
    expect(adapter.get('vlan', 'ams1__300').description).toBe('guest wifi; to be removed');
    expect(adapter.get('interface', 'fra1-core1__Ethernet1')).toMatchObject({ enabled: false, mtu: 9214 });
    expect(adapter.get('site', 'lon1').devices).toContain('lon1-access1');
  });

  it('loads a directory with a model missing and mixed formats', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.yaml'), '- name: emea\n  parent: null\n  description: ""\n  sort_order: 1\n');
    await writeFile(join(dir, 'site.json'), JSON.stringify([{ name: 'ams1', region: 'emea', status: 'active', asn: 65001, time_zone: 'Europe/Amsterdam' }]));
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    const adapter = await loaded(dir);
    expect(adapter.count()).toBe(2);
    expect(adapter.get('site', 'ams1')).toMatchObject({ facility: null, tags: [] });
  });

  it('accepts a region whose parent comes later, and finds lines in a per-model YAML file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.yml'), '- {name: emea-west, parent: emea, description: "", sort_order: 2}\n- {name: emea, parent: null, description: "", sort_order: 1}\n');
    await writeFile(join(dir, 'site.yaml'), '# sites\n- name: ams1\n  region: emea-west\n  status: active\n  asn: 65001\n  time_zone: Europe/Amsterdam\n  tags: pop\n');
    const error = await loaded(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ errors: [{ file: join(dir, 'site.yaml'), line: 7, field: 'tags', problem: 'expected a list of strings, got "pop".' }] });
    await writeFile(join(dir, 'site.yaml'), '# sites\n- name: ams1\n  region: emea-west\n  status: active\n  asn: 65001\n  time_zone: Europe/Amsterdam\n  tags: [pop]\n');
    const adapter = await loaded(dir);
    expect(adapter.get('region', 'emea-west').sites).toEqual(['ams1']);
  });

  it('fails on a missing path unless allowMissing', async () => {
    const dir = await tempDir();
    await expect(loaded(join(dir, 'nope.yaml'))).rejects.toThrow(FileFormatError);
    expect((await loaded(join(dir, 'nope.yaml'), { allowMissing: true })).count()).toBe(0);
  });

  it('refuses a single CSV file and two files for one model', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'all.csv'), 'name\n');
    await expect(loaded(join(dir, 'all.csv'))).rejects.toThrow(/single CSV file cannot hold every model/);
    await writeFile(join(dir, 'site.csv'), 'name\n');
    await writeFile(join(dir, 'site.yaml'), '[]\n');
    await expect(loaded(dir)).rejects.toThrow(/keep one file per model/);
  });
});

describe('FileAdapter writing', () => {
  for (const target of ['copy.yaml', 'copy.json', 'csv-dir', 'yaml-dir', 'json-dir']) {
    it(`round-trips through ${target} without a diff`, async () => {
      const dir = await tempDir();
      const source = await loaded(sampleYaml);
      const format = target === 'yaml-dir' ? 'yaml' : target === 'json-dir' ? 'json' : undefined;
      const out = await loaded(join(dir, target), { writable: true, allowMissing: true, ...(format === undefined ? {} : { format }) });
      const result = await out.syncFrom(source);
      expect(result.ok).toBe(true);
      const again = await loaded(join(dir, target));
      expect(source.diffTo(again).hasChanges()).toBe(false);
      expect(again.get('region', 'emea').sites).toEqual([]);
      expect(again.get('region', 'emea-west').sites).toEqual(['ams1', 'lon1']);
      // Writing again changes nothing on disk.
      expect(await again.write()).toEqual([]);
      expect(await tempFiles(target.endsWith('dir') ? join(dir, target) : dir)).toEqual([]);
    });
  }

  it('writes the bundled YAML sample back byte for byte', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await cp(sampleYaml, file);
    const adapter = await loaded(file);
    const data = inventoryDataOf(adapter);
    const writer = createFileAdapter({ path: join(dir, 'again.yaml') });
    addInventoryData(writer, data);
    await writer.write();
    expect(await readFile(join(dir, 'again.yaml'), 'utf8')).toBe(await readFile(sampleYaml, 'utf8'));
  });

  it('keeps the order read and appends new records; only changed files are written', async () => {
    const dir = await tempDir();
    await cp(sampleCsv, join(dir, 'csv'), { recursive: true });
    const target = await loaded(join(dir, 'csv'), { writable: true });
    const regionBefore = await readFile(join(dir, 'csv', 'region.csv'), 'utf8');
    const source = await loaded(join(dir, 'csv'));
    source.addChild('site', 'lon1', 'device', { name: 'lon1-access2', site: 'lon1', role: 'access', platform: 'eos', serial: 'X1', asset_tag: null, tags: [] });
    source.update('site', { name: 'ams1', asn: 65101 });
    await target.syncFrom(source);
    const devices = (await readFile(join(dir, 'csv', 'device.csv'), 'utf8')).trim().split('\n');
    expect(devices.at(-1)).toBe('lon1-access2,lon1,access,eos,X1,,');
    expect(devices[1]).toMatch(/^ams1-core1,/);
    expect(await readFile(join(dir, 'csv', 'site.csv'), 'utf8')).toContain('ams1,emea-west,active,65101,');
    expect(await readFile(join(dir, 'csv', 'region.csv'), 'utf8')).toBe(regionBefore);
  });

  it('never writes when not writable', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, 'region: []\n');
    const target = await loaded(file);
    await target.syncFrom(await loaded(sampleYaml));
    expect(await readFile(file, 'utf8')).toBe('region: []\n');
  });

  // Root writes into read-only directories; the next test covers failing writes for root too.
  it.skipIf(process.getuid?.() === 0)('leaves the old file intact when the write fails (read-only directory)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, 'region: []\n');
    const target = await loaded(file, { writable: true });
    await chmod(dir, 0o555);
    try {
      const error = await target.syncFrom(await loaded(sampleYaml)).then(
        (result) => result.error,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileWriteError);
    } finally {
      await chmod(dir, 0o755);
    }
    expect(await readFile(file, 'utf8')).toBe('region: []\n');
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('reports a target under a file, when loading and when writing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'blocker'), 'a file, not a directory');
    const target = await loaded(join(dir, 'blocker', 'inventory.yaml'), { writable: true, allowMissing: true }).catch((e: unknown) => e);
    // stat() of a path under a file fails with ENOTDIR: reported as unreadable.
    expect(target).toBeInstanceOf(FileFormatError);
    const writer = createFileAdapter({ path: join(dir, 'blocker', 'sub', 'inventory.yaml'), layout: 'document', format: 'yaml' });
    writer.add('region', { name: 'emea', parent: null, description: '', sort_order: 1, tags: [] });
    await expect(writer.write()).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/blocker\/sub\/inventory\.yaml: cannot be read \(ENOTDIR/) as unknown });
  });

  it('leaves other files intact and no temporary file when one file cannot be replaced', async () => {
    const dir = await tempDir();
    await cp(sampleCsv, join(dir, 'csv'), { recursive: true });
    const target = await loaded(join(dir, 'csv'), { writable: true });
    // A directory where prefix.csv's replacement must go: the rename fails.
    const before = await readFile(join(dir, 'csv', 'prefix.csv'), 'utf8');
    const source = await loaded(sampleYaml);
    await rm(join(dir, 'csv', 'prefix.csv'));
    await mkdir(join(dir, 'csv', 'prefix.csv'));
    await writeFile(join(dir, 'csv', 'prefix.csv', 'x'), 'keep');
    // The write error is thrown by syncFrom, or (when the sync reports syncComplete's error in its result) carried by the result.
    const error = await target.syncFrom(source).then(
      (result) => result.error,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).file).toBe(join(dir, 'csv', 'prefix.csv'));
    expect((error as FileWriteError).message).toMatch(/csv\/prefix\.csv: .*The file was not changed/);
    expect(await readFile(join(dir, 'csv', 'prefix.csv', 'x'), 'utf8')).toBe('keep');
    // Files before it in model order were written completely.
    expect(await readFile(join(dir, 'csv', 'site.csv'), 'utf8')).toContain('ams1,emea-west,active,65101,');
    expect(before).toContain('10.1.10.0/24');
    expect(await tempFiles(join(dir, 'csv'))).toEqual([]);
  });
});
