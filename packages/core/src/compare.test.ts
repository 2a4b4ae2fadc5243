import { describe, expect, it } from 'vitest';
import { comparators, deepEqual, normalizers } from './compare.js';
import { defineModel } from './model.js';
import { Adapter } from './adapter.js';

describe('deepEqual', () => {
  it('treats null and missing as equal, and compares lists in order', () => {
    expect(deepEqual(null, undefined)).toBe(true);
    expect(deepEqual({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual(new Date(5), new Date(5))).toBe(true);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual(0, '0')).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('comparators', () => {
  it('compare case-insensitively, unordered, numerically, empty-as-null and trimmed', () => {
    expect(comparators.caseInsensitive('JunOS', 'junos')).toBe(true);
    expect(comparators.caseInsensitive(['A'], ['a'])).toBe(true);
    expect(comparators.unordered(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(comparators.unordered(['a', 'a'], ['a'])).toBe(false);
    expect(comparators.unorderedSet(['a', 'a', 'b'], ['b', 'a'])).toBe(true);
    expect(comparators.numeric('1500', 1500)).toBe(true);
    expect(comparators.numeric('15x', 15)).toBe(false);
    expect(comparators.emptyIsNull('', null)).toBe(true);
    expect(comparators.emptyIsNull([], undefined)).toBe(true);
    expect(comparators.trimmed(' a ', 'a')).toBe(true);
    expect(comparators.pipe(normalizers.lowerCase, normalizers.sortList)(['B', 'a'], ['A', 'b'])).toBe(true);
    expect(comparators.normalizedBy((v) => String(v))(1, '1')).toBe(true);
  });

  it('keep equal data out of the diff', () => {
    interface Port { name: string; speed: number | string; tags: string[] | null; label: string }
    const port = defineModel<Port>()({
      name: 'port',
      identifiers: ['name'],
      attributes: ['speed', 'tags', 'label'],
      compare: { speed: comparators.numeric, tags: comparators.pipe(normalizers.emptyToNull, normalizers.sortList), label: comparators.caseInsensitive },
    });
    const make = (name: string) => new Adapter({ name, models: { port }, topLevel: ['port'] });
    const a = make('a');
    const b = make('b');
    a.add('port', { name: 'p1', speed: 1000, tags: ['x', 'y'], label: 'Uplink' });
    b.add('port', { name: 'p1', speed: '1000', tags: ['y', 'x'], label: 'uplink' });
    a.add('port', { name: 'p2', speed: 10, tags: [], label: 'x' });
    b.add('port', { name: 'p2', speed: 10, tags: null, label: 'x' });
    expect(b.diffFrom(a).hasChanges()).toBe(false);
    b.update('port', { name: 'p2', speed: 11 });
    const diff = b.diffFrom(a);
    expect(diff.summary()).toMatchObject({ update: 1, noChange: 1 });
    expect(diff.elements[0]?.changed).toEqual(['speed']);
  });
});
