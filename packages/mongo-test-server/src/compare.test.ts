// Unit tests for BSON ordering and canonical keys.
import { Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { canonicalKey } from './canonical.js';
import { compareValues } from './compare.js';

describe('compareValues', () => {
  it('orders types like MongoDB', () => {
    const ordered = [new MinKey(), null, 1, 'a', { a: 1 }, [1], new ObjectId(), false, new Date(0), new MaxKey()];
    for (let i = 1; i < ordered.length; i++) expect(compareValues(ordered[i - 1], ordered[i])).toBe(-1);
  });

  it('compares numbers across BSON numeric types', () => {
    expect(compareValues(new Int32(1), new Double(1))).toBe(0);
    expect(compareValues(Long.fromNumber(2), new Double(1.5))).toBe(1);
    expect(compareValues(Decimal128.fromString('0.5'), 1)).toBe(-1);
    expect(compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
  });

  it('compares documents field by field and arrays element-wise', () => {
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(-1);
    expect(compareValues({ a: 1 }, { b: 1 })).toBe(-1);
    expect(compareValues([1, 2], [1, 2, 0])).toBe(-1);
  });
});

describe('canonicalKey', () => {
  it('treats equal numbers of different BSON types as equal', () => {
    expect(canonicalKey(new Int32(5))).toBe(canonicalKey(new Double(5)));
    expect(canonicalKey(Long.fromNumber(5))).toBe(canonicalKey(5));
    expect(canonicalKey(Long.fromString('9007199254740993'))).not.toBe(canonicalKey(Long.fromString('9007199254740992')));
  });

  it('distinguishes types and field order', () => {
    expect(canonicalKey('1')).not.toBe(canonicalKey(1));
    expect(canonicalKey({ a: 1, b: 2 })).not.toBe(canonicalKey({ b: 2, a: 1 }));
    expect(canonicalKey(null)).toBe(canonicalKey(undefined));
    const id = new ObjectId();
    expect(canonicalKey(id)).toBe(canonicalKey(new ObjectId(id.toHexString())));
  });
});
