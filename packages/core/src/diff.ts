// The Diff: the element tree with its summary, a readable text form and a JSON round trip.
import type { DiffAction, DiffElement, DiffElementJSON } from './diff-element.js';
import { readDiffJSON } from './diff-json.js';

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
  /**
   * Records left out because they are outside the diff's scope: a model only one side declares,
   * or the `scope` option. Present when not zero.
   */
  outOfScope?: number;
  /**
   * Stored records that no parent on their side lists (see {@link Diff.unlisted}), on either side.
   * They are not part of their side's tree and are in none of the other counts. Present when not zero.
   */
  unlisted?: number;
}

/** Unique ids of stored records that no parent lists, per side and model (see {@link Diff.unlisted}). */
export interface UnlistedRecords {
  /** Source records outside the source's tree, by model. */
  source: Record<string, string[]>;
  /** Target records outside the target's tree, by model. */
  target: Record<string, string[]>;
}

/** Models only one side declares, which a diff leaves out of scope (see {@link Diff.outOfScopeModels}). */
export interface OutOfScopeModels {
  /** Models only the source declares: never created. */
  source: string[];
  /** Models only the target declares: never changed. */
  target: string[];
}

/** What a diff reports besides its elements and counts. */
export interface DiffDetails {
  /** Records outside their side's tree. */
  unlisted?: UnlistedRecords | undefined;
  /** Models only one side declares. */
  outOfScopeModels?: OutOfScopeModels | undefined;
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
  /** Records outside their side's tree (absent when there are none). */
  unlisted?: UnlistedRecords;
  /** Models only one side declares (absent when both declare the same models). */
  outOfScopeModels?: OutOfScopeModels;
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
  readonly #unlisted: UnlistedRecords;
  readonly #outOfScopeModels: OutOfScopeModels;

  /**
   * @param source - source adapter's name
   * @param target - target adapter's name
   * @param elements - top-level elements
   * @param summaryByModel - counts per model, made while diffing
   * @param details - unlisted records and one-sided models, when there are any
   */
  constructor(source: string, target: string, elements: DiffElement[], summaryByModel: Record<string, DiffSummary>, details: DiffDetails = {}) {
    this.source = source;
    this.target = target;
    this.elements = elements;
    this.#byModel = summaryByModel;
    this.#unlisted = details.unlisted ?? { source: {}, target: {} };
    this.#outOfScopeModels = details.outOfScopeModels ?? { source: [], target: [] };
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
      if (counts.outOfScope) total.outOfScope = (total.outOfScope ?? 0) + counts.outOfScope;
      if (counts.unlisted) total.unlisted = (total.unlisted ?? 0) + counts.unlisted;
    }
    return total;
  }

  /**
   * Stored records that no parent on their side lists, per side and model. A record of a model
   * that is not top-level is part of its side's tree only when a record of that tree lists it in a
   * children field (diffsync's rule): an unlisted record is not compared, created or deleted. An
   * unlisted source record does not keep the target's listed copy alive (it is deleted); an
   * unlisted target record is never deleted. Most often a loader's mistake: a parent removed
   * without its children, or a child added with `add()` instead of `addChild()`.
   *
   * @returns unique ids by model, on each side (empty objects when every record is listed)
   */
  unlisted(): UnlistedRecords {
    return structuredClone(this.#unlisted);
  }

  /**
   * Models only one side declares. They are out of scope: never created, updated or deleted, and
   * their records are counted as `outOfScope`.
   *
   * @returns the models only the source declares, and those only the target declares
   */
  outOfScopeModels(): OutOfScopeModels {
    return structuredClone(this.#outOfScopeModels);
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
    for (const side of ['source', 'target'] as const) {
      for (const [model, uids] of Object.entries(this.#unlisted[side])) {
        const shown = uids.slice(0, 3).join(', ');
        lines.push(`! not in the ${side}'s tree (no parent lists them): ${uids.length} ${model}: ${shown}${uids.length > 3 ? ` and ${uids.length - 3} more` : ''}`);
      }
    }
    const oneSided = [...this.#outOfScopeModels.source.map((model) => `${model} (source)`), ...this.#outOfScopeModels.target.map((model) => `${model} (target)`)];
    if (oneSided.length > 0) lines.push(`! out of scope (declared by one side only): ${oneSided.join(', ')}`);
    const s = this.summary();
    let last = `${this.source} -> ${this.target}: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.noChange} unchanged, ${s.skip} skipped`;
    if (s.outOfScope) last += `, ${s.outOfScope} out of scope`;
    if (s.unlisted) last += `, ${s.unlisted} unlisted`;
    lines.push(last);
    return lines.join('\n');
  }

  /** The diff as plain JSON (see {@link Diff.fromJSON}). */
  toJSON(): DiffJSON {
    // Everything but the elements comes first: history readers parse what precedes "elements" without the elements.
    const head: Omit<DiffJSON, 'elements'> = { version: 1, source: this.source, target: this.target, summaryByModel: this.summaryByModel() };
    if (Object.keys(this.#unlisted.source).length + Object.keys(this.#unlisted.target).length > 0) head.unlisted = this.unlisted();
    if (this.#outOfScopeModels.source.length + this.#outOfScopeModels.target.length > 0) head.outOfScopeModels = this.outOfScopeModels();
    return { ...head, elements: this.elements.map((element) => element.toJSON()) };
  }

  /**
   * Reads a diff back from {@link Diff.toJSON}'s output, checking it first: a wrong or missing
   * field throws an `InvalidDiffError` whose `path` names it (`elements[3].children[0].action`).
   * Unknown fields are refused, at the top and in every element (a misspelt `chidren` would
   * otherwise drop records without a word). The counts of creates, updates and deletes always come
   * from the elements: a `summaryByModel` that is missing or disagrees is not trusted, so
   * `summary()` and `hasChanges()` describe what a sync of this diff would apply. Unchanged and
   * skipped records are not in the elements; their counts are kept from `summaryByModel`.
   *
   * @param json - the parsed JSON
   * @returns the diff
   * @throws InvalidDiffError when the input is not a version 1 diff, naming the JSON path at fault
   */
  static fromJSON(json: unknown): Diff {
    const { source, target, elements, summaryByModel, unlisted, outOfScopeModels } = readDiffJSON(json);
    return new Diff(source, target, elements, summaryByModel, { unlisted, outOfScopeModels });
  }
}

function format(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
