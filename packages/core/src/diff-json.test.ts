// Diff.fromJSON: a stored diff is checked against its schema and its counts come from its elements.
import { describe, expect, it } from 'vitest';
import { Diff, type DiffJSON } from './diff.js';
import { InvalidDiffError } from './errors.js';
import { executeSync } from './sync.js';
import { baseData, changedData, makeAdapter } from './__fixtures__/small.js';

const changed = changedData;

/** A real diff as plain JSON (what `JSON.parse` of a stored diff gives). */
function realDiff(): DiffJSON {
  const diff = makeAdapter('target', baseData).diffFrom(makeAdapter('source', changed));
  return JSON.parse(JSON.stringify(diff)) as DiffJSON;
}

/** One new site to create, nothing else. */
function oneCreate(): Record<string, unknown> {
  return { version: 1, source: 'inventory', target: 'controller', elements: [{ model: 'site', uid: 'ber1', shortname: 'ber1', keys: { name: 'ber1' }, action: 'create', source: { status: 'planned' } }] };
}

/** The error `fromJSON` throws for `json`. */
function errorOf(json: unknown): InvalidDiffError {
  try {
    Diff.fromJSON(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDiffError);
    return error as InvalidDiffError;
  }
  throw new Error('expected Diff.fromJSON to throw');
}

describe('Diff.fromJSON', () => {
  it('derives the summary from the elements when the input has none, so a create is counted and applied', async () => {
    const diff = Diff.fromJSON(oneCreate());
    expect(diff.summary()).toEqual({ create: 1, update: 0, delete: 0, noChange: 0, skip: 0 });
    expect(diff.summaryByModel()).toEqual({ site: { create: 1, update: 0, delete: 0, noChange: 0, skip: 0 } });
    expect(diff.hasChanges()).toBe(true);
    expect(diff.toText().split('\n').at(-1)).toBe('inventory -> controller: 1 to create, 0 to update, 0 to delete, 0 unchanged, 0 skipped');
    const source = makeAdapter('inventory', {});
    const target = makeAdapter('controller', {});
    const result = await executeSync(diff, source, target);
    expect(result.counts.create.success).toBe(1);
    expect(target.get('site', 'ber1')).toMatchObject({ status: 'planned' });
  });

  it('ignores a summary that disagrees with the elements: the counts of actions come from the elements', () => {
    const json = { ...oneCreate(), summaryByModel: { site: { create: 0, update: 5, delete: 0, noChange: 40, skip: 2 } } };
    const diff = Diff.fromJSON(json);
    // Actions are counted from the elements; unchanged and skipped records are not in the elements, so those counts are kept.
    expect(diff.summaryByModel()).toEqual({ site: { create: 1, update: 0, delete: 0, noChange: 40, skip: 2 } });
    expect(diff.hasChanges()).toBe(true);
  });

  it('never counts fewer unchanged records than the unchanged elements it holds', () => {
    const json = realDiff();
    json.summaryByModel = {};
    const diff = Diff.fromJSON(json);
    // ams1 (site) is unchanged but kept as the parent of changed records.
    expect(diff.summaryByModel().site).toEqual({ create: 1, update: 0, delete: 1, noChange: 1, skip: 0 });
  });

  it('round-trips a real diff unchanged', () => {
    const json = realDiff();
    const diff = Diff.fromJSON(json);
    expect(diff.toJSON()).toEqual(json);
    expect(Diff.fromJSON(JSON.parse(JSON.stringify(diff))).toJSON()).toEqual(json);
  });

  it('refuses an unknown action, naming its JSON path and record', () => {
    const json = realDiff();
    const ams1 = json.elements.findIndex((e) => e.uid === 'ams1');
    const eth = json.elements[ams1]?.children?.[0]?.children?.[1] as { action: string };
    eth.action = 'explode';
    const error = errorOf(json);
    expect(error.code).toBe('INVALID_DIFF');
    expect(error.path).toBe(`elements[${ams1}].children[0].children[1].action`);
    expect(error.message).toContain(`elements[${ams1}].children[0].children[1].action`);
    expect(error.message).toContain('interface "ams1-sw1__eth3"');
    expect(error.model).toBe('interface');
    expect(error.uid).toBe('ams1-sw1__eth3');
  });

  it('refuses an element without a uid, naming its path', () => {
    const json = oneCreate();
    delete (json.elements as Record<string, unknown>[])[0]?.uid;
    expect(errorOf(json).path).toBe('elements[0].uid');
  });

  it('refuses children that are not a list', () => {
    const json = realDiff();
    (json.elements[0] as unknown as Record<string, unknown>).children = { 0: json.elements[0]?.children?.[0] };
    expect(errorOf(json).path).toBe('elements[0].children');
  });

  it('refuses unknown keys, at the top and in elements', () => {
    expect(errorOf({ ...oneCreate(), sumary: {} }).path).toBe('sumary');
    const json = oneCreate();
    (json.elements as Record<string, unknown>[])[0]!.chidren = [];
    expect(errorOf(json).path).toBe('elements[0].chidren');
  });

  it('refuses a create without source values and an update without changed fields', () => {
    const create = oneCreate();
    delete (create.elements as Record<string, unknown>[])[0]?.source;
    expect(errorOf(create).path).toBe('elements[0].source');
    const update = { version: 1, source: 's', target: 't', elements: [{ model: 'site', uid: 'ams1', shortname: 'ams1', keys: { name: 'ams1' }, action: 'update', source: { status: 'x' }, target: { status: 'y' } }] };
    expect(errorOf(update).path).toBe('elements[0].changed');
  });

  it('refuses a summary with counts that are not whole numbers', () => {
    expect(errorOf({ ...oneCreate(), summaryByModel: { site: { create: 1, update: 0, delete: 0, noChange: -1, skip: 0 } } }).path).toBe('summaryByModel.site.noChange');
  });

  it('refuses what is not a diff at all', () => {
    expect(errorOf(null).path).toBeUndefined();
    expect(errorOf([]).message).toMatch(/expected an object/);
    expect(errorOf({ version: 2, elements: [] }).message).toMatch(/unsupported version 2/);
    expect(errorOf({ version: 1 }).path).toBe('elements');
  });
});
