import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error.js';

describe('jsonErrorOffset', () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9"]}\n', '"s"', '0']) expect(jsonErrorOffset(text)).toBeUndefined();
  });

  it('finds where JSON goes wrong', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": "open')).toBe(11);
  });
});
