// The delete guard: budgets, and runs over them stopped before the sync, recorded `blocked`, target untouched.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter, type SideData } from '../__fixtures__/small.js';
import type { DiffSummary } from '../diff.js';
import { checkDeleteBudget, DEFAULT_DELETE_BUDGET, DeleteBudgetError, formatDeleteBudget, parseDeleteBudget, type DeleteBudget } from './delete-guard.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

const counts = (deletes: number, records: number): DiffSummary => ({ create: 0, update: 0, delete: deletes, noChange: records - deletes, skip: 0, outOfScope: 0, unlisted: 0 });

describe('delete budgets', () => {
  it('reads and writes --max-deletes values', () => {
    expect(parseDeleteBudget('200')).toEqual({ count: 200 });
    expect(parseDeleteBudget('25%')).toEqual({ share: 0.25 });
    expect(parseDeleteBudget('200, 2.5%')).toEqual({ count: 200, share: 0.025 });
    expect(parseDeleteBudget('0')).toEqual({ count: 0 });
    expect(formatDeleteBudget(DEFAULT_DELETE_BUDGET)).toBe('50,10%');
    expect(formatDeleteBudget({ share: 0.025 })).toBe('2.5%');
    for (const bad of ['', 'ten', '10%%', '150%', '-1', '1,2', '10%,20%', '1,2,3%', '5 records']) expect(() => parseDeleteBudget(bad), bad).toThrow(DeleteBudgetError);
  });

  it('allows up to 10% of a model (at least one record) and never more than 50 by default', () => {
    const check = (deletes: number, records: number, budget: DeleteBudget = DEFAULT_DELETE_BUDGET) => checkDeleteBudget({ device: counts(deletes, records) }, budget);
    expect(check(10, 100)).toEqual([]);
    expect(check(11, 100)).toEqual([{ model: 'device', deletes: 11, records: 100, limit: 10 }]);
    expect(check(50, 10_000)).toEqual([]);
    expect(check(51, 10_000)).toEqual([{ model: 'device', deletes: 51, records: 10_000, limit: 50 }]);
    expect(check(1, 3)).toEqual([]);
    expect(check(2, 3)).toHaveLength(1);
    expect(check(36, 400)).toHaveLength(0);
    expect(check(36, 300)).toHaveLength(1);
    expect(check(2, 3, { count: 5 })).toEqual([]);
    expect(check(1, 1000, { count: 0 })).toHaveLength(1);
    expect(check(500, 1000, { share: 0.5 })).toEqual([]);
  });
});

/** A "remote" target whose state survives between runs, and counts of the writes made to it. */
function remoteJob(remote: { data: SideData; deletes: number }, budget?: DeleteBudget) {
  return defineJob({
    name: 'files-to-controller',
    direction: 'data-target',
    source: 'files',
    target: 'controller',
    parameters: z.object({ source: z.enum(['full', 'empty', 'oneSiteLess']) }),
    ...(budget === undefined ? {} : { deleteBudget: budget }),
    async loadSource({ params }) {
      if (params.source === 'empty') return makeAdapter('files', {});
      if (params.source === 'oneSiteLess') return makeAdapter('files', { ...baseData, sites: baseData.sites?.filter((s) => s.name !== 'fra1'), devices: baseData.devices?.filter((d) => d.site !== 'fra1'), interfaces: baseData.interfaces?.filter((i) => i.device !== 'fra1-sw1') });
      return makeAdapter('files', baseData);
    },
    async loadTarget() {
      const target = makeAdapter('controller', remote.data);
      const count = () => void (remote.deletes += 1);
      target.handlers = { site: { delete: count }, device: { delete: count }, interface: { delete: count }, vlan: { delete: count } };
      return target;
    },
  });
}

describe('the delete guard of a run', () => {
  it('blocks a run whose diff would wipe the target: recorded blocked with its diff, nothing written', async () => {
    const remote = { data: baseData, deletes: 0 };
    const recorder = new MemoryRecorder();
    const record = await runJob(remoteJob(remote), { params: { source: 'empty' }, recorder });
    expect(record.status).toBe('blocked');
    expect(record.error?.code).toBe('DELETE_GUARD');
    expect(record.error?.message).toMatch(/site: 2 of 2 \(limit 1\)/);
    expect(record.error?.message).toMatch(/--allow-deletes/);
    expect(record.deleteGuard).toEqual({ budget: '50,10%', violations: expect.arrayContaining([{ model: 'site', deletes: 2, records: 2, limit: 1 }]) });
    expect(record.summary?.delete).toBeGreaterThan(0);
    expect(record.diff?.elements.length).toBeGreaterThan(0);
    expect(record.steps.map((step) => step.name)).toEqual(['loadSource', 'loadTarget', 'calculateDiff']);
    expect(remote.deletes).toBe(0);
    expect(recorder.get(record.id)?.status).toBe('blocked');
  });

  it('a dry run over the budget says a run would be blocked, and succeeds', async () => {
    const remote = { data: baseData, deletes: 0 };
    const record = await runJob(remoteJob(remote), { params: { source: 'empty' }, dryRun: true });
    expect(record.status).toBe('succeeded');
    expect(record.deleteGuard?.violations.length).toBeGreaterThan(0);
    expect(record.warnings).toEqual([expect.objectContaining({ code: 'DELETE_GUARD', message: expect.stringMatching(/^A run of this diff would be blocked/) })]);
  });

  it('deletes within the budget run; --allow-deletes and a larger --max-deletes lift it; --max-deletes 0 allows none', async () => {
    const within = { data: baseData, deletes: 0 };
    expect((await runJob(remoteJob(within), { params: { source: 'oneSiteLess' } })).status).toBe('succeeded');
    expect(within.deletes).toBe(3); // the site, its device and its interface: one record of each model

    const allowed = { data: baseData, deletes: 0 };
    const record = await runJob(remoteJob(allowed), { params: { source: 'empty' }, allowDeletes: true });
    expect(record.status).toBe('succeeded');
    expect(record.deleteGuard).toEqual({ budget: 'off', violations: [] });
    expect(allowed.deletes).toBeGreaterThan(0);

    expect((await runJob(remoteJob({ data: baseData, deletes: 0 }), { params: { source: 'empty' }, maxDeletes: '100%' })).status).toBe('succeeded');
    const none = { data: baseData, deletes: 0 };
    expect((await runJob(remoteJob(none), { params: { source: 'oneSiteLess' }, maxDeletes: '0' })).status).toBe('blocked');
    expect(none.deletes).toBe(0);
  });

  it("a job's own budget applies, and a run's budget overrides it", async () => {
    expect((await runJob(remoteJob({ data: baseData, deletes: 0 }, { count: 100 }), { params: { source: 'empty' } })).status).toBe('succeeded');
    expect((await runJob(remoteJob({ data: baseData, deletes: 0 }, { count: 100 }), { params: { source: 'empty' }, maxDeletes: { count: 1 } })).status).toBe('blocked');
  });

  it('the first sync into an empty target is never blocked', async () => {
    const record = await runJob(remoteJob({ data: {}, deletes: 0 }), { params: { source: 'full' }, maxDeletes: '0' });
    expect(record.status).toBe('succeeded');
    expect(record.summary?.create).toBeGreaterThan(0);
  });

  it('a budget that does not parse is refused before anything runs', async () => {
    const recorder = new MemoryRecorder();
    await expect(runJob(remoteJob({ data: baseData, deletes: 0 }), { params: { source: 'full' }, maxDeletes: 'lots', recorder })).rejects.toThrow(DeleteBudgetError);
    expect(recorder.list()).toEqual([]);
  });
});
