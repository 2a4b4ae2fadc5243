// End-to-end tests of the NetBox jobs with runJob, an in-memory inventory and the NetBox test server.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecorder, runJob } from '@ssot/core';
import type { InventoryData } from '@ssot/inventory';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryInventory, sampleInventory } from './__fixtures__/inventory-sample.js';
import { startNetboxServer, type NetboxTestServer } from './__fixtures__/netbox-server.js';
import { seedNetbox } from './__fixtures__/seed.js';
import { fileInventory } from './inventory-file.js';
import { jobs } from './jobs.js';
import { createNetboxJobs, NETBOX_METRICS } from './netbox-jobs.js';

const servers: NetboxTestServer[] = [];
afterEach(async () => {
  for (const nb of servers.splice(0)) await nb.stop();
});

async function server(): Promise<NetboxTestServer> {
  const nb = await startNetboxServer();
  servers.push(nb);
  return nb;
}

const empty = (): InventoryData => ({ region: [], site: [], device: [], interface: [], vlan: [], prefix: [], ip_address: [] });

describe('inventory-to-netbox', () => {
  it('dry run, real run, then a re-run without changes', async () => {
    const nb = await server();
    const [, toNetbox] = createNetboxJobs(new MemoryInventory(sampleInventory()));
    expect(toNetbox.name).toBe('inventory-to-netbox');
    expect(toNetbox.direction).toBe('data-target');
    const recorder = new MemoryRecorder();
    const params = { netboxUrl: nb.url, netboxToken: nb.token, pageSize: 50 };

    const dry = await runJob(toNetbox, { params, dryRun: true, recorder });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary).toMatchObject({ create: 23, update: 0, delete: 0 });
    expect(nb.log.filter((entry) => entry.method !== 'GET')).toEqual([]);

    const real = await runJob(toNetbox, { params, recorder });
    expect(real.status, JSON.stringify(real.error)).toBe('succeeded');
    expect(real.syncCounts?.create.success).toBe(23);
    expect(real.metrics?.[NETBOX_METRICS]).toMatchObject({ failures: 0 });
    expect((real.metrics?.[NETBOX_METRICS] as { calls: number }).calls).toBeGreaterThan(14);
    expect(real.parameters['netboxToken']).toBe('[REDACTED]');
    expect(JSON.stringify(real)).not.toContain(nb.token);
    const logs = recorder.logs(real.id);
    expect(logs.find((entry) => entry.model === 'device' && entry.uid === 'ams1-core1')?.link?.url).toBe(`${nb.url}/dcim/devices/?name=ams1-core1`);
    expect(JSON.stringify(logs)).not.toContain(nb.token);

    const again = await runJob(toNetbox, { params, recorder });
    expect(again.status).toBe('succeeded');
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, noChange: 23 });
  });

  it('records failures with NetBox field messages and fails the run without leaking the token', async () => {
    const nb = await server();
    const data = sampleInventory();
    (data.interface[1] as { type: string }).type = 'bogus';
    const [, toNetbox] = createNetboxJobs(new MemoryInventory(data));
    const recorder = new MemoryRecorder();
    const record = await runJob(toNetbox, { params: { netboxUrl: nb.url, netboxToken: nb.token }, recorder });
    expect(record.status).toBe('failed');
    const failure = recorder.logs(record.id).find((entry) => entry.status === 'failure');
    expect(failure).toMatchObject({ model: 'interface', uid: 'ams1-core1__Ethernet2' });
    expect(failure?.message).toContain('type: "bogus" is not a valid choice.');
    expect(JSON.stringify(record)).not.toContain(nb.token);
  });
});

describe('inventory-to-netbox: lost answers', () => {
  it('a bulk POST whose connection drops after sending logs its elements as unknown and fails the run', async () => {
    const nb = await server();
    const [, toNetbox] = createNetboxJobs(new MemoryInventory(sampleInventory()));
    nb.injectFault({ method: 'POST', endpoint: 'dcim/sites/', drop: true, times: 1 });
    const recorder = new MemoryRecorder();
    const record = await runJob(toNetbox, { params: { netboxUrl: nb.url, netboxToken: nb.token }, recorder });
    expect(record.status).toBe('failed');
    expect(record.syncCounts?.create.unknown).toBe(3);
    const logs = recorder.logs(record.id);
    const sites = logs.filter((entry) => entry.model === 'site');
    expect(sites.map((entry) => entry.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(sites[0]?.message).toContain('no answer came');
    // Children of an element with an unknown outcome are not attempted.
    expect(logs.filter((entry) => entry.model === 'device').map((entry) => entry.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(nb.requests('POST', 'dcim/devices/')).toHaveLength(0);
    expect(nb.requests('POST', 'dcim/sites/')).toHaveLength(1);
    expect(JSON.stringify(record)).not.toContain(nb.token);
  });
});

describe('netbox-to-inventory', () => {
  it('dry run, real run, then a re-run without changes', async () => {
    const nb = await server();
    const seeded = seedNetbox(nb, { interfaces: 300, interfacesPerDevice: 30 });
    const inventory = new MemoryInventory(empty());
    const [toInventory] = createNetboxJobs(inventory);
    expect(toInventory.direction).toBe('data-source');
    const config = toInventory.configInformation?.({ netboxUrl: nb.url, netboxToken: nb.token, pageSize: 100, concurrency: 4, writeBatchSize: 100, deviceType: 'generic' } as never);
    expect(config).toMatchObject({ 'NetBox URL': nb.url, 'Page size': '100', Concurrency: '4' });
    expect(JSON.stringify(config)).not.toContain(nb.token);
    expect(toInventory.dataMappings?.[0]?.sourceUrl).toMatch(/^https:\/\/demo\.netbox\.dev\/api\/docs\//);
    const params = { netboxUrl: nb.url, netboxToken: nb.token, pageSize: 100, concurrency: 4 };
    const events: string[] = [];

    const dry = await runJob(toInventory, { params, dryRun: true, onEvent: (event) => event.type === 'progress' && events.push(event.model) });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary?.create).toBeGreaterThan(300);
    expect(inventory.state.interface).toHaveLength(0);
    expect(events).toContain('interface');
    expect(dry.metrics?.[NETBOX_METRICS]).toBeDefined();

    const real = await runJob(toInventory, { params });
    expect(real.status, JSON.stringify(real.error)).toBe('succeeded');
    expect(inventory.state.interface).toHaveLength(300);
    expect(inventory.state.device).toHaveLength(seeded.devices);
    expect(inventory.state.ip_address).toHaveLength(seeded.ipAddresses);

    const again = await runJob(toInventory, { params });
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('fails at its load step on a NetBox page shorter than it should be, leaving the inventory untouched', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 300, interfacesPerDevice: 30 });
    const inventory = new MemoryInventory(empty());
    const [toInventory] = createNetboxJobs(inventory);
    const params = { netboxUrl: nb.url, netboxToken: nb.token, pageSize: 100, concurrency: 4 };
    const first = await runJob(toInventory, { params });
    expect(first.status, JSON.stringify(first.error)).toBe('succeeded');
    const before = structuredClone(inventory.state);
    expect(before.interface).toHaveLength(300);

    // The page at offset 100 of the interfaces answers 200 with 7 results missing, every time.
    nb.injectFault({ method: 'GET', endpoint: 'dcim/interfaces/', offset: 100, shortBy: 7, times: 1000 });
    const recorder = new MemoryRecorder();
    const record = await runJob(toInventory, { params, recorder });
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('INCOMPLETE_LIST');
    expect(record.error?.message).toContain('dcim/interfaces/');
    expect(record.steps.find((step) => step.name === 'loadSource')?.status).toBe('failed');
    expect(record.steps.some((step) => step.name === 'executeSync' && step.status === 'succeeded')).toBe(false);
    expect(record.syncCounts?.delete.success ?? 0).toBe(0);
    expect(inventory.state).toEqual(before);
    expect(JSON.stringify(record)).not.toContain(nb.token);
    // The short page was read again before giving up.
    expect(nb.requests('GET', 'dcim/interfaces/').filter((entry) => entry.query['offset'] === '100').length).toBeGreaterThan(2);
  });

  it('the packaged jobs read and write an inventory JSON file through fileInventory()', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 50 });
    const dir = await mkdtemp(join(tmpdir(), 'netbox-jobs-'));
    try {
      const file = join(dir, 'inventory.json');
      const [toInventory, toNetbox] = createNetboxJobs(fileInventory());
      const params = { netboxUrl: nb.url, netboxToken: nb.token, inventoryFile: file };
      await runJob(toInventory, { params, dryRun: true });
      expect(existsSync(file)).toBe(false);
      const real = await runJob(toInventory, { params });
      expect(real.status).toBe('succeeded');
      const data = JSON.parse(await readFile(file, 'utf8')) as InventoryData;
      expect(data.interface).toHaveLength(50);
      const back = await runJob(toNetbox, { params, dryRun: true });
      expect(back.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('inventory-to-netbox refuses to read a missing inventory file as an empty inventory', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 20 });
    const dir = await mkdtemp(join(tmpdir(), 'netbox-jobs-'));
    try {
      const [, toNetbox] = createNetboxJobs(fileInventory());
      const record = await runJob(toNetbox, { params: { netboxUrl: nb.url, netboxToken: nb.token, inventoryFile: join(dir, 'missing.json') } });
      expect(record.status).toBe('failed');
      expect(record.error?.code).toBe('INVALID_PARAMETER');
      expect(record.error?.message).toContain('missing.json');
      expect(record.steps.find((step) => step.name === 'loadSource')?.status).toBe('failed');
      expect(nb.log.filter((entry) => entry.method === 'DELETE')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the packaged jobs sync NetBox into the MongoDB inventory and back, the URI kept secret', async () => {
    const nb = await server();
    seedNetbox(nb, { interfaces: 40 });
    const dir = await mkdtemp(join(tmpdir(), 'netbox-mongo-'));
    try {
      const toInventory = jobs.find((job) => job.name === 'netbox-to-inventory');
      const toNetbox = jobs.find((job) => job.name === 'inventory-to-netbox');
      if (toInventory === undefined || toNetbox === undefined) throw new Error('packaged jobs missing');
      const params = { netboxUrl: nb.url, netboxToken: nb.token, database: `netbox_jobs_${process.pid}`, embeddedDataDir: join(dir, 'mongodb') };
      const recorder = new MemoryRecorder();
      const real = await runJob(toInventory, { params, recorder });
      expect(real.status, JSON.stringify(recorder.logs(real.id).filter((e) => e.status === 'failure'))).toBe('succeeded');
      expect(real.loaded?.target?.interface).toBe(0);
      expect(real.syncCounts?.create.success).toBeGreaterThan(40);
      expect((real.metrics?.mongodb as { backend: string }).backend).toMatch(process.env.MONGODB_URI ? /^(mongodb|test-server)$/ : /^test-server$/);
      const back = await runJob(toNetbox, { params, dryRun: true });
      expect(back.status).toBe('succeeded');
      expect(back.loaded?.source?.interface).toBe(40);
      expect(back.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
      const withUri = await runJob(toNetbox, { params: { ...params, mongodbUri: 'mongodb://u:pw-never-shown@127.0.0.1:1/?serverSelectionTimeoutMS=200' }, dryRun: true });
      expect(withUri.status).toBe('failed');
      expect(JSON.stringify(withUri)).not.toContain('pw-never-shown');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
