// Plan, review, apply exactly that: a recorded dry run applied later, checked element by element against the target.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Adapter, type AdapterSnapshot } from '../adapter.js';
import { baseData, changedData, makeAdapter, models, type Models, type SideData } from '../__fixtures__/small.js';
import { defineJob } from './job.js';
import { JobParameterError } from './job-parameter-error.js';
import { InvalidPlanError } from './plan-drift.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

/** A controller whose state survives between runs (as a snapshot), with the loads counted. */
function controller(initial: SideData) {
  const remote = { state: makeAdapter('controller', initial).toJSON() as AdapterSnapshot, sourceLoads: 0, source: changedData };
  const job = defineJob({
    name: 'files-to-controller',
    direction: 'data-target',
    source: 'files',
    target: 'controller',
    parameters: z.object({ token: z.string().min(8) }),
    secrets: ['token'],
    async loadSource() {
      remote.sourceLoads += 1;
      return makeAdapter('files', remote.source);
    },
    async loadTarget() {
      const target = new (class extends Adapter<Models> {
        override async syncComplete(): Promise<void> {
          remote.state = this.toJSON();
        }
      })({ name: 'controller', models, topLevel: ['site', 'vlan'] });
      target.loadJSON(remote.state);
      return target;
    },
  });
  /** Changes the controller behind the plan's back. */
  const edit = (change: (adapter: Adapter<Models>) => void): void => {
    const adapter = new Adapter({ name: 'controller', models, topLevel: ['site', 'vlan'] });
    adapter.loadJSON(remote.state);
    change(adapter);
    remote.state = adapter.toJSON();
  };
  const read = (): Adapter<Models> => {
    const adapter = new Adapter({ name: 'controller', models, topLevel: ['site', 'vlan'] });
    adapter.loadJSON(remote.state);
    return adapter;
  };
  return { remote, job, edit, read };
}

const params = { token: 'env:PLAN_TEST_TOKEN' };
const referenceSources = { env: { PLAN_TEST_TOKEN: 'tok-plan-secret-1' } };

describe('applying a plan', () => {
  it('applies exactly the recorded diff: the source is not read again and its later changes are not applied', async () => {
    const { remote, job, read } = controller(baseData);
    const recorder = new MemoryRecorder();
    const plan = await runJob(job, { params, dryRun: true, recorder, referenceSources, allowDeletes: true });
    expect(plan.status).toBe('succeeded');
    // The source changes after the review: the plan, not the source, is applied.
    remote.source = { ...changedData, sites: [...(changedData.sites ?? []), { name: 'lon1', status: 'active' }] };
    const loadsBefore = remote.sourceLoads;

    const applied = await runJob(job, { plan, recorder, referenceSources, allowDeletes: true });
    expect(applied.status).toBe('succeeded');
    expect(applied.plan).toBe(plan.id);
    expect(applied.dryRun).toBe(false);
    expect(remote.sourceLoads).toBe(loadsBefore);
    expect(applied.steps.map((step) => `${step.name}:${step.status}`)).toEqual(['loadTarget:succeeded', 'checkPlan:succeeded', 'executeSync:succeeded']);
    expect(applied.summary).toEqual(plan.summary);
    expect(applied.parameters).toEqual({ token: 'env:PLAN_TEST_TOKEN' });
    const after = read();
    expect(after.has('site', 'ber1')).toBe(true);
    expect(after.has('site', 'lon1')).toBe(false);
    expect(after.has('site', 'fra1')).toBe(false);
    expect(after.get('device', 'ams1-sw1').role).toBe('core');
  });

  it('refuses the whole plan when the target drifted: blocked, nothing written, every drifted element named', async () => {
    const { job, edit, read } = controller(baseData);
    const plan = await runJob(job, { params, dryRun: true, referenceSources, allowDeletes: true });
    edit((adapter) => {
      adapter.update('device', { name: 'ams1-sw1', role: 'distribution' }); // to update: changed since the plan
      adapter.add('site', { name: 'ber1', status: 'active', devices: [] }); // to create: now exists
    });
    const before = JSON.stringify(read().toJSON());

    const applied = await runJob(job, { plan, referenceSources, allowDeletes: true });
    expect(applied.status).toBe('blocked');
    expect(applied.error?.code).toBe('PLAN_DRIFTED');
    expect(applied.drifted).toEqual(
      expect.arrayContaining([
        { model: 'device', uid: 'ams1-sw1', action: 'update', reason: 'role: "access" in the plan, "distribution" now' },
        { model: 'site', uid: 'ber1', action: 'create', reason: 'now exists in the target' },
      ]),
    );
    expect(applied.steps.map((step) => `${step.name}:${step.status}`)).toEqual(['loadTarget:succeeded', 'checkPlan:failed']);
    expect(JSON.stringify(read().toJSON())).toBe(before);
  });

  it('with skipDrifted applies what still matches and logs the rest as drifted', async () => {
    const { job, edit, read } = controller(baseData);
    const recorder = new MemoryRecorder();
    const plan = await runJob(job, { params, dryRun: true, referenceSources, allowDeletes: true });
    edit((adapter) => adapter.update('device', { name: 'ams1-sw1', role: 'distribution' }));

    const applied = await runJob(job, { plan, recorder, referenceSources, allowDeletes: true, skipDrifted: true });
    expect(applied.status).toBe('succeeded');
    expect(applied.warnings).toEqual([expect.objectContaining({ code: 'PLAN_DRIFTED' })]);
    expect(recorder.logs(applied.id)).toContainEqual(expect.objectContaining({ model: 'device', uid: 'ams1-sw1', status: 'drifted', message: expect.stringMatching(/^not applied: role/) }));
    // Below the drifted device, its interface's planned update is left out too.
    expect(recorder.logs(applied.id)).toContainEqual(expect.objectContaining({ model: 'interface', status: 'skipped', message: 'not applied: a record above it drifted' }));
    expect(plan.summary?.update).toBe(2);
    expect(applied.summary?.update).toBe(0);
    const after = read();
    expect(after.get('device', 'ams1-sw1').role).toBe('distribution'); // the later change stands
    expect(after.has('site', 'ber1')).toBe(true); // the rest of the plan is applied
  });

  it('a record to update or delete that is gone, or the parent of planned changes, is drift too', async () => {
    const { job, edit } = controller(baseData);
    const plan = await runJob(job, { params, dryRun: true, referenceSources, allowDeletes: true });
    edit((adapter) => adapter.remove('site', 'fra1', { removeChildren: true }));
    const applied = await runJob(job, { plan, referenceSources, allowDeletes: true });
    expect(applied.status).toBe('blocked');
    expect(applied.drifted).toContainEqual({ model: 'site', uid: 'fra1', action: 'delete', reason: 'no longer in the target' });
  });

  it('the delete guard applies to a plan too', async () => {
    const { job } = controller(baseData);
    const plan = await runJob(job, { params, dryRun: true, referenceSources, maxDeletes: '0' });
    expect(plan.warnings?.map((warning) => warning.code)).toEqual(['DELETE_GUARD']);
    const applied = await runJob(job, { plan, referenceSources, maxDeletes: '0' });
    expect(applied.status).toBe('blocked');
    expect(applied.error?.code).toBe('DELETE_GUARD');
  });

  it('refuses what is not a plan of this job, and a secret the plan did not keep', async () => {
    const { job } = controller(baseData);
    const real = await runJob(job, { params, referenceSources, allowDeletes: true });
    await expect(runJob(job, { plan: real, referenceSources })).rejects.toThrow(InvalidPlanError);
    const other = defineJob({ ...job, name: 'another-job' });
    const plan = await runJob(job, { params, dryRun: true, referenceSources });
    await expect(runJob(other, { plan, referenceSources })).rejects.toThrow(/run of job "files-to-controller", not "another-job"/);
    await expect(runJob(job, { plan, referenceSources, scope: ['model=site'] })).rejects.toThrow(/own scope/);

    const literal = await runJob(job, { params: { token: 'tok-typed-literally' }, dryRun: true });
    expect(literal.parameters.token).toBe('[REDACTED]');
    await expect(runJob(job, { plan: literal })).rejects.toThrow(JobParameterError);
    await expect(runJob(job, { plan: literal })).rejects.toThrow(/give it again \(--param token=env:NAME/);
    expect((await runJob(job, { plan: literal, params: { token: 'tok-typed-literally' }, allowDeletes: true })).status).toBe('succeeded');
  });
});
