import { describe, expect, it } from 'vitest';
import { formatCell, parseCell } from './csv-cells.js';
import { fileFields } from './fields.js';

const { site, interface: iface, prefix } = fileFields;

describe('CSV cells', () => {
  it('converts cells by field type', () => {
    expect(parseCell(site.asn!, '65001')).toBe(65001);
    expect(parseCell(site.asn!, ' 7 ')).toBe(7);
    expect(parseCell(site.asn!, '1.5')).toBe('1.5');
    expect(parseCell(iface.enabled!, 'TRUE')).toBe(true);
    expect(parseCell(iface.enabled!, 'false')).toBe(false);
    expect(parseCell(iface.enabled!, 'no')).toBe('no');
    expect(parseCell(site.facility!, '')).toBeNull();
    expect(parseCell(site.facility!, 'null')).toBeNull();
    expect(parseCell(site.status!, '')).toBe('');
    expect(parseCell(site.tags!, '')).toEqual([]);
    expect(parseCell(site.tags!, 'pop; ixp')).toEqual(['pop', 'ixp']);
    expect(parseCell(site.tags!, '["a;b","c"]')).toEqual(['a;b', 'c']);
  });

  it('writes cells that read back to the same values', () => {
    const cases: [keyof typeof prefix, unknown][] = [
      ['site', null],
      ['tags', []],
      ['tags', ['a', 'b']],
      ['tags', ['a;b', 'c']],
      ['tags', ['']],
      ['tags', [' padded']],
      ['description', 'semi; colon'],
    ];
    for (const [field, value] of cases) {
      const type = prefix[field]!;
      expect(parseCell(type, formatCell(type, value))).toEqual(value);
    }
    expect(formatCell(iface.enabled!, true)).toBe('true');
    expect(formatCell(site.tags!, ['pop', 'ixp'])).toBe('pop;ixp');
  });
});
