// CSV cell conventions: typed conversion of a cell to a field value and back, per the field's type.
import type { FieldType } from './fields.js';

const INTEGER = /^[+-]?\d+$/;

/**
 * Converts a CSV cell to a field value. Cells that do not convert are returned as they are, so
 * that validation reports them with the field's expected type.
 *
 * - empty or `null` in a nullable field: `null`
 * - integer fields: decimal digits, optional sign
 * - boolean fields: `true` or `false` (any case)
 * - list fields: items separated by `;` (an empty cell is `[]`), or a JSON array (`["a;b","c"]`)
 * - string fields: the cell as is (an empty cell is `""`)
 *
 * @param type - the field's type
 * @param cell - the cell's text
 * @returns the value
 */
export function parseCell(type: FieldType, cell: string): unknown {
  if (type.nullable && (cell === '' || cell === 'null')) return null;
  switch (type.kind) {
    case 'integer':
      return INTEGER.test(cell.trim()) ? Number(cell.trim()) : cell;
    case 'boolean': {
      const lower = cell.trim().toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : cell;
    }
    case 'list':
      return parseList(cell);
    default:
      return cell;
  }
}

function parseList(cell: string): unknown {
  const trimmed = cell.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return cell;
    }
  }
  return trimmed.split(';').map((item) => item.trim());
}

/**
 * Writes a field value as a CSV cell (the reverse of {@link parseCell}): `null` as an empty cell,
 * booleans as `true`/`false`, lists joined with `;` unless an item is empty, holds a `;` or
 * starts or ends with a space or `[` (then as a JSON array).
 *
 * @param type - the field's type
 * @param value - the value
 * @returns the cell's text
 */
export function formatCell(type: FieldType, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (type.kind === 'list' && Array.isArray(value)) {
    const items = value.map(String);
    const plain = items.every((item) => item !== '' && !item.includes(';') && item.trim() === item && !item.startsWith('['));
    return plain ? items.join(';') : JSON.stringify(items);
  }
  return String(value);
}
