// A run's diff indexed once in memory: filtered by model and action, searched by id or name and paged, each element with its ancestors.
import type { DiffAncestor, FlatDiffElement } from '@ssot/core';
import type { DiffSearch } from './queries.js';

/** A diff element as the dashboard serves it: the flat element and its ancestors, top-level first (empty for a top-level element). */
export interface DiffRow extends FlatDiffElement {
  /** The element's ancestors, top-level first. */
  path: DiffAncestor[];
}

/** One page of diff rows and how many elements match in all. */
export interface DiffRowPage {
  /** The rows on this page, in tree order. */
  elements: DiffRow[];
  /** How many elements match the query. */
  total: number;
}

/**
 * What a search looks in: the unique id and the short name, lower-cased.
 *
 * @param element - a diff element
 * @returns the text a search term must be part of
 */
export function diffSearchText(element: Pick<FlatDiffElement, 'uid' | 'shortname'>): string {
  return `${element.uid}\u0000${element.shortname}`.toLowerCase();
}

/**
 * A diff row for an element read without an index: its ancestors as the history recorded them
 * (`FlatDiffElement.path`), or only its parent's id for a diff stored before histories recorded them.
 *
 * @param element - a flat diff element
 * @returns the row
 */
export function unindexedRow(element: FlatDiffElement): DiffRow {
  const path = element.path ?? (element.parent === undefined ? [] : [{ model: '', uid: element.parent, shortname: element.parent }]);
  return { ...element, path };
}

const ACTIONS = ['create', 'update', 'delete', 'none'] as const;

/** A run's flat diff, with every element's parent, model and action as numbers, and its search text once searched. */
export class DiffIndex {
  /** How many elements it holds. */
  readonly size: number;
  readonly #elements: readonly FlatDiffElement[];
  readonly #parents: Int32Array;
  readonly #models: Uint32Array;
  readonly #actions: Uint8Array;
  readonly #modelIds = new Map<string, number>();
  /** Search text per element, made by the first search (most views of a run never search). */
  #names: string[] | undefined;

  /**
   * @param elements - the whole flat diff, in tree order (each element before its children); kept, never changed
   */
  constructor(elements: readonly FlatDiffElement[]) {
    this.#elements = elements;
    this.size = elements.length;
    this.#parents = new Int32Array(elements.length);
    this.#models = new Uint32Array(elements.length);
    this.#actions = new Uint8Array(elements.length);
    const stack: number[] = [];
    for (let i = 0; i < elements.length; i += 1) {
      const element = elements[i] as FlatDiffElement;
      stack.length = element.depth;
      this.#parents[i] = element.depth === 0 ? -1 : (stack[element.depth - 1] ?? -1);
      stack[element.depth] = i;
      let model = this.#modelIds.get(element.model);
      if (model === undefined) this.#modelIds.set(element.model, (model = this.#modelIds.size));
      this.#models[i] = model;
      this.#actions[i] = ACTIONS.indexOf(element.action);
    }
  }

  /**
   * One page of the elements that match a query, in tree order.
   *
   * @param query - model, action, search text, offset and limit
   * @returns the page and the number of matches
   */
  page(query: DiffSearch & { offset: number; limit: number }): DiffRowPage {
    const model = query.model === undefined ? -1 : (this.#modelIds.get(query.model) ?? -2);
    const action = query.action === undefined ? -1 : ACTIONS.indexOf(query.action);
    if (model === -2) return { elements: [], total: 0 };
    const needle = query.q?.toLowerCase();
    const names = needle === undefined ? undefined : (this.#names ??= this.#elements.map(diffSearchText));
    const end = query.offset + query.limit;
    const picked: number[] = [];
    let total = 0;
    if (model === -1 && action === -1 && names === undefined) {
      total = this.size;
      for (let i = query.offset; i < Math.min(end, this.size); i += 1) picked.push(i);
    } else {
      for (let i = 0; i < this.size; i += 1) {
        if ((model >= 0 && this.#models[i] !== model) || (action >= 0 && this.#actions[i] !== action)) continue;
        if (names !== undefined && needle !== undefined && !(names[i] as string).includes(needle)) continue;
        if (total >= query.offset && total < end) picked.push(i);
        total += 1;
      }
    }
    return { elements: picked.map((i) => this.#row(i)), total };
  }

  #row(index: number): DiffRow {
    const element = this.#elements[index] as FlatDiffElement;
    if (element.path !== undefined) return { ...element, path: element.path };
    const path: DiffAncestor[] = [];
    for (let p = this.#parents[index] as number; p >= 0; p = this.#parents[p] as number) {
      const ancestor = this.#elements[p] as FlatDiffElement;
      path.push({ model: ancestor.model, uid: ancestor.uid, shortname: ancestor.shortname });
    }
    return { ...element, path: path.reverse() };
  }
}
