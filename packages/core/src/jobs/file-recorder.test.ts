import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter, type SideData } from '../__fixtures__/small.js';
import { FileRecorder } from './file-recorder.js';
import { withoutDiff } from './history-query.js';
import { defineJob } from './job.js';
import type { RunEvent } from './run-events.js';
import { runJob } from './run-job.js';

const SECRET = 'pw-file-recorder-7781';
const wanted: SideData = { ...baseData, sites: [{ name: 'ams1', status: 'retired' }, { name: 'fra1', status: 'active' }, { name: 'lon1', status: 'active' }] };

const job = defineJob({
  name: 'files-test',
  direction: 'data-source',
  source: 'file',
  target: 'inventory',
  parameters: z.object({ password: z.string() }),
  secrets: ['password'],
  async loadSource(context) {
    context.progress('site', 3, 3);
    context.setMetrics('http', { requests: 4 });
    return makeAdapter('file', wanted);
  },
  async loadTarget() {
    return makeAdapter('inventory', baseData);
  },
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssot-file-recorder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileRecorder', () => {
  it('writes one directory per run with record.json, diff.json and logs.ndjson, and reads them back', async () => {
    const recorder = new FileRecorder({ directory: dir });
    const record = await runJob(job, { params: { password: SECRET }, recorder });
    expect(record.status).toBe('succeeded');

    const runDirs = await readdir(dir);
    expect(runDirs).toHaveLength(1);
    const files = (await readdir(join(dir, runDirs[0] ?? ''))).sort();
    expect(files).toEqual(['diff.json', 'logs.ndjson', 'record.json']);
    const onDisk = await Promise.all(files.map((file) => readFile(join(dir, runDirs[0] ?? '', file), 'utf8')));
    for (const text of onDisk) expect(text).not.toContain(SECRET);
    const stored = JSON.parse(onDisk[2] ?? '{}');
    expect(stored.diff).toBeUndefined();
    expect(stored.parameters).toEqual({ password: '[REDACTED]' });
    expect(stored.metrics).toEqual({ http: { requests: 4 } });
    expect(stored.loaded.source.site).toBe(3);
    const logLines = (onDisk[1] ?? '').trim().split('\n').map((line) => JSON.parse(line));
    expect(logLines.map((entry) => `${entry.action} ${entry.model} ${entry.uid}`).sort()).toEqual(['create site lon1', 'update site ams1']);

    const back = await recorder.getRun(record.id);
    expect(back?.diff?.elements.length).toBeGreaterThan(0);
    expect(back?.summary).toEqual(record.summary);
    expect((await recorder.getRun(record.id.slice(0, 8)))?.id).toBe(record.id);
    expect(await recorder.getRun('no-such-run')).toBeUndefined();

    const creates = await recorder.readLogs(record.id, { action: 'create' });
    expect(creates.total).toBe(1);
    expect(creates.entries[0]?.uid).toBe('lon1');
    const diffPage = await recorder.readDiff(record.id, { model: 'site', action: 'update' });
    expect(diffPage.elements.map((e) => e.uid)).toEqual(['ams1']);
    expect(diffPage.elements[0]?.changed).toEqual(['status']);
  });

  it('lists runs newest first with filters and pages, and applies retention', async () => {
    const recorder = new FileRecorder({ directory: dir, retention: { runs: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await runJob(job, { params: { password: SECRET }, recorder, dryRun: i % 2 === 0 })).id);
    const all = await recorder.listRuns();
    expect(all.total).toBe(3);
    expect(all.runs.map((r) => r.id)).toEqual(ids.slice(1).reverse());
    expect(all.runs.every((r) => r.diff === undefined)).toBe(true);
    const dry = await recorder.listRuns({ dryRun: true });
    expect(dry.runs.map((r) => r.id)).toEqual([ids[2]]);
    const page = await recorder.listRuns({ offset: 1, limit: 1 });
    expect(page.runs.map((r) => r.id)).toEqual([ids[2]]);
    expect((await recorder.listRuns({ job: 'other' })).total).toBe(0);
  });

  it('keeps what a failed run did: steps so far and the error, secrets redacted', async () => {
    const failing = defineJob({ ...job, name: 'files-failing', async loadTarget() { throw new Error(`login refused for ${SECRET}`); } });
    const recorder = new FileRecorder({ directory: dir });
    const record = await runJob(failing, { params: { password: SECRET }, recorder });
    const back = await recorder.getRun(record.id);
    expect(back?.status).toBe('failed');
    expect(back?.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['loadSource:succeeded', 'loadTarget:failed']);
    expect(back?.error?.message).toBe('login refused for [REDACTED]');
  });

  it('reads a run without its diff elements: the record and the diff counts from the head of diff.json', async () => {
    const recorder = new FileRecorder({ directory: dir });
    const record = await runJob(job, { params: { password: SECRET }, recorder });
    const overview = await recorder.getRunOverview(record.id.slice(0, 8));
    expect(overview?.record.id).toBe(record.id);
    expect(overview?.record.diff).toBeUndefined();
    const { elements: _elements, ...meta } = record.diff!;
    expect(overview?.diffMeta).toEqual(meta);
    expect(await recorder.getRunOverview('no-such-run')).toBeUndefined();

    // Names that look like the elements key, and a file whose elements come first, read the same.
    const runDir = join(dir, (await readdir(dir))[0] ?? '');
    const tricky = { version: 1, source: 'x "elements": [', target: 'elements', summaryByModel: { elements: { create: 1, update: 0, delete: 0, noChange: 0, skip: 0 } }, elements: [{ model: 'elements', uid: 'e', shortname: 'e', keys: {}, action: 'create' }] };
    await writeFile(join(runDir, 'diff.json'), JSON.stringify(tricky));
    expect((await recorder.getRunOverview(record.id))?.diffMeta).toEqual({ version: 1, source: 'x "elements": [', target: 'elements', summaryByModel: tricky.summaryByModel });
    const { elements, ...rest } = tricky;
    await writeFile(join(runDir, 'diff.json'), JSON.stringify({ elements, ...rest }));
    expect((await recorder.getRunOverview(record.id))?.diffMeta).toEqual(rest);
    await rm(join(runDir, 'diff.json'));
    expect(await recorder.getRunOverview(record.id)).toEqual({ record: withoutDiff(record) });
  });

  it('returns an empty history for a directory that does not exist yet', async () => {
    const recorder = new FileRecorder({ directory: join(dir, 'missing') });
    expect(await recorder.listRuns()).toEqual({ runs: [], total: 0 });
    expect(await recorder.readLogs('x')).toEqual({ entries: [], total: 0 });
  });
});

describe('runJob events and profiles', () => {
  it('emits step, load-progress and end events in order', async () => {
    const events: RunEvent[] = [];
    await runJob(job, { params: { password: SECRET }, onEvent: (event) => events.push(event) });
    const kinds = events.map((e) => (e.type === 'step-start' ? `start:${e.step}` : e.type === 'step-end' ? `end:${e.step.name}` : e.type === 'run-end' ? 'run-end' : undefined)).filter(Boolean);
    expect(kinds).toEqual(['start:loadSource', 'end:loadSource', 'start:loadTarget', 'end:loadTarget', 'start:calculateDiff', 'end:calculateDiff', 'start:executeSync', 'end:executeSync', 'run-end']);
    expect(events).toContainEqual({ type: 'progress', step: 'loadSource', model: 'site', current: 3, total: 3 });
    expect(events.some((e) => e.type === 'progress' && e.step === 'executeSync')).toBe(true);
  });

  it('writes a CPU profile that DevTools can open', async () => {
    const file = join(dir, 'run.cpuprofile');
    const record = await runJob(job, { params: { password: SECRET }, cpuProfile: file });
    expect(record.cpuProfile).toBe(file);
    const profile = JSON.parse(await readFile(file, 'utf8'));
    expect(Array.isArray(profile.nodes)).toBe(true);
    expect(profile.nodes.length).toBeGreaterThan(0);
    expect(typeof profile.startTime).toBe('number');
    expect(profile.endTime).toBeGreaterThanOrEqual(profile.startTime);
  });

  it('records the process-wide peak RSS and omits memory when switched off', async () => {
    const record = await runJob(job, { params: { password: SECRET }, memory: false });
    expect(record.processMaxRss).toBeGreaterThan(0);
    expect(record.steps.every((s) => s.memory === undefined)).toBe(true);
  });
});
