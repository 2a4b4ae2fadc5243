// One page of a run's diff as a table (`ssot show --diff`): each element under its parent, or with its parent path when the parent is not on the page.
import type { DiffPage, FlatDiffElement } from '@ssot/core';
import { plainPalette, type Palette } from './colors.js';
import { renderTable } from './table.js';

const MARKS: Record<string, string> = { create: '+', update: '~', delete: '-', none: ' ' };

/**
 * Renders a diff page. An element whose parent is the row above it (or an ancestor of it) is
 * indented under it, as in the whole tree; any other child (the page is filtered by model or
 * action, or starts in the middle of the tree) is shown with its path:
 * `~ device ams1-core1 > interface Ethernet1`.
 *
 * @param page - the elements, in tree order, and how many match
 * @param offset - where the page starts
 * @param palette - colours for actions, the path and the header (plain by default)
 * @returns the text
 */
export function formatDiffPage(page: DiffPage, offset: number, palette: Palette = plainPalette): string {
  if (page.total === 0) return 'No diff elements match.';
  // Rows shown so far, by model and unique id, with their indentation.
  const shown = new Map<string, number>();
  const rows = page.elements.map((element) => {
    const parent = element.path?.at(-1);
    const parentIndent = parent === undefined ? undefined : shown.get(key(parent.model, parent.uid));
    let indent: number;
    let prefix = '';
    if (parentIndent !== undefined) indent = parentIndent + 1;
    else if (element.path !== undefined && element.path.length > 0) {
      indent = 0;
      prefix = palette.dim(`${element.path.map((ancestor) => `${ancestor.model} ${ancestor.shortname}`).join(' > ')} > `);
    } else {
      // Top-level, or stored before diffs recorded paths: the tree's own depth.
      indent = element.depth;
    }
    shown.set(key(element.model, element.uid), indent);
    const name = `${palette.action(element.action, MARKS[element.action] ?? ' ')} ${prefix}${palette.action(element.action, `${element.model} ${element.shortname}`)}`;
    return [`${'  '.repeat(indent)}${name}`, changesOf(element)];
  });
  return `${renderTable(['element', 'changes (target -> source)'], rows, palette)}\n(${offset + 1}-${offset + page.elements.length} of ${page.total} diff elements)`;
}

function key(model: string, uid: string): string {
  return `${model}\u0000${uid}`;
}

function changesOf(element: FlatDiffElement): string {
  return element.changed?.map((field) => `${field}: ${JSON.stringify(element.target?.[field])} -> ${JSON.stringify(element.source?.[field])}`).join('; ') ?? '';
}
