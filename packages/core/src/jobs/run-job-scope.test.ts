import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DiffOptions } from '../differ.js';
import { ScopeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { baseData, makeAdapter, type SideData } from '../__fixtures__/small.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

const wanted: SideData = { ...baseData, sites: [{ name: 'ams1', status: 'retired' }, { name: 'fra1', status: 'retired' }] };

function job(seen: { diffOptions?: DiffOptions } = {}, options: { orphan?: boolean } = {}) {
  return defineJob({
    name: 'scoped',
    direction: 'data-target',
    source: 'inventory',
    target: 'controller',
    parameters: z.object({}),
    async loadSource(context) {
      seen.diffOptions = context.diffOptions;
      const source = makeAdapter('inventory', wanted);
      if (options.orphan) source.add('interface', { device: 'ams1-sw1', name: 'eth7', mtu: 1500, tags: [] });
      return source;
    },
    async loadTarget() {
      return makeAdapter('controller', baseData);
    },
  });
}

function capture(): { logger: Logger; warnings: { fields: Record<string, unknown>; message: string }[] } {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const noop = (): void => undefined;
  const logger = {
    trace: noop,
    debug: noop,
    info: noop,
    error: noop,
    fatal: noop,
    warn: (fields: unknown, message?: string) => void warnings.push({ fields: fields as Record<string, unknown>, message: message ?? '' }),
  } as unknown as Logger;
  return { logger, warnings };
}

describe('runJob scope', () => {
  it('passes the scope to the built-in diff, exposes it in context.diffOptions and records it as specs', async () => {
    const seen: { diffOptions?: DiffOptions } = {};
    const record = await runJob(job(seen), { scope: ['site=ams1'], recorder: new MemoryRecorder(), memory: false });
    expect(record.status).toBe('succeeded');
    expect(seen.diffOptions?.scope).toEqual({ subtrees: [{ model: 'site', id: 'ams1' }] });
    expect(record.scope).toEqual(['site=ams1']);
    expect(record.summary).toMatchObject({ update: 1, outOfScope: 4 });
  });

  it('takes a DiffScope object too, and records its JSON form', async () => {
    const record = await runJob(job(), { scope: { models: ['device'] }, dryRun: true, memory: false });
    expect(record.scope).toEqual(['model=device']);
    expect(record.summary).toMatchObject({ update: 0, outOfScope: 6 });
  });

  it('refuses a bad scope before anything runs', async () => {
    const recorder = new MemoryRecorder();
    await expect(runJob(job(), { scope: ['ams1'], recorder })).rejects.toThrow(ScopeError);
    expect(recorder.list()).toEqual([]);
  });

  it('logs unlisted records at warn level with the run logger', async () => {
    const { logger, warnings } = capture();
    const record = await runJob(job({}, { orphan: true }), { logger, dryRun: true, memory: false });
    expect(record.status).toBe('succeeded');
    const warning = warnings.find((w) => w.fields.model === 'interface');
    expect(warning?.fields).toMatchObject({ runId: record.id, side: 'source', model: 'interface', count: 1, uids: ['ams1-sw1__eth7'] });
    expect(warning?.message).toMatch(/^1 interface record of the source "inventory" is listed by no parent \(ams1-sw1__eth7\)/);
  });
});
