import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRecorder, MemoryRecorder, silentLogger } from '@ssot/core';
import type { DiffQuery, FlatDiffElement, LogQuery, SyncHistory, SyncLogEntry, SyncRecord } from '@ssot/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bigRunRecord } from './__fixtures__/big-run.js';
import type { DiffSearch, LogSearch } from './queries.js';
import { RunCache } from './run-cache.js';

// 20 sites × 3 devices × 4 interfaces: 20 + 60 + 240 = 320 elements.
const SHAPE = { sites: 20, devices: 3, interfaces: 4 };

function logsOf(record: SyncRecord): SyncLogEntry[] {
  return Array.from({ length: 300 }, (_, i) => ({
    timestamp: record.startedAt,
    action: i % 2 === 0 ? 'update' : 'create',
    status: i % 7 === 0 ? 'failure' : 'success',
    model: i % 3 === 0 ? 'device' : 'interface',
    uid: `site-${String(i % 20).padStart(4, '0')}-sw${i % 3}`,
    link: { label: `Record ${i}` },
  }));
}

async function recorded(history: SyncHistory, id: string): Promise<SyncRecord> {
  const record = bigRunRecord(SHAPE, id);
  await history.start(record);
  await history.appendLogs(id, logsOf(record));
  await history.finish(record);
  const { diff: _diff, ...run } = record;
  return run;
}

const diffQueries: (DiffSearch & { offset: number; limit: number })[] = [
  { offset: 0, limit: 10 },
  { offset: 300, limit: 50 },
  { model: 'interface', action: 'update', offset: 5, limit: 7 },
  { action: 'delete', offset: 0, limit: 100 },
  { model: 'nope', offset: 0, limit: 10 },
  { q: 'SITE-0003-SW2', offset: 0, limit: 100 },
  { q: 'ethernet4', model: 'interface', action: 'create', offset: 2, limit: 3 },
  { q: 'site-0019', offset: 0, limit: 100 },
  { q: 'no such thing', offset: 0, limit: 10 },
];
const logQueries: (LogSearch & { offset: number; limit: number })[] = [
  { offset: 0, limit: 10 },
  { action: 'update', status: 'failure', offset: 1, limit: 5 },
  { q: 'record 1', offset: 0, limit: 500 },
  { q: 'SW2', model: 'interface', offset: 3, limit: 4 },
];

describe('RunCache', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('answers the same from its index as a history paged through, including searches and parent paths', async () => {
    const history = new MemoryRecorder();
    const run = await recorded(history, 'run-a');
    const indexed = new RunCache(history, 10_000, silentLogger);
    const paged = new RunCache(history, 100, silentLogger);
    for (const query of diffQueries) expect(await indexed.diffPage(run, query), JSON.stringify(query)).toEqual(await paged.diffPage(run, query));
    for (const query of logQueries) expect(await indexed.logPage(run, query), JSON.stringify(query)).toEqual(await paged.logPage(run, query));
    expect(indexed.heldItems).toBe(320 + 300);
    expect(paged.heldItems).toBe(0);

    const search = await indexed.diffPage(run, { q: 'site-0003-sw2__ethernet', offset: 0, limit: 10 });
    expect(search.total).toBe(4);
    expect(search.elements[0]).toMatchObject({ uid: 'site-0003-sw2__Ethernet1', path: [{ model: 'site', uid: 'site-0003' }, { model: 'device', uid: 'site-0003-sw2' }] });
    const logs = await indexed.logPage(run, { q: 'record 1', offset: 0, limit: 500 });
    expect(logs.total).toBe(111); // "Record 1", "Record 10"–"Record 19", "Record 100"–"Record 199"
  });

  it('derives parent paths for diffs stored without them', async () => {
    const elements: FlatDiffElement[] = [
      { model: 'site', uid: 's', shortname: 's', keys: {}, action: 'none', depth: 0 },
      { model: 'device', uid: 'd', shortname: 'd', keys: {}, action: 'none', depth: 1, parent: 's' },
      { model: 'interface', uid: 'd__e1', shortname: 'e1', keys: {}, action: 'update', depth: 2, parent: 'd' },
      { model: 'site', uid: 't', shortname: 't', keys: {}, action: 'create', depth: 0 },
    ];
    const history = new MemoryRecorder();
    const run = await recorded(history, 'run-old');
    vi.spyOn(history, 'readDiff').mockImplementation(async (_id: string, query: DiffQuery = {}) => ({ elements: elements.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 100)), total: elements.length }));
    const cache = new RunCache(history, 10_000, silentLogger);
    const page = await cache.diffPage(run, { action: 'update', offset: 0, limit: 10 });
    expect(page.elements.map((e) => e.path)).toEqual([
      [
        { model: 'site', uid: 's', shortname: 's' },
        { model: 'device', uid: 'd', shortname: 'd' },
      ],
    ]);
    expect((await cache.diffPage(run, { action: 'create', offset: 0, limit: 10 })).elements[0]?.path).toEqual([]);
  });

  it('reads a finished run once, even for requests at the same time, and keeps at most its budget, least recently used out first', async () => {
    const history = new MemoryRecorder();
    const runs = [await recorded(history, 'run-1'), await recorded(history, 'run-2'), await recorded(history, 'run-3')];
    const readDiff = vi.spyOn(history, 'readDiff');
    const readLogs = vi.spyOn(history, 'readLogs');
    const cache = new RunCache(history, 700, silentLogger);
    const [run1, run2, run3] = runs as [SyncRecord, SyncRecord, SyncRecord];

    await Promise.all([cache.diffPage(run1, { offset: 0, limit: 5 }), cache.diffPage(run1, { q: 'x', offset: 0, limit: 5 }), cache.diffPage(run1, { action: 'create', offset: 0, limit: 5 })]);
    expect(readDiff).toHaveBeenCalledTimes(1);
    await cache.diffPage(run1, { model: 'site', offset: 10, limit: 5 });
    expect(readDiff).toHaveBeenCalledTimes(1);

    await cache.diffPage(run2, { offset: 0, limit: 5 });
    expect(cache.heldItems).toBe(640);
    await cache.diffPage(run1, { offset: 0, limit: 5 }); // run 1 is now the most recently used
    await cache.diffPage(run3, { offset: 0, limit: 5 }); // over 700: run 2 goes
    expect(cache.heldItems).toBe(640);
    readDiff.mockClear();
    await cache.diffPage(run1, { offset: 0, limit: 5 });
    expect(readDiff).not.toHaveBeenCalled();
    await cache.diffPage(run2, { offset: 0, limit: 5 });
    expect(readDiff).toHaveBeenCalledTimes(1);

    await cache.logPage(run1, { offset: 0, limit: 5 });
    await cache.logPage(run1, { status: 'failure', offset: 0, limit: 5 });
    expect(readLogs).toHaveBeenCalledTimes(1);
    expect(cache.heldItems).toBeLessThanOrEqual(700);
  });

  it('does not keep the diff or logs of a run still going, nor one over its budget', async () => {
    const history = new MemoryRecorder();
    const finished = await recorded(history, 'run-done');
    const running = { ...finished, id: 'run-going', status: 'running' as const };
    delete running.endedAt;
    await history.start({ ...bigRunRecord(SHAPE, 'run-going'), status: 'running', endedAt: undefined } as SyncRecord);
    const readDiff = vi.spyOn(history, 'readDiff');
    const cache = new RunCache(history, 10_000, silentLogger);
    await cache.diffPage(running, { offset: 0, limit: 5 });
    await cache.diffPage(running, { offset: 0, limit: 5 });
    expect(readDiff).toHaveBeenCalledTimes(2);
    expect(cache.heldItems).toBe(0);
    expect((await cache.diffPage(running, { q: 'site-0001-sw1', offset: 0, limit: 100 })).total).toBe(5);

    const small = new RunCache(history, 300, silentLogger);
    readDiff.mockClear();
    expect((await small.diffPage(finished, { q: 'ethernet2', offset: 0, limit: 1 })).total).toBe(60);
    expect((await small.diffPage(finished, { action: 'update', offset: 0, limit: 1 })).total).toBe(20 + 40);
    expect(small.heldItems).toBe(0);
    // Found too large once: the rest is paged by the history without reading the whole diff again.
    expect(readDiff.mock.calls.map(([, query]) => (query as LogQuery).limit)).toEqual([301, 100_000, 1]);
  });

  it('reads a FileRecorder run without parsing its diff, and its counts per model', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssot-dashboard-cache-'));
    const history = new FileRecorder({ directory: dir });
    await recorded(history, 'file-run-0001');
    const getRun = vi.spyOn(history, 'getRun');
    const cache = new RunCache(history, 10_000, silentLogger);
    const info = await cache.info('file-run');
    expect(getRun).not.toHaveBeenCalled();
    expect(info?.run.id).toBe('file-run-0001');
    expect(info?.run.diff).toBeUndefined();
    expect(info?.summaryByModel?.interface).toEqual({ create: 80, update: 40, delete: 80, noChange: 40, skip: 0 });
    expect(info?.models).toEqual(['device', 'interface', 'site']);
    expect(await cache.info('file-run')).toBe(info);
    expect(await cache.info('none')).toBeUndefined();
    // A history without getRunOverview is read through getRun.
    const memory = new MemoryRecorder();
    await recorded(memory, 'memory-run');
    expect((await new RunCache(memory, 10, silentLogger).info('memory-run'))?.summaryByModel).toEqual(info?.summaryByModel);
  });
});
