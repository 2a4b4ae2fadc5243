// Records say what happened: credentials in URL values never recorded, a cancelled sync step is `cancelled`,
// writes with an unknown outcome and writes rolled back are logged as such, never as `success`.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Adapter } from '../adapter.js';
import { baseData, changedData, makeAdapter, models, type Models } from '../__fixtures__/small.js';
import { unknownOutcome } from '../handlers.js';
import { rollBack, type SyncResult } from '../sync-result.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

const PASSWORD = 'hunter2-Pa55word';
const QUERY_TOKEN = 'q-tok-8c1d2e3f4a';

function job(target: () => Adapter<Models>, onLoad?: (url: string) => void) {
  return defineJob({
    name: 'files-to-controller',
    direction: 'data-target',
    source: 'files',
    target: 'controller',
    parameters: z.object({ url: z.string().default('https://controller.example') }),
    async loadSource({ params, logger }) {
      logger.info({ url: params.url }, `reading ${params.url}`);
      onLoad?.(params.url);
      return makeAdapter('files', changedData);
    },
    loadTarget: async () => target(),
  });
}

describe('honest records', () => {
  it('credentials in URL parameters are never recorded or logged: userinfo and secret query parameters', async () => {
    const lines: string[] = [];
    const capture = (obj: object | string, msg?: string): void => void lines.push(JSON.stringify([obj, msg]));
    let seen = '';
    const url = `https://admin:${PASSWORD}@controller.example/api/?token=${QUERY_TOKEN}&page=2`;
    const record = await runJob(
      job(() => makeAdapter('controller', baseData), (value) => (seen = value)),
      { params: { url }, dryRun: true, logger: { debug: capture, info: capture, warn: capture, error: capture } },
    );
    expect(seen).toBe(url); // the job itself gets the real value
    const everything = JSON.stringify(record) + lines.join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(QUERY_TOKEN);
    expect(record.parameters.url).toBe('https://[REDACTED]@controller.example/api/?token=[REDACTED]&page=2');
    expect(lines.join('\n')).toContain('reading https://[REDACTED]@controller.example');
  });

  it("a sync cancelled while it writes is recorded with its sync step cancelled, not succeeded", async () => {
    const controller = new AbortController();
    const target = () => {
      const adapter = makeAdapter('controller', baseData);
      adapter.handlers = { site: { create: () => void controller.abort(new Error('stop')) } };
      return adapter;
    };
    const record = await runJob(job(target), { signal: controller.signal, allowDeletes: true });
    expect(record.status).toBe('cancelled');
    expect(record.steps.at(-1)).toMatchObject({ name: 'executeSync', status: 'cancelled' });
  });

  it('a write sent without an answer is logged with an unknown outcome, its children skipped, and the run fails', async () => {
    const recorder = new MemoryRecorder();
    const target = () => {
      const adapter = makeAdapter('controller', baseData);
      adapter.handlers = { site: { create: ({ uid }) => unknownOutcome(`POST /sites ${uid}: connection reset after sending`) } };
      return adapter;
    };
    const record = await runJob(job(target), { recorder, allowDeletes: true });
    expect(record.status).toBe('failed');
    expect(record.error?.message).toMatch(/1 with an unknown outcome/);
    expect(record.syncCounts?.create.unknown).toBe(1);
    const logs = recorder.logs(record.id);
    expect(logs).toContainEqual(expect.objectContaining({ model: 'site', uid: 'ber1', status: 'unknown', message: 'POST /sites ber1: connection reset after sending' }));
    expect(logs).toContainEqual(expect.objectContaining({ model: 'device', uid: 'ber1-sw1', status: 'skipped' }));
  });

  it('writes rolled back by a transactional target are logged as rolledBack, none as success', async () => {
    class Ledger extends Adapter<Models> {
      override get transactional(): boolean {
        return true;
      }
      override async syncComplete(_source: Adapter, result: SyncResult): Promise<void> {
        rollBack(result, new Error('the transaction was aborted: nothing was written'));
      }
    }
    const recorder = new MemoryRecorder();
    const target = () => {
      const adapter = new Ledger({ name: 'controller', models, topLevel: ['site', 'vlan'] });
      adapter.loadJSON(makeAdapter('controller', baseData).toJSON());
      return adapter;
    };
    const record = await runJob(job(target), { recorder, allowDeletes: true });
    expect(record.status).toBe('failed');
    expect(record.error?.message).toBe('the transaction was aborted: nothing was written');
    const statuses = new Set(recorder.logs(record.id).map((entry) => entry.status));
    expect([...statuses]).toEqual(['rolledBack']);
    expect(record.syncCounts?.create.success).toBe(0);
    expect(record.syncCounts?.create.rolledBack).toBeGreaterThan(1);
    expect(record.syncCounts?.update.success).toBe(0);
  });
});
