import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecorder, runJob } from '@ssot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileToInventory } from './jobs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssot-file-to-inventory-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file-to-inventory', () => {
  it('dry run writes nothing, the sync creates every record, a re-run finds nothing to change', async () => {
    const params = { inventory: 'sample', database: `file_to_inventory_${process.pid}`, embeddedDataDir: join(dir, 'mongodb') };
    const recorder = new MemoryRecorder();
    const dry = await runJob(fileToInventory, { params, dryRun: true, recorder });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary?.create).toBeGreaterThan(80);
    expect(dry.loaded?.target).toEqual({ region: 0, site: 0, device: 0, interface: 0, vlan: 0, prefix: 0, ip_address: 0 });
    expect((dry.metrics?.mongodb as { backend: string }).backend).toMatch(process.env.MONGODB_URI ? /^(mongodb|test-server)$/ : /^test-server$/);

    const real = await runJob(fileToInventory, { params, recorder });
    expect(real.status).toBe('succeeded');
    expect(real.syncCounts?.create.success).toBe(dry.summary?.create);

    const again = await runJob(fileToInventory, { params: { ...params, transaction: !process.env.MONGODB_URI }, recorder });
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, noChange: dry.summary?.create });
    // The embedded server keeps its data in an LMDB store in the data directory.
    if (!process.env.MONGODB_URI) expect(await readdir(join(dir, 'mongodb'))).toContain('storage.mdb');
  });

  it('never records the MongoDB connection string (it may hold credentials)', async () => {
    const uri = 'mongodb://admin:s3cret-pw@127.0.0.1:1/?serverSelectionTimeoutMS=200';
    const record = await runJob(fileToInventory, { params: { inventory: 'sample', mongodbUri: uri } });
    expect(record.status).toBe('failed');
    expect(record.parameters.mongodbUri).toBe('[REDACTED]');
    expect(JSON.stringify(record)).not.toContain('s3cret-pw');
  });

  it('refuses empty inventory files, loads them as no records with allowEmpty, and has no default inventory', async () => {
    const empty = join(dir, 'inventory.yaml');
    await writeFile(empty, '');
    const params = { inventory: empty, database: `file_to_inventory_empty_${process.pid}`, embeddedDataDir: join(dir, 'mongodb') };
    const record = await runJob(fileToInventory, { params });
    expect(record.status).toBe('failed');
    expect(record.error).toMatchObject({ code: 'EMPTY_SOURCE' });
    expect(record.error?.message).toMatch(/inventory\.yaml: is empty \(0 bytes\).*--param allowEmpty=true/);
    const allowed = await runJob(fileToInventory, { params: { ...params, allowEmpty: true }, dryRun: true });
    expect(allowed.status).toBe('succeeded');
    expect(allowed.loaded?.source).toMatchObject({ region: 0, site: 0 });
    // No default: the bundled sample is named (inventory=sample), never the silent default.
    await expect(runJob(fileToInventory, { params: { database: params.database, embeddedDataDir: params.embeddedDataDir } })).rejects.toThrow(/parameter "inventory"/);
  });
});
