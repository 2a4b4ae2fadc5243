import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueIdOf } from './adapter.js';
import { InvalidRecordError } from './errors.js';
import { defineModel } from './model.js';
import { decodeUniqueId, encodeIdentifier } from './unique-id.js';

interface Pair {
  a: string | number | null;
  b: string | number | null;
}
const pair = defineModel<Pair>()({ name: 'pair', identifiers: ['a', 'b'] });

describe('unique ids', () => {
  it("follow diffsync's convention for plain values", () => {
    expect(uniqueIdOf(pair, { a: 'site-000123-dev004', b: 'Ethernet1/7' })).toBe('site-000123-dev004__Ethernet1/7');
    expect(uniqueIdOf(pair, { a: 'site-000123', b: 210 })).toBe('site-000123__210');
  });

  it('never collide when values contain the separator, edge underscores, % or are empty or null', () => {
    const tuples: [string | null, string | null][] = [
      ['a__b', 'c'],
      ['a', 'b__c'],
      ['a_', '_b'],
      ['a', '__b'],
      ['a__', 'b'],
      ['', 'a'],
      ['a', ''],
      [null, 'a'],
      ['%00', 'a'],
      ['%5F', 'a'],
      ['_', 'a'],
      ['', ''],
      [null, null],
      ['', null],
    ];
    const ids = tuples.map(([a, b]) => uniqueIdOf(pair, { a, b }));
    expect(new Set(ids).size).toBe(tuples.length);
    tuples.forEach(([a, b], i) => expect(decodeUniqueId(ids[i] as string)).toEqual([a, b]));
  });

  it('treats numbers and numeric strings as the same identifier (documented)', () => {
    expect(uniqueIdOf(pair, { a: 'x', b: 10 })).toBe(uniqueIdOf(pair, { a: 'x', b: '10' }));
  });

  it('rejects a missing or non-scalar identifier, naming model and field', () => {
    expect(() => uniqueIdOf(pair, { a: 'x' })).toThrow(InvalidRecordError);
    expect(() => uniqueIdOf(pair, { a: 'x' })).toThrow(/pair record, field "b"/);
    expect(() => uniqueIdOf(pair, { a: 'x', b: { nested: true } })).toThrow(/must be a string, number/);
    expect(encodeIdentifier(Symbol('x'))).toBeUndefined();
  });

  it('is injective and round-trips for any tuple of strings and nulls (property)', () => {
    const value = fc.oneof(fc.string({ unit: fc.constantFrom('a', '_', '%', '0', '5', 'F', '2') }), fc.constant(null));
    fc.assert(
      fc.property(fc.tuple(value, value), fc.tuple(value, value), ([a1, b1], [a2, b2]) => {
        const id1 = uniqueIdOf(pair, { a: a1, b: b1 });
        const id2 = uniqueIdOf(pair, { a: a2, b: b2 });
        expect(decodeUniqueId(id1)).toEqual([a1, b1]);
        if (a1 !== a2 || b1 !== b2) expect(id1).not.toBe(id2);
      }),
      { numRuns: 2000 },
    );
  });
});
