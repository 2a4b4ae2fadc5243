// Tests of the ZzTmp integration against the in-memory test server: load, sync both ways, and the jobs end to end.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob } from '@ssot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './__fixtures__/test-server.js';
import { createZzTmpAdapter, createZzTmpFileAdapter, jobs, modelNames } from './index.js';

// Every model starts with the same two fields (name, description); adjust the fixtures when you change the models.
const record = (name: string, description: string): Record<string, unknown> => ({ name, description });

let server: TestServer;
let dir: string;

beforeEach(async () => {
  server = await startTestServer(Object.fromEntries(modelNames.map((model) => [model, { a: record('a', 'from the API'), b: record('b', 'only in the API') }])));
  dir = await mkdtemp(join(tmpdir(), 'zz-tmp-test-'));
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const writeFileSide = async (): Promise<string> => {
  const file = join(dir, 'records.json');
  await writeFile(file, JSON.stringify(Object.fromEntries(modelNames.map((model) => [model, [record('a', 'from the file'), record('c', 'only in the file')]]))));
  return file;
};

describe('ZzTmpAdapter', () => {
  it('loads every model through the API', async () => {
    const adapter = createZzTmpAdapter({ baseUrl: server.url, token: server.token });
    await adapter.load();
    expect(adapter.count()).toBe(2 * modelNames.length);
    adapter.client.close();
  });

  it('creates, updates and deletes records through the API as a sync target', async () => {
    const source = createZzTmpFileAdapter({ name: 'file', file: await writeFileSide() });
    await source.load();
    const target = createZzTmpAdapter({ baseUrl: server.url, token: server.token });
    await target.load();
    const result = await target.syncFrom(source);
    expect(result.ok).toBe(true);
    for (const model of modelNames) {
      expect([...(server.data.get(model)?.values() ?? [])].sort((x, y) => String(x.name).localeCompare(String(y.name)))).toEqual([record('a', 'from the file'), record('c', 'only in the file')]);
    }
    target.client.close();
  });

  it('rejects a wrong token with an error that does not show it', async () => {
    const adapter = createZzTmpAdapter({ baseUrl: server.url, token: 'wrong-token-value', http: { retry: false } });
    await expect(adapter.load()).rejects.toThrow(/401/);
    await expect(adapter.load()).rejects.not.toThrow(/wrong-token-value/);
    adapter.client.close();
  });
});

describe('jobs', () => {
  it('every job runs against the test server', async () => {
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const file = await writeFileSide();
      const run = await runJob(job, { params: { baseUrl: server.url, token: server.token, file } });
      expect(run.status, `${job.name}: ${JSON.stringify(run.error)}`).toBe('succeeded');
      expect(JSON.stringify(run.parameters)).not.toContain(server.token);
    }
  });

  it('a dry run writes nothing', async () => {
    const file = await writeFileSide();
    const before = await readFile(file, 'utf8');
    for (const job of jobs) {
      const run = await runJob(job, { params: { baseUrl: server.url, token: server.token, file }, dryRun: true });
      expect(run.status).toBe('succeeded');
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(server.requests.every((request) => request.startsWith('GET '))).toBe(true);
  });
});
