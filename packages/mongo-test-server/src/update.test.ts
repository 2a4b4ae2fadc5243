// Unit tests for update operator application on raw BSON documents (type promotion, paths, errors).
import { Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { CommandError } from './errors.js';
import { applyUpdate } from './update.js';
import { buildUpsertDocument } from './upsert.js';

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CommandError ? err.code : -1;
  }
  return undefined;
}

describe('applyUpdate', () => {
  it('follows MongoDB numeric type promotion for $inc and $mul', () => {
    const doc = { _id: 1, i: new Int32(2147483647), d: new Double(1), l: Long.fromNumber(1), small: new Int32(3) };
    const out = applyUpdate(doc, { $inc: { i: new Int32(1), d: new Int32(1), l: new Int32(1) }, $mul: { small: new Int32(2) } }, {});
    expect(out.i).toBeInstanceOf(Long);
    expect(String(out.i)).toBe('2147483648');
    expect(out.d).toBeInstanceOf(Double);
    expect(out.l).toBeInstanceOf(Long);
    expect(out.small).toEqual(new Int32(6));
    expect(doc.small).toEqual(new Int32(3));
  });

  it('creates nested paths and pads arrays', () => {
    const out = applyUpdate({ _id: 1, arr: [1] }, { $set: { 'a.b.c': 1, 'arr.3': 9 } }, {});
    expect(out).toEqual({ _id: 1, arr: [1, null, null, 9], a: { b: { c: 1 } } });
  });

  it('reports MongoDB error codes', () => {
    expect(code(() => applyUpdate({ _id: 1, a: 1 }, { $set: { 'a.b': 1 } }, {}))).toBe(28);
    expect(code(() => applyUpdate({ _id: 1 }, { $set: { a: 1 }, $unset: { 'a.b': '' } }, {}))).toBe(40);
    expect(code(() => applyUpdate({ _id: 1 }, { $bogus: { a: 1 } }, {}))).toBe(9);
    expect(code(() => applyUpdate({ _id: 1 }, { _id: 2, a: 1 }, {}))).toBe(66);
    expect(code(() => applyUpdate({ _id: 1, arr: [1] }, { $set: { 'arr.$': 2 } }, { filter: { _id: 1 } }))).toBe(2);
    expect(code(() => applyUpdate({ _id: 1, arr: [1] }, { $set: { 'arr.$[x]': 2 } }, {}))).toBe(2);
  });

  it('supports $push modifiers and $addToSet with documents', () => {
    const out = applyUpdate(
      { _id: 1, scores: [{ s: 3 }, { s: 1 }], set: [{ a: 1 }] },
      { $push: { scores: { $each: [{ s: 2 }], $sort: { s: -1 }, $slice: 2 } }, $addToSet: { set: { $each: [{ a: 1 }, { a: 2 }] } } },
      {},
    );
    expect(out).toEqual({ _id: 1, scores: [{ s: 3 }, { s: 2 }], set: [{ a: 1 }, { a: 2 }] });
  });
});

describe('buildUpsertDocument', () => {
  it('seeds equality fields, applies $setOnInsert and puts _id first', () => {
    const doc = buildUpsertDocument({ k: 'x', n: { $gt: 1 }, _id: 'id' }, { $set: { v: 1 }, $setOnInsert: { c: true } }, undefined);
    expect(Object.keys(doc)[0]).toBe('_id');
    expect(doc).toEqual({ _id: 'id', k: 'x', v: 1, c: true });
  });

  it('keeps the query _id for replacement upserts', () => {
    expect(buildUpsertDocument({ _id: 7 }, { a: 1 }, undefined)).toEqual({ _id: 7, a: 1 });
  });
});
