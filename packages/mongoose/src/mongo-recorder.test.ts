import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { Adapter, defineJob, defineModel, runJob, softFailure } from '@ssot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectMongo, redactMongoUri, type MongoHandle } from './connect.js';
import { MongoRecorder } from './mongo-recorder.js';

const SECRET = 'mongo-recorder-secret-42';
let handle: MongoHandle;

beforeAll(async () => {
  handle = await connectMongo({ dbName: `ssot_mongo_recorder_${process.pid}` });
});

afterAll(async () => {
  await handle.connection.dropDatabase();
  await handle.close();
});

const host = defineModel<{ name: string; ip: string }>()({ name: 'host', identifiers: ['name'], attributes: ['ip'] });
const models = { host };
const side = (name: string, count: number, ipBase: string) => {
  const adapter = new Adapter({ name, models, topLevel: ['host'] });
  for (let i = 0; i < count; i++) adapter.add('host', { name: `h${i}`, ip: `${ipBase}.${i}` });
  return adapter;
};

function job(options: { count: number; failOn?: string }) {
  return defineJob({
    name: 'hosts',
    direction: 'data-source',
    source: 'cmdb',
    target: 'inventory',
    parameters: z.object({ token: z.string() }),
    secrets: ['token'],
    async loadSource() {
      return side('cmdb', options.count, '10.0.0');
    },
    async loadTarget() {
      const target = side('inventory', Math.floor(options.count / 2), '10.9.9');
      target.handlers = { host: { update: (input) => (input.uid === options.failOn ? softFailure(`refused with ${SECRET}`) : undefined) } };
      return target;
    },
  });
}

describe('MongoRecorder', () => {
  it('stores runs, batched logs and the diff per element, and reads them back with filters', async () => {
    const recorder = new MongoRecorder({ connection: handle.connection, batchSize: 100 });
    const record = await runJob(job({ count: 500 }), { params: { token: SECRET }, recorder, logBatchSize: 50 });
    expect(record.status).toBe('succeeded');
    const back = await recorder.getRun(record.id);
    expect(back?.diff).toEqual(record.diff);
    expect(back?.summary).toEqual({ create: 250, update: 250, delete: 0, noChange: 0, skip: 0 });
    expect((await recorder.getRun(record.id.slice(0, 6)))?.id).toBe(record.id);
    const diffDocs = await handle.connection.collection('ssot_sync_diffs').countDocuments({ runId: record.id });
    expect(diffDocs).toBe(500);
    const creates = await recorder.readLogs(record.id, { action: 'create', limit: 10, offset: 5 });
    expect(creates.total).toBe(250);
    expect(creates.entries).toHaveLength(10);
    expect(creates.entries[0]?.uid).toBe('h255');
    const updates = await recorder.readDiff(record.id, { action: 'update', limit: 3 });
    expect(updates.total).toBe(250);
    expect(updates.elements.map((e) => e.uid)).toEqual(['h0', 'h1', 'h2']);
    const raw = JSON.stringify(await handle.connection.collection('ssot_syncs').find().toArray());
    expect(raw).not.toContain(SECRET);
  });

  it('lists runs newest first with filters, records failures and applies retention', async () => {
    const recorder = new MongoRecorder({ connection: handle.connection, prefix: 'retained', retention: { runs: 2 } });
    const ok = await runJob(job({ count: 4 }), { params: { token: SECRET }, recorder, dryRun: true });
    const failed = await runJob(job({ count: 4, failOn: 'h1' }), { params: { token: SECRET }, recorder });
    const last = await runJob(job({ count: 4 }), { params: { token: SECRET }, recorder, dryRun: true });
    expect(failed.status).toBe('failed');
    const page = await recorder.listRuns();
    expect(page.total).toBe(2);
    expect(page.runs.map((r) => r.id)).toEqual([last.id, failed.id]);
    expect(await recorder.getRun(ok.id)).toBeUndefined();
    expect(await handle.connection.collection('retained_sync_diffs').countDocuments({ runId: ok.id })).toBe(0);
    const failures = await recorder.readLogs(failed.id, { status: 'failure' });
    expect(failures.entries).toMatchObject([{ uid: 'h1', message: 'refused with [REDACTED]' }]);
    expect((await recorder.listRuns({ status: 'failed' })).runs.map((r) => r.id)).toEqual([failed.id]);
    expect((await recorder.listRuns({ dryRun: true })).runs.map((r) => r.id)).toEqual([last.id]);
  });
});

describe('connectMongo', () => {
  it('a run exists from its start, beats while it runs, and shows as interrupted once its process is gone', async () => {
    const recorder = new MongoRecorder({ connection: handle.connection, prefix: 'owners' });
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    const base = { job: 'hosts', direction: 'data-source' as const, source: 'cmdb', target: 'inventory', parameters: {}, dryRun: false, status: 'running' as const, steps: [] };
    const startedAt = new Date(Date.now() - 5000).toISOString();
    await recorder.start({ ...base, id: 'killed-run', startedAt, owner: { host: hostname(), pid: child.pid as number, processStartedAt: startedAt } });
    await recorder.start({ ...base, id: 'elsewhere-run', startedAt, owner: { host: 'another-host.example', pid: 7, processStartedAt: startedAt } });
    await recorder.heartbeat('elsewhere-run', new Date().toISOString());
    await recorder.start({ ...base, id: 'stale-run', startedAt: new Date(Date.now() - 600_000).toISOString(), owner: { host: 'another-host.example', pid: 8, processStartedAt: startedAt } });

    expect(await recorder.getRun('killed-run')).toMatchObject({ status: 'interrupted', error: { code: 'INTERRUPTED' } });
    expect((await recorder.getRun('elsewhere-run'))?.status).toBe('running');
    expect((await recorder.getRun('stale-run'))?.status).toBe('interrupted');
    expect((await recorder.listRuns({ status: 'interrupted' })).runs.map((run) => run.id).sort()).toEqual(['killed-run', 'stale-run']);
    expect((await recorder.listRuns({ status: 'running' })).runs.map((run) => run.id)).toEqual(['elsewhere-run']);
    const all = Object.fromEntries((await recorder.listRuns()).runs.map((run) => [run.id, run.status]));
    expect(all).toMatchObject({ 'killed-run': 'interrupted', 'elsewhere-run': 'running', 'stale-run': 'interrupted' });
  });

  it('says which backend is in use and never shows credentials', () => {
    expect(handle.description).toMatch(process.env.MONGODB_URI ? /^MongoDB (test server \(not MongoDB\) )?at / : /^MongoDB test server \(not MongoDB\) at mongodb:\/\/127\.0\.0\.1:\d+\//);
    expect(redactMongoUri('mongodb://admin:hunter2@db.example:27017/inv?authSource=admin')).toBe('mongodb://***@db.example:27017/inv?authSource=admin');
    expect(redactMongoUri('mongodb+srv://u:p@cluster0.example.net/')).toBe('mongodb+srv://***@cluster0.example.net/');
  });

  it('calls a test server reached through a URI a test server, not MongoDB', async () => {
    const { startMongoTestServer } = await import('@ssot/mongo-test-server');
    const server = await startMongoTestServer();
    try {
      const viaUri = await connectMongo({ uri: server.uri, dbName: 'detect' });
      expect(viaUri.backend).toBe('test-server');
      expect(viaUri.description).toBe(`MongoDB test server (not MongoDB) at ${server.uri}`);
      await viaUri.close();
    } finally {
      await server.close();
    }
  });
});
