// The Diff: the element tree with its summary, a readable text form and a JSON round trip.
import { DiffElement, type DiffAction, type DiffElementJSON } from './diff-element.js';
import { InvalidDiffError } from './errors.js';

/** Counts of a diff, in total or for one model. `skip` counts records a flag kept out of the diff. */
export interface DiffSummary {
  /** Records to create in the target. */
  create: number;
  /** Records to update. */
  update: number;
  /** Records to delete from the target. */
  delete: number;
  /** Records equal on both sides. */
  noChange: number;
  /** Records left out by `ignore` or a skip-unmatched flag (with everything below them). */
  skip: number;
}

/** The plain-JSON form of a {@link Diff}. */
export interface DiffJSON {
  /** Format version, for readers of stored diffs. */
  version: 1;
  /** Source adapter's name. */
  source: string;
  /** Target adapter's name. */
  target: string;
  /** Counts per model. */
  summaryByModel: Record<string, DiffSummary>;
  /** Top-level elements. */
  elements: DiffElementJSON[];
}

/** Options for {@link Diff.toText}. */
export interface DiffTextOptions {
  /** Also print elements without an action (parents of changed records are always printed). */
  unchanged?: boolean;
  /** Print at most this many lines (a last line says how many were left out). */
  maxLines?: number;
}

/** An empty summary. */
export function emptySummary(): DiffSummary {
  return { create: 0, update: 0, delete: 0, noChange: 0, skip: 0 };
}

const MARK: Record<DiffAction, string> = { create: '+', update: '~', delete: '-', none: ' ' };

/**
 * The differences between a source and a target adapter. Only elements with an action, and the
 * parents above them, are kept unless the diff was calculated with `logUnchanged`; the summary
 * still counts every record.
 *
 * @example
 * ```ts
 * import { Diff } from '@ssot/core';
 * import { readFile, writeFile } from 'node:fs/promises';
 *
 * const diff = controller.diffFrom(netbox);
 * diff.summary(); // { create: 1, update: 1, delete: 0, noChange: 40, skip: 0 }
 * console.log(diff.toText());
 * //   device ams1-core1
 * // ~   interface ams1-core1__Ethernet1: mtu 1500 -> 9214
 * // + device ams1-core2 {"site":"ams1","platform":"eos"}
 * // netbox -> controller: 1 to create, 1 to update, 0 to delete, 40 unchanged, 0 skipped
 * await writeFile('diff.json', JSON.stringify(diff)); // toJSON(): review it, approve it...
 * const approved = Diff.fromJSON(JSON.parse(await readFile('diff.json', 'utf8')));
 * await controller.syncFrom(netbox, { diff: approved }); // ...then apply exactly that diff
 * ```
 */
export class Diff {
  /** Name of the source adapter. */
  readonly source: string;
  /** Name of the target adapter. */
  readonly target: string;
  /** Top-level elements, in top-level model order. */
  readonly elements: DiffElement[];
  readonly #byModel: Record<string, DiffSummary>;

  /**
   * @param source - source adapter's name
   * @param target - target adapter's name
   * @param elements - top-level elements
   * @param summaryByModel - counts per model, made while diffing
   */
  constructor(source: string, target: string, elements: DiffElement[], summaryByModel: Record<string, DiffSummary>) {
    this.source = source;
    this.target = target;
    this.elements = elements;
    this.#byModel = summaryByModel;
  }

  /** Total counts over every model. */
  summary(): DiffSummary {
    const total = emptySummary();
    for (const counts of Object.values(this.#byModel)) {
      total.create += counts.create;
      total.update += counts.update;
      total.delete += counts.delete;
      total.noChange += counts.noChange;
      total.skip += counts.skip;
    }
    return total;
  }

  /** Counts per model. */
  summaryByModel(): Record<string, DiffSummary> {
    return structuredClone(this.#byModel);
  }

  /** Whether anything would be created, updated or deleted. */
  hasChanges(): boolean {
    const total = this.summary();
    return total.create + total.update + total.delete > 0;
  }

  /**
   * Every element, parents before children, with its parent.
   *
   * @returns `[element, parent]` pairs (`parent` is `undefined` at the top)
   */
  *walk(): Generator<[DiffElement, DiffElement | undefined]> {
    const stack: [DiffElement, DiffElement | undefined][] = [];
    for (let i = this.elements.length - 1; i >= 0; i--) stack.push([this.elements[i] as DiffElement, undefined]);
    while (stack.length > 0) {
      const entry = stack.pop() as [DiffElement, DiffElement | undefined];
      yield entry;
      const children = entry[0].children;
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as DiffElement, entry[0]]);
    }
  }

  /**
   * A readable form: one line per element, `+` create, `~` update, `-` delete, indented under its
   * parent, with changed values as `field: target -> source`, then the summary.
   *
   * @param options - include unchanged elements, limit the lines
   * @returns the text
   */
  toText(options: DiffTextOptions = {}): string {
    const lines: string[] = [];
    const max = options.maxLines ?? Number.POSITIVE_INFINITY;
    let omitted = 0;
    const visit = (element: DiffElement, depth: number): void => {
      if (element.action === 'none' && !options.unchanged && !element.hasChanges()) return;
      if (lines.length >= max) {
        omitted += 1;
      } else {
        const pad = '  '.repeat(depth);
        let line = `${MARK[element.action]} ${pad}${element.model} ${element.uid}`;
        if (element.action === 'update') {
          line += `: ${element.changed.map((field) => `${field} ${format(element.target?.[field])} -> ${format(element.source?.[field])}`).join(', ')}`;
        } else if (element.action === 'create' && element.source !== undefined) {
          line += ` ${format(element.source)}`;
        }
        lines.push(line);
      }
      for (const child of element.children) visit(child, depth + 1);
    };
    for (const element of this.elements) visit(element, 0);
    if (omitted > 0) lines.push(`... ${omitted} more element(s)`);
    const s = this.summary();
    lines.push(`${this.source} -> ${this.target}: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.noChange} unchanged, ${s.skip} skipped`);
    return lines.join('\n');
  }

  /** The diff as plain JSON (see {@link Diff.fromJSON}). */
  toJSON(): DiffJSON {
    return {
      version: 1,
      source: this.source,
      target: this.target,
      summaryByModel: this.summaryByModel(),
      elements: this.elements.map((element) => element.toJSON()),
    };
  }

  /**
   * Reads a diff back from {@link Diff.toJSON}'s output.
   *
   * @param json - the parsed JSON
   * @returns the diff
   * @throws InvalidDiffError when the input is not a diff
   */
  static fromJSON(json: unknown): Diff {
    if (typeof json !== 'object' || json === null) throw new InvalidDiffError('expected an object');
    const value = json as Partial<DiffJSON>;
    if (value.version !== 1) throw new InvalidDiffError(`unsupported version ${String(value.version)}`);
    if (!Array.isArray(value.elements)) throw new InvalidDiffError('"elements" must be a list');
    const summaryByModel = value.summaryByModel ?? {};
    return new Diff(String(value.source ?? 'source'), String(value.target ?? 'target'), value.elements.map((e, i) => readElement(e, `elements[${i}]`)), summaryByModel);
  }
}

const ACTIONS = new Set<DiffAction>(['create', 'update', 'delete', 'none']);

function readElement(json: unknown, path: string): DiffElement {
  if (typeof json !== 'object' || json === null) throw new InvalidDiffError(`${path} is not an object`);
  const value = json as Partial<DiffElementJSON>;
  if (typeof value.model !== 'string' || typeof value.uid !== 'string') throw new InvalidDiffError(`${path} needs "model" and "uid" strings`);
  if (value.action === undefined || !ACTIONS.has(value.action)) throw new InvalidDiffError(`${path} (${value.model} "${value.uid}") has an unknown action "${String(value.action)}"`);
  return new DiffElement({
    model: value.model,
    uid: value.uid,
    shortname: value.shortname ?? value.uid,
    keys: value.keys ?? {},
    action: value.action,
    source: value.source,
    target: value.target,
    changed: value.changed,
    children: (value.children ?? []).map((child, i) => readElement(child, `${path}.children[${i}]`)),
    movedFrom: value.movedFrom,
  });
}

function format(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
