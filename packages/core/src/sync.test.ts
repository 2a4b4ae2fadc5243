import { describe, expect, it } from 'vitest';
import { Adapter } from './adapter.js';
import { Diff } from './diff.js';
import { ObjectCrudError, ObjectNotUpdatedError } from './errors.js';
import { softFailure, type CreateInput, type DeleteInput, type ModelHandlers, type UpdateInput } from './handlers.js';
import type { SyncResult } from './sync-result.js';
import { baseData, makeAdapter, type Models, type SideData } from './__fixtures__/small.js';

const wanted: SideData = {
  sites: [
    { name: 'ams1', status: 'active' },
    { name: 'ber1', status: 'planned' },
  ],
  devices: [
    { name: 'ams1-sw1', site: 'ams1', role: 'core' },
    { name: 'ber1-sw1', site: 'ber1', role: 'access' },
  ],
  interfaces: [
    { device: 'ams1-sw1', name: 'eth1', mtu: 9000, tags: [] },
    { device: 'ber1-sw1', name: 'eth1', mtu: 1500, tags: [] },
    { device: 'ber1-sw1', name: 'eth2', mtu: 1500, tags: [] },
  ],
  vlans: [
    { site: 'ber1', vid: 10, name: 'mgmt' },
    { site: 'ber1', vid: 20, name: 'data' },
  ],
};

type AnyInput = CreateInput<object> | UpdateInput<object> | DeleteInput<object>;

/** Handlers that record every call as "action model uid", for every model. */
function recordingHandlers(calls: string[], overrides: Partial<Record<string, ModelHandlers>> = {}): Adapter<Models>['handlers'] {
  const log = (action: string) => (input: AnyInput) => void calls.push(`${action} ${input.model} ${input.uid}`);
  const handlers: Record<string, ModelHandlers> = {};
  for (const model of ['site', 'device', 'interface', 'vlan']) {
    handlers[model] = { create: log('create'), update: log('update'), delete: log('delete'), ...overrides[model] };
  }
  return handlers as Adapter<Models>['handlers'];
}

function statusOf(result: SyncResult, uid: string): string | undefined {
  return result.results.find((r) => r.uid === uid)?.status;
}

describe('sync', () => {
  it('makes the target equal to the source and reports every element', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const result = await target.syncFrom(source);
    expect(result).toMatchObject({ ok: true, state: 'completed' });
    expect(result.counts.create.success).toBe(6);
    expect(result.counts.update.success).toBe(2);
    expect(result.counts.delete.success).toBe(5);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
    expect(target.toJSON().models).toEqual(source.toJSON().models);
  });

  it('applies the diff it is given and never recalculates it', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = target.diffFrom(source);
    source.update('site', { name: 'ams1', status: 'retired' });
    await target.syncFrom(source, { diff });
    expect(target.get('site', 'ams1').status).toBe('active');
    expect(target.diffFrom(source).summary().update).toBe(1);
  });

  it('creates and updates parents before children, deletes children before parents, and orders dependsOn models', async () => {
    const calls: string[] = [];
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', { ...baseData, vlans: [{ site: 'fra1', vid: 5, name: 'old' }] });
    target.handlers = recordingHandlers(calls);
    await target.syncFrom(source, { concurrency: 1 });
    const at = (call: string): number => {
      const index = calls.indexOf(call);
      expect(index, call).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(at('create site ber1')).toBeLessThan(at('create device ber1-sw1'));
    expect(at('create device ber1-sw1')).toBeLessThan(at('create interface ber1-sw1__eth1'));
    expect(at('update device ams1-sw1')).toBeLessThan(at('update interface ams1-sw1__eth1'));
    expect(at('delete interface fra1-sw1__eth1')).toBeLessThan(at('delete device fra1-sw1'));
    expect(at('delete device fra1-sw1')).toBeLessThan(at('delete site fra1'));
    // vlan depends on site: every site create before any vlan create, every vlan delete before any site delete.
    expect(at('create site ber1')).toBeLessThan(at('create vlan ber1__10'));
    expect(at('delete vlan fra1__5')).toBeLessThan(at('delete site fra1'));
  });

  it('skips the children of a soft failure and goes on with the rest', async () => {
    const calls: string[] = [];
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    target.handlers = recordingHandlers(calls, { site: { create: () => softFailure('site limit reached'), delete: () => undefined } });
    const result = await target.syncFrom(source);
    expect(result.state).toBe('completed');
    expect(result.ok).toBe(false);
    expect(result.results.find((r) => r.uid === 'ber1')).toMatchObject({ status: 'failure', message: 'site limit reached' });
    expect(statusOf(result, 'ber1-sw1')).toBe('skipped');
    expect(result.results.find((r) => r.uid === 'ber1-sw1__eth2')?.message).toBe('device "ber1-sw1" was not created');
    expect(calls).not.toContain('create device ber1-sw1');
    expect(statusOf(result, 'ams1-sw1__eth1')).toBe('success');
    expect(target.has('site', 'ber1')).toBe(false);
  });

  it('stops at the first thrown error unless continueOnFailure, which collects every error', async () => {
    const boom = (input: AnyInput) => {
      throw new ObjectNotUpdatedError(input.model, input.uid, 'HTTP 500');
    };
    const run = async (continueOnFailure: boolean) => {
      const source = makeAdapter('source', wanted);
      const target = makeAdapter('target', baseData);
      target.handlers = recordingHandlers([], { device: { update: boom, create: boom, delete: boom } });
      return target.syncFrom(source, { continueOnFailure });
    };
    const stopped = await run(false);
    expect(stopped.state).toBe('stopped');
    expect(stopped.error).toBeInstanceOf(ObjectCrudError);
    expect(stopped.counts.create.error + stopped.counts.update.error + stopped.counts.delete.error).toBe(1);
    expect(stopped.results.filter((r) => r.status === 'skipped').length).toBeGreaterThan(0);
    expect(stopped.results.find((r) => r.status === 'skipped' && r.message?.startsWith('not attempted: the sync stopped'))).toBeDefined();

    const collected = await run(true);
    expect(collected.state).toBe('completed');
    const errors = collected.results.filter((r) => r.status === 'error');
    expect(errors.map((r) => r.uid).sort()).toEqual(['ams1-sw1', 'ber1-sw1', 'fra1-sw1']);
    expect(errors[0]?.error).toBeInstanceOf(ObjectCrudError);
    expect(errors[0]?.message).toMatch(/^Could not update device "[a-z0-9-]+": HTTP 500$/);
    expect((errors[0]?.error as ObjectNotUpdatedError).code).toBe('OBJECT_NOT_UPDATED');
    // The failed delete of fra1-sw1 keeps its site: a parent is not deleted while a child remains.
    expect(statusOf(collected, 'fra1')).toBe('skipped');
    expect(statusOf(collected, 'fra1-sw1__eth1')).toBe('success');
  });

  it('gives ready elements to batch handlers by model and action, in bounded batches, in order', async () => {
    const calls: string[] = [];
    const batches: string[] = [];
    const source = makeAdapter('source', {
      ...wanted,
      interfaces: Array.from({ length: 7 }, (_, i) => ({ device: 'ber1-sw1', name: `eth${i}`, mtu: 1500, tags: [] })),
    });
    const target = makeAdapter('target', baseData);
    target.handlers = recordingHandlers(calls, {
      interface: {
        createMany: (inputs) => {
          batches.push(`create x${inputs.length}`);
          expect(calls).toContain('create device ber1-sw1');
        },
        deleteMany: (inputs) => {
          batches.push(`delete x${inputs.length}`);
          return inputs.map(() => undefined);
        },
      },
    });
    const result = await target.syncFrom(source, { batchSize: 3 });
    expect(result.ok).toBe(true);
    expect(batches.filter((b) => b.startsWith('create'))).toEqual(['create x3', 'create x3', 'create x1']);
    expect(target.get('device', 'ber1-sw1').interfaces).toHaveLength(7);
  });

  it('marks a whole batch as error when the batch handler throws or answers the wrong number of outcomes', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    target.handlers = recordingHandlers([], {
      interface: {
        createMany: () => {
          throw new Error('bulk endpoint down');
        },
        deleteMany: () => [undefined],
      },
    });
    const result = await target.syncFrom(source, { continueOnFailure: true });
    expect(result.counts.create.error).toBe(2);
    expect(result.results.find((r) => r.model === 'interface' && r.action === 'delete')?.message).toMatch(/returned 1 outcomes for 2 inputs/);
  });

  it('never runs more handler calls at once than the concurrency allows', async () => {
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
    };
    const source = makeAdapter('source', {
      sites: Array.from({ length: 20 }, (_, i) => ({ name: `s${i}`, status: 'active' })),
    });
    const target = makeAdapter('target', {});
    target.handlers = { site: { create: slow } };
    await target.syncFrom(source, { concurrency: 3 });
    expect(peak).toBe(3);
    expect(target.count('site')).toBe(20);
  });

  it('stops starting work when aborted and says so', async () => {
    const controller = new AbortController();
    const source = makeAdapter('source', { sites: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, status: 'active' })) });
    const target = makeAdapter('target', {});
    let seen = 0;
    target.handlers = {
      site: {
        create: async ({ signal }) => {
          seen += 1;
          if (seen === 3) controller.abort(new Error('user pressed ctrl-c'));
          expect(signal).toBe(controller.signal);
        },
      },
    };
    const result = await target.syncFrom(source, { signal: controller.signal });
    expect(result.state).toBe('aborted');
    expect(seen).toBe(3);
    expect(result.counts.create.success).toBe(3);
    expect(result.counts.create.skipped).toBe(7);
    expect(result.error?.message).toBe('The sync was cancelled.');
  });

  it('keeps what a handler says it stored, streams results, emits progress and calls syncComplete once', async () => {
    const completions: SyncResult[] = [];
    class Target extends Adapter<Models> {
      override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
        completions.push(result);
      }
    }
    const source = makeAdapter('source', wanted);
    const target = new Target({ name: 'target', models: makeAdapter('x', {}).models, topLevel: ['site', 'vlan'] });
    target.loadJSON(makeAdapter('target', baseData).toJSON());
    target.handlers = { site: { create: ({ record }) => ({ record: { ...record, status: 'created-by-api' } }) } };
    const streamed: string[] = [];
    const progress: string[] = [];
    const result = await target.syncFrom(source, {
      onResult: (r) => streamed.push(`${r.action} ${r.uid}`),
      onProgress: (e) => progress.push(`${e.phase}:${e.model}:${e.current}/${e.total}`),
    });
    expect(target.get('site', 'ber1').status).toBe('created-by-api');
    expect(streamed).toHaveLength(result.results.length);
    expect(progress).toContain('sync:interface:5/5');
    expect(completions).toEqual([result]);
  });

  it('reports every model total before the first write, then progress after every batch the target writes', async () => {
    // 1,200 interfaces to create: fewer than PROGRESS_INTERVAL, so before this a bar saw nothing until the very end.
    const interfaces = Array.from({ length: 1200 }, (_, i) => ({ device: 'ams1-sw1', name: `eth${i}`, mtu: 1500, tags: [] }));
    const source = makeAdapter('source', { sites: [{ name: 'ams1', status: 'active' }], devices: [{ name: 'ams1-sw1', site: 'ams1', role: 'core' }], interfaces });
    const target = makeAdapter('target', { sites: [{ name: 'ams1', status: 'active' }], devices: [{ name: 'ams1-sw1', site: 'ams1', role: 'core' }] });
    const seen: string[] = [];
    target.handlers = { interface: { createMany: (inputs) => void seen.push(`write ${inputs.length}`) } } as Adapter<Models>['handlers'];
    await target.syncFrom(source, { batchSize: 250, onProgress: (e) => e.phase === 'sync' && seen.push(`${e.phase}:${e.model}:${e.current}/${e.total}`) });
    expect(seen).toEqual([
      'sync:interface:0/1200',
      'write 250',
      'sync:interface:250/1200',
      'write 250',
      'sync:interface:500/1200',
      'write 250',
      'sync:interface:750/1200',
      'write 250',
      'sync:interface:1000/1200',
      'write 200',
      'sync:interface:1200/1200',
    ]);
  });

  it('reports unchanged records with logUnchanged', async () => {
    const debug: string[] = [];
    const source = makeAdapter('source', baseData);
    const target = makeAdapter('target', baseData);
    const logger = { debug: (obj: object | string) => void debug.push(JSON.stringify(obj)), info: () => {}, warn: () => {}, error: () => {} };
    const result = await target.syncFrom(source, { logUnchanged: true, logger });
    expect(result.counts.none.unchanged).toBe(8);
    expect(debug).toHaveLength(8);
  });

  it('reports a dependency cycle instead of hanging', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', {});
    // Make "site" wait for every vlan while vlan waits for every site.
    const models = { ...target.models, site: { ...target.models.site, dependsOn: ['vlan'] } };
    const cyclic = new Adapter({ name: 'cyclic', models, topLevel: ['site', 'vlan'] });
    const result = await cyclic.syncFrom(source as unknown as Adapter<typeof models>);
    expect(result.state).toBe('stopped');
    expect(result.error?.message).toMatch(/cycle/);
    expect(result.counts.create.success).toBe(0);
  });

  it('syncTo writes into the other adapter, and a JSON diff applies the same way', async () => {
    const source = makeAdapter('source', wanted);
    const target = makeAdapter('target', baseData);
    const diff = Diff.fromJSON(JSON.parse(JSON.stringify(source.diffTo(target))));
    const result = await source.syncTo(target, { diff });
    expect(result.ok).toBe(true);
    expect(target.diffFrom(source).hasChanges()).toBe(false);
  });
});
