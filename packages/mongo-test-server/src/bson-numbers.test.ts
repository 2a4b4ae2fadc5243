// Unit tests of exact BSON number arithmetic and comparison.
import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { compareNumeric, numericOp } from './bson-numbers.js';

const dec = (s: string) => Decimal128.fromString(s);

describe('numericOp', () => {
  it('keeps Int32, promotes to Long on overflow and to Double on Long overflow', () => {
    expect(numericOp(new Int32(2), new Int32(3), 'add')).toEqual(new Int32(5));
    expect(numericOp(new Int32(2147483647), new Int32(1), 'add')).toEqual(Long.fromBigInt(2147483648n));
    expect(numericOp(Long.fromInt(2), new Int32(3), 'multiply')).toEqual(Long.fromInt(6));
    expect(numericOp(Long.MAX_VALUE, Long.fromInt(1), 'add')).toEqual(new Double(9223372036854775808));
    expect(numericOp(new Int32(1), new Double(0.5), 'subtract')).toEqual(new Double(0.5));
  });

  it('computes Decimal128 exactly (doubles converted with 15 digits, results rounded to 34)', () => {
    expect(String(numericOp(dec('0.1'), dec('0.2'), 'add'))).toBe('0.3');
    expect(String(numericOp(dec('1.5'), dec('-2.25'), 'multiply'))).toBe('-3.375');
    expect(String(numericOp(dec('0.2'), new Double(0.1), 'add'))).toBe('0.300000000000000');
    expect(String(numericOp(dec('1'), dec('3E-40'), 'add'))).toBe('1.000000000000000000000000000000000');
    expect(String(numericOp(dec('NaN'), dec('1'), 'add'))).toBe('NaN');
  });
});

describe('compareNumeric', () => {
  it('compares across types exactly; NaN is lowest', () => {
    expect(compareNumeric(Long.fromBigInt(9007199254740993n), 9007199254740992)).toBe(1);
    expect(compareNumeric(dec('0.3'), new Double(0.3))).toBe(1);
    expect(compareNumeric(dec('0.1'), 0.1)).toBe(-1);
    expect(compareNumeric(dec('2'), new Int32(2))).toBe(0);
    expect(compareNumeric(Number.NaN, -Infinity)).toBe(-1);
    expect(compareNumeric(dec('-Infinity'), Long.MIN_VALUE)).toBe(-1);
    expect(compareNumeric(-0.5, dec('-0.5'))).toBe(0);
  });
});
