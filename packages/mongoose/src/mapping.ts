// Declares how ssot models are stored in mongoose models, checked once: fields, references, parents and load order.
import { ModelDefinitionError, type ModelMap, type ModelName } from '@ssot/core';
import type { Model } from 'mongoose';
import type { FieldMapping } from './field-mapping.js';

/**
 * Any mongoose model. Mongoose's model type is invariant in its document type, so a mapping that
 * holds models of different schemas needs the widest form.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMongooseModel = Model<any>;

/** How one ssot model is stored. */
export interface CollectionMapping {
  /** The mongoose model (bound to its connection) holding the records. */
  model: AnyMongooseModel;
  /**
   * Field mappings for fields that are not stored under their own name as-is: a path string or
   * `path()`, `ref()`, `refList()`, `custom()`. Children lists are never stored: they are rebuilt from
   * the children's references to their parent.
   */
  fields?: Record<string, FieldMapping | string>;
  /** Only documents matching this filter belong to the model (for collections shared by several models). */
  filter?: Record<string, unknown>;
}

/** What {@link defineMongooseMapping} takes: one collection mapping per ssot model. */
export type MongooseMappingSpec<M extends ModelMap> = { [K in ModelName<M>]: CollectionMapping };

/** One stored field, resolved. */
export interface ResolvedField {
  /** The ssot field. */
  readonly name: string;
  /** How it is stored (paths filled in). */
  readonly mapping: FieldMapping;
}

/** How a child model names its parent in the record tree. */
export interface ParentLink {
  /** The parent model. */
  readonly model: string;
  /** The child's field holding the parent's unique id. */
  readonly field: string;
}

/** One model's mapping, resolved and checked. */
export interface ResolvedModelMapping {
  /** The ssot model's name. */
  readonly name: string;
  /** The mongoose model. */
  readonly model: AnyMongooseModel;
  /** Identifier fields then attributes, with their storage. */
  readonly fields: readonly ResolvedField[];
  /** The parent in the record tree and the field that names it, for child models. */
  readonly parent?: ParentLink;
  /** Documents of the model (default: all). */
  readonly filter: Record<string, unknown>;
  /** The projection that loads just the mapped paths. */
  readonly projection: Record<string, 1>;
}

/** A checked mapping: models in load order (referenced models before the models whose identifiers refer to them). */
export interface MongooseMapping<M extends ModelMap> {
  /** The ssot models. */
  readonly models: M;
  /** Resolved mappings by model name. */
  readonly byModel: ReadonlyMap<string, ResolvedModelMapping>;
  /** Model names in load order. */
  readonly loadOrder: readonly string[];
  /** Model names in the order records are added (parents before children). */
  readonly addOrder: readonly string[];
}

/**
 * Declares how each ssot model is stored in MongoDB through mongoose. Checked at once: every
 * model is mapped, every field is known, references name mapped models, a child model has a
 * reference to its parent, and references inside identifiers have no cycles.
 *
 * @param models - the ssot models
 * @param spec - one collection mapping per model
 * @returns the checked mapping
 * @throws ModelDefinitionError naming the model and field at fault
 * @example
 * ```ts
 * import { defineMongooseMapping, ref } from '@ssot/mongoose';
 * import { Schema } from 'mongoose';
 *
 * // models = { site, device }: a site lists its devices (children), a device's `site` names its site
 * const Site = connection.model('Site', new Schema({ name: { type: String, required: true, unique: true }, status: String }));
 * const Device = connection.model('Device', new Schema({
 *   name: { type: String, required: true, unique: true },
 *   site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
 *   hardware: { platform: String, serial: String },
 * }));
 * const mapping = defineMongooseMapping(models, {
 *   site: { model: Site },
 *   device: { model: Device, fields: { site: ref('site'), platform: 'hardware.platform', serial: 'hardware.serial' } }, // site name <-> Site _id
 * });
 * ```
 */
export function defineMongooseMapping<M extends ModelMap>(models: M, spec: MongooseMappingSpec<M>): MongooseMapping<M> {
  const parentOf = new Map<string, { model: string; field: string }>();
  for (const definition of Object.values(models)) {
    for (const [child] of definition.childEntries) parentOf.set(child, { model: definition.name, field: '' });
  }
  const byModel = new Map<string, ResolvedModelMapping>();
  for (const [name, definition] of Object.entries(models)) {
    const collection = (spec as Record<string, CollectionMapping | undefined>)[name];
    if (collection === undefined) throw new ModelDefinitionError(name, 'has no collection mapping: add it to the mongoose mapping');
    const known = new Set([...definition.identifiers, ...definition.attributes]);
    for (const field of Object.keys(collection.fields ?? {})) {
      if (!known.has(field)) throw new ModelDefinitionError(name, `mapping names field "${field}", which is neither an identifier nor an attribute`);
    }
    const fields: ResolvedField[] = [...definition.identifiers, ...definition.attributes].map((field) => {
      const given = collection.fields?.[field];
      const mapping: FieldMapping =
        given === undefined ? { kind: 'path', path: field } : typeof given === 'string' ? { kind: 'path', path: given } : given.kind === 'ref' || given.kind === 'refList' ? { ...given, path: given.path ?? field } : given;
      if ((mapping.kind === 'ref' || mapping.kind === 'refList') && !(mapping.model in models)) {
        throw new ModelDefinitionError(name, `field "${field}" refers to model "${mapping.model}", which is not in the mapping`);
      }
      return { name: field, mapping };
    });
    let parent: { model: string; field: string } | undefined;
    const treeParent = parentOf.get(name);
    if (treeParent !== undefined) {
      const link = fields.find((f) => f.mapping.kind === 'ref' && f.mapping.model === treeParent.model);
      if (link === undefined) throw new ModelDefinitionError(name, `is a child of "${treeParent.model}" but no field maps to ref("${treeParent.model}")`);
      parent = { model: treeParent.model, field: link.name };
    }
    const projection: Record<string, 1> = { _id: 1 };
    for (const { mapping } of fields) {
      if (mapping.kind === 'custom') for (const p of mapping.paths) projection[p] = 1;
      else projection[mapping.kind === 'path' ? mapping.path : (mapping.path ?? '')] = 1;
    }
    byModel.set(name, { name, model: collection.model, fields, ...(parent === undefined ? {} : { parent }), filter: collection.filter ?? {}, projection });
  }
  return { models, byModel, loadOrder: loadOrder(models, byModel), addOrder: addOrder(models, parentOf) };
}

/** Models whose identifiers refer to other models load after them. */
function loadOrder(models: ModelMap, byModel: Map<string, ResolvedModelMapping>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ModelDefinitionError(name, `identifiers refer to each other in a cycle: ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    const definition = models[name];
    const mapping = byModel.get(name);
    for (const field of mapping?.fields ?? []) {
      if (!definition?.identifiers.includes(field.name)) continue;
      if (field.mapping.kind === 'ref' || field.mapping.kind === 'refList') {
        if (field.mapping.model === name) throw new ModelDefinitionError(name, `identifier "${field.name}" refers to its own model`);
        visit(field.mapping.model, [...path, name]);
      }
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(models)) visit(name, []);
  return order;
}

/** Parents before children, so every child finds its parent when it is added. */
function addOrder(models: ModelMap, parentOf: Map<string, { model: string }>): string[] {
  const depth = (name: string, seen: Set<string>): number => {
    const parent = parentOf.get(name);
    if (parent === undefined || seen.has(name)) return 0;
    seen.add(name);
    return 1 + depth(parent.model, seen);
  };
  return Object.keys(models).sort((a, b) => depth(a, new Set()) - depth(b, new Set()));
}
