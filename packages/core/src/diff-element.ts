// One node of a diff: a record's action, its values on both sides, what changed, and its children.
import type { AnyRecord } from './model.js';

/** What the sync must do to a record: create it in the target, update it, delete it, or nothing. */
export type DiffAction = 'create' | 'update' | 'delete' | 'none';

/** A parent record: its model and unique id. */
export interface ParentRef {
  /** The parent's model. */
  model: string;
  /** The parent's unique id. */
  uid: string;
}

/** The plain-JSON form of a {@link DiffElement}. */
export interface DiffElementJSON {
  /** Model name. */
  model: string;
  /** Unique id. */
  uid: string;
  /** Short display name. */
  shortname: string;
  /** Identifier values. */
  keys: AnyRecord;
  /** Action. */
  action: DiffAction;
  /** Source attribute values (absent for a delete). */
  source?: AnyRecord;
  /** Target attribute values (absent for a create). */
  target?: AnyRecord;
  /** Changed attribute names (updates only). */
  changed?: string[];
  /** Child elements. */
  children?: DiffElementJSON[];
  /** The target parent of a record that moved to another parent. */
  movedFrom?: ParentRef;
}

/** One attribute's value on each side, from {@link DiffElement.changes}. */
export interface AttributeChange {
  /** The source's value (`null` when missing). */
  source: unknown;
  /** The target's value (`null` when missing). */
  target: unknown;
}

/** One record in a diff. Elements form a tree that follows the models' children. */
export class DiffElement {
  /** Model name. */
  readonly model: string;
  /** Unique id of the record. */
  readonly uid: string;
  /** Short display name (from the model's `shortname` fields). */
  readonly shortname: string;
  /** Identifier values. */
  readonly keys: AnyRecord;
  /** What the sync must do. */
  readonly action: DiffAction;
  /** Attribute values in the source; `undefined` when the record is only in the target. */
  readonly source: AnyRecord | undefined;
  /** Attribute values in the target; `undefined` when the record is only in the source. */
  readonly target: AnyRecord | undefined;
  /** Names of the attributes whose values differ (updates only). */
  readonly changed: readonly string[];
  /** Child elements, grouped by model in the order the parent's model lists its children. */
  readonly children: DiffElement[];
  /**
   * For a record that sits under another parent in the target than in the source: its target
   * parent. The sync moves it under its new parent in the target's store.
   */
  readonly movedFrom: ParentRef | undefined;

  /**
   * @param init - the element's fields
   */
  constructor(init: {
    model: string;
    uid: string;
    shortname: string;
    keys: AnyRecord;
    action: DiffAction;
    source?: AnyRecord | undefined;
    target?: AnyRecord | undefined;
    changed?: readonly string[] | undefined;
    children?: DiffElement[] | undefined;
    movedFrom?: ParentRef | undefined;
  }) {
    this.model = init.model;
    this.uid = init.uid;
    this.shortname = init.shortname;
    this.keys = init.keys;
    this.action = init.action;
    this.source = init.source;
    this.target = init.target;
    this.changed = init.changed ?? [];
    this.children = init.children ?? [];
    this.movedFrom = init.movedFrom;
  }

  /** Whether this element or anything below it has an action. */
  hasChanges(): boolean {
    if (this.action !== 'none') return true;
    return this.children.some((child) => child.hasChanges());
  }

  /**
   * The changed attributes with their values on both sides.
   *
   * @returns field -> `{ source, target }`
   */
  changes(): Record<string, AttributeChange> {
    const result: Record<string, AttributeChange> = {};
    for (const field of this.changed) result[field] = { source: this.source?.[field] ?? null, target: this.target?.[field] ?? null };
    return result;
  }

  /** The element and its children as plain JSON. */
  toJSON(): DiffElementJSON {
    const json: DiffElementJSON = { model: this.model, uid: this.uid, shortname: this.shortname, keys: this.keys, action: this.action };
    if (this.source !== undefined) json.source = this.source;
    if (this.target !== undefined) json.target = this.target;
    if (this.changed.length > 0) json.changed = [...this.changed];
    if (this.children.length > 0) json.children = this.children.map((child) => child.toJSON());
    if (this.movedFrom !== undefined) json.movedFrom = { ...this.movedFrom };
    return json;
  }
}
