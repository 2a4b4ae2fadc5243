// Model definitions: a record kind declared as data, with its record type inferred and checked when declared.
import type { Comparator } from './compare.js';
import { ModelDefinitionError } from './errors.js';
import type { RecordFlags } from './flags.js';

/** Any record: a plain object of field values. */
export type AnyRecord = Record<string, unknown>;

/** The fields of `R` whose values are lists of strings: the ones that can list child unique ids. */
export type ListFieldOf<R> = { [K in keyof R]-?: R[K] extends readonly string[] ? K : never }[keyof R] & string;

/** What a model declares: everything but the record type, which comes from `defineModel<R>()`. */
export interface ModelSpec<R extends object, N extends string = string, C extends ListFieldOf<R> = ListFieldOf<R>> {
  /** The model's name, unique within an adapter (`"interface"`). */
  readonly name: N;
  /** Fields whose values together form the record's unique id, in order (`["device", "name"]`). */
  readonly identifiers: readonly (keyof R & string)[];
  /** Fields compared by the diff. Identifiers and children fields must not be listed here. */
  readonly attributes?: readonly (keyof R & string)[];
  /** Child model name -> field of this record that lists the children's unique ids. */
  readonly children?: { readonly [childModel: string]: C };
  /** Fields that give a short human name for display (defaults to the identifiers). */
  readonly shortname?: readonly (keyof R & string)[];
  /** Per-attribute comparators (see `comparators`); unlisted attributes compare with deep equality. */
  readonly compare?: { readonly [K in keyof R & string]?: Comparator };
  /**
   * Other top-level models this model refers to (a VLAN refers to a site). The sync creates and
   * updates them before this model's records, and deletes them after.
   */
  readonly dependsOn?: readonly string[];
  /** Flags that apply to every record of this model. */
  readonly flags?: RecordFlags;
  /** A human description, shown in generated documentation and the CLI. */
  readonly description?: string;
}

/** A checked model definition. `R` is the record type, `C` the union of its children fields. */
export interface ModelDefinition<R extends object = AnyRecord, N extends string = string, C extends string = string> {
  /** The model's name. */
  readonly name: N;
  /** Identifier fields, in unique-id order. */
  readonly identifiers: readonly string[];
  /** Compared attribute fields. */
  readonly attributes: readonly string[];
  /** Child model name -> children field. */
  readonly children: Readonly<Record<string, C>>;
  /** The same as `children`, as `[childModel, field]` pairs (no allocation on hot paths). */
  readonly childEntries: readonly (readonly [string, C])[];
  /** Fields of the short display name. */
  readonly shortname: readonly string[];
  /** Comparator per attribute (every attribute has one). */
  readonly comparators: Readonly<Record<string, Comparator>>;
  /** Attributes with a custom comparator; the rest use the fast default. */
  readonly customCompared: ReadonlySet<string>;
  /** Top-level models this model depends on. */
  readonly dependsOn: readonly string[];
  /** Flags for every record of the model. */
  readonly flags: Readonly<RecordFlags>;
  /** Description, if any. */
  readonly description: string | undefined;
  /** Phantom field carrying the record type; never set at run time. */
  readonly __record?: R;
}

/** The record type of a model definition. */
export type RecordOf<D> = D extends ModelDefinition<infer R, string, string> ? R : never;

/** The children fields of a model definition. */
export type ChildFieldsOf<D> = D extends ModelDefinition<object, string, infer C> ? C : never;

/**
 * What callers pass when adding a record: the record, with its children lists optional
 * (they start empty and fill as children are added).
 */
export type RecordInput<D> = Omit<RecordOf<D>, ChildFieldsOf<D>> & Partial<Pick<RecordOf<D>, ChildFieldsOf<D> & keyof RecordOf<D>>>;

/**
 * Declares a model. Give the record type first, then the definition as data (see the example).
 * A field name that is not in the record type is a compile error. The definition is also
 * checked at run time: empty identifiers, a field listed twice or in two roles, a shortname or
 * comparator for a field that is not declared all throw a {@link ModelDefinitionError}.
 *
 * @returns a function that takes the definition and returns the checked model
 * @example
 * ```ts
 * import { comparators, defineModel } from '@ssot/core';
 *
 * interface Device { name: string; site: string; platform: string; interfaces: string[] }
 * interface Interface { device: string; name: string; mtu: number; tags: string[] }
 *
 * const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['site', 'platform'], children: { interface: 'interfaces' } });
 * const iface = defineModel<Interface>()({
 *   name: 'interface',
 *   identifiers: ['device', 'name'], // unique id "ams1-core1__Ethernet1"
 *   attributes: ['mtu', 'tags'],
 *   compare: { tags: comparators.unordered },
 * });
 * ```
 */
export function defineModel<R extends object>() {
  return <const N extends string, const C extends ListFieldOf<R> = never>(spec: ModelSpec<R, N, C>): ModelDefinition<R, N, C> =>
    checkModel(spec as ModelSpec<AnyRecord, N, never>) as unknown as ModelDefinition<R, N, C>;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function checkModel<N extends string>(spec: ModelSpec<AnyRecord, N, never>): ModelDefinition<AnyRecord, N, string> {
  const name = spec.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new ModelDefinitionError(String(name), 'the name must be a non-empty word of letters, digits, "_" or "-"');
  }
  const identifiers = [...(spec.identifiers ?? [])];
  if (identifiers.length === 0) throw new ModelDefinitionError(name, 'it needs at least one identifier field');
  const attributes = [...(spec.attributes ?? [])];
  const children = { ...(spec.children ?? {}) } as Record<string, string>;

  const roles = new Map<string, string>();
  const claim = (field: unknown, role: string): void => {
    if (typeof field !== 'string' || field === '') throw new ModelDefinitionError(name, `${role} field names must be non-empty strings`);
    const previous = roles.get(field);
    if (previous !== undefined) {
      throw new ModelDefinitionError(
        name,
        previous === role ? `field "${field}" is listed twice as ${role}` : `field "${field}" is both ${previous} and ${role}`,
        field,
      );
    }
    roles.set(field, role);
  };
  for (const field of identifiers) claim(field, 'identifier');
  for (const field of attributes) claim(field, 'attribute');
  for (const [childModel, field] of Object.entries(children)) {
    if (!NAME_PATTERN.test(childModel)) throw new ModelDefinitionError(name, `child model name "${childModel}" is not a valid model name`);
    claim(field, `children field (of "${childModel}")`);
  }

  const shortname = [...(spec.shortname ?? identifiers)];
  for (const field of shortname) {
    const role = roles.get(field);
    if (role !== 'identifier' && role !== 'attribute') {
      throw new ModelDefinitionError(name, `shortname field "${field}" must be an identifier or an attribute`, field);
    }
  }

  const comparators: Record<string, Comparator> = {};
  const customCompared = new Set<string>();
  for (const [field, comparator] of Object.entries(spec.compare ?? {})) {
    if (comparator === undefined) continue;
    if (roles.get(field) !== 'attribute') throw new ModelDefinitionError(name, `comparator given for "${field}", which is not an attribute`, field);
    if (typeof comparator !== 'function') throw new ModelDefinitionError(name, `comparator for "${field}" must be a function`, field);
    comparators[field] = comparator;
    customCompared.add(field);
  }

  const dependsOn = [...(spec.dependsOn ?? [])];
  for (const other of dependsOn) {
    if (typeof other !== 'string' || !NAME_PATTERN.test(other)) throw new ModelDefinitionError(name, `dependsOn entry "${String(other)}" is not a model name`);
    if (other === name) throw new ModelDefinitionError(name, 'a model cannot depend on itself');
  }

  return Object.freeze({
    name,
    identifiers: Object.freeze(identifiers),
    attributes: Object.freeze(attributes),
    children: Object.freeze(children),
    childEntries: Object.freeze(Object.entries(children).map((entry) => Object.freeze(entry))),
    shortname: Object.freeze(shortname),
    comparators: Object.freeze(comparators),
    customCompared,
    dependsOn: Object.freeze(dependsOn),
    flags: Object.freeze({ ...(spec.flags ?? {}) }),
    description: spec.description,
  });
}
