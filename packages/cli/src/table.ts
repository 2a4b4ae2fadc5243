// Plain, borderless tables for terminal output (cli-table3), the same look in every command.
import Table from 'cli-table3';
import { plainPalette, type Palette } from './colors.js';

const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/**
 * Renders rows as aligned columns under a header line.
 *
 * @param head - column titles
 * @param rows - the rows (numbers are right-aligned; cells may be coloured, widths ignore colour codes)
 * @param palette - colours the header line (plain by default)
 * @returns the table's text, without a trailing newline
 */
export function renderTable(head: readonly string[], rows: readonly (readonly (string | number)[])[], palette: Palette = plainPalette): string {
  const aligns = head.map((_, column) => (rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || row[column] === '-') ? 'right' : 'left'));
  const table = new Table({ head: head.map((title) => palette.header(title)), chars: PLAIN_CHARS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true }, colAligns: aligns as ('left' | 'right')[] });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
