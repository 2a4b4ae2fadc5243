// Random pairs of small record trees for the reference-differ property test: shared ids, moves, orphans, flags, model sets, scopes.
//
// A case is a plan (plain data that fast-check draws and shrinks) over a fixed universe:
//   site s1..s3 (top-level) > device d1..d5 > interface i1..i8, and vlan (top-level, composite id).
// Devices and interfaces have globally unique ids and carry their parent's name as a compared
// attribute (`site`, `device`), so a record listed under another parent on the other side is a move.
// Each side draws, per record: present or not, where it is listed (its home parent, another parent,
// or nowhere: an orphan in the store), an attribute variant, and a flag. Shrinking goes towards fewer
// records, home placement, no change and no flags, so counterexamples come out small.
import fc from 'fast-check';
import { Adapter, uniqueIdOf } from '../adapter.js';
import type { DiffOptions } from '../differ.js';
import type { RecordFlags } from '../flags.js';
import { defineModel, type AnyRecord, type ModelDefinition } from '../model.js';
import { keyOf, sideTree, splitKey, type ReferenceOptions, type ReferenceSide } from './reference-differ.js';

/** Which kinds of difference a generator may produce; the test turns them on layer by layer. */
export interface Features {
  /** Records listed under another parent than their home one. */
  moves: boolean;
  /** Records stored but listed by no parent (and children listed by such records). */
  orphans: boolean;
  /** Flags set on single records, on either side. */
  recordFlags: boolean;
  /** Flags on every record of a model. */
  modelFlags: boolean;
  /**
   * Flags also on records below a parent that only one side has (a parent being created or deleted).
   * Off: record flags only where every ancestor is on both sides, model flags only on top-level models.
   */
  flagsBelowOneSided: boolean;
  /** The diff options' skipUnmatchedSrc / skipUnmatchedDst / skipUnmatchedBoth. */
  globalFlags: boolean;
  /** One side declares a model the other does not, or declares an extra attribute. */
  modelSets: boolean;
  /** A `scope` option: models, subtrees, predicate. */
  scope: boolean;
  /** Definitions that disagree (identifiers, a source attribute the target lacks): the diff must throw. */
  mismatches: boolean;
}

/** No feature: plain trees with shared ids, one-sided subtrees and attribute differences. */
export const BASIC: Features = { moves: false, orphans: false, recordFlags: false, modelFlags: false, flagsBelowOneSided: false, globalFlags: false, modelSets: false, scope: false, mismatches: false };

type Flag = 'none' | 'ignore' | 'skipUnmatchedSrc' | 'skipUnmatchedDst';
type GlobalFlag = 'none' | 'skipUnmatchedSrc' | 'skipUnmatchedDst' | 'skipUnmatchedBoth';
type Placement = 'home' | 'moved' | 'orphan';
type ModelSet = 'same' | 'sourceLacksVlan' | 'targetLacksVlan' | 'sourceLacksInterface' | 'targetLacksInterface' | 'targetExtraAttribute';
type Mismatch = 'none' | 'identifiersDiffer' | 'sourceAttributeMissingOnTarget';

interface RecordPlan {
  present: boolean;
  placement: Placement;
  movedTo: number;
  variant: number;
  flag: Flag;
}

interface SidePlan {
  site: RecordPlan[];
  device: RecordPlan[];
  interface: RecordPlan[];
  vlan: RecordPlan[];
}

interface ScopePlan {
  models: string[] | null;
  subtrees: { model: string; id: string }[] | null;
  rejected: string[] | null;
}

/** The plain data of one case. */
export interface CasePlan {
  source: SidePlan;
  target: SidePlan;
  modelFlags: Record<string, Flag>;
  global: GlobalFlag;
  modelSet: ModelSet;
  mismatch: Mismatch;
  scope: ScopePlan | null;
}

const SITES = ['s1', 's2', 's3'];
const DEVICES = ['d1', 'd2', 'd3', 'd4', 'd5'];
const DEVICE_HOME = ['s1', 's1', 's2', 's2', 's3'];
const INTERFACES = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8'];
const INTERFACE_HOME = ['d1', 'd1', 'd2', 'd2', 'd3', 'd4', 'd4', 'd5'];
const VLANS = [
  { site: 's1', vid: 10 },
  { site: 's1', vid: 20 },
  { site: 's2', vid: 10 },
];
const MODEL_NAMES = ['site', 'device', 'interface', 'vlan'];
const ALL_REFS: { model: string; id: string }[] = [
  ...SITES.map((id) => ({ model: 'site', id })),
  ...DEVICES.map((id) => ({ model: 'device', id })),
  ...INTERFACES.map((id) => ({ model: 'interface', id })),
  ...VLANS.map((v) => ({ model: 'vlan', id: `${v.site}__${v.vid}` })),
];

// The first value of each list is where shrinking goes.
const weighted = <T>(first: T, firstWeight: number, ...rest: T[]): fc.Arbitrary<T> => fc.constantFrom(...Array<T>(firstWeight).fill(first), ...rest);

function recordPlan(features: Features): fc.Arbitrary<RecordPlan> {
  const placements: Placement[] = ['home', 'home', 'home', 'home', 'home', 'home'];
  if (features.moves) placements.push('moved', 'moved');
  if (features.orphans) placements.push('orphan');
  return fc.record({
    // Present three times out of four; absent is the smaller case.
    present: fc.constantFrom(false, true, true, true),
    placement: fc.constantFrom(...placements),
    movedTo: fc.nat({ max: 7 }),
    variant: weighted(0, 4, 1, 2, 3, 4),
    flag: features.recordFlags ? weighted<Flag>('none', 12, 'ignore', 'skipUnmatchedSrc', 'skipUnmatchedDst') : fc.constant<Flag>('none'),
  });
}

function sidePlan(features: Features): fc.Arbitrary<SidePlan> {
  const many = (n: number) => fc.tuple(...Array.from({ length: n }, () => recordPlan(features)));
  return fc.record({ site: many(SITES.length), device: many(DEVICES.length), interface: many(INTERFACES.length), vlan: many(VLANS.length) });
}

function scopePlan(): fc.Arbitrary<ScopePlan> {
  return fc.record({
    models: fc.option(fc.subarray(MODEL_NAMES), { nil: null, freq: 2 }),
    subtrees: fc.option(fc.subarray(ALL_REFS, { minLength: 1, maxLength: 2 }), { nil: null, freq: 2 }),
    rejected: fc.option(fc.subarray(ALL_REFS.map((ref) => keyOf(ref.model, ref.id)), { minLength: 1, maxLength: 4 }), { nil: null, freq: 2 }),
  });
}

/**
 * Cases with the given features.
 *
 * @param features - which kinds of difference to draw
 * @returns an arbitrary of cases
 */
export function oracleCases(features: Features): fc.Arbitrary<OracleCase> {
  const modelFlag = features.modelFlags ? weighted<Flag>('none', 8, 'ignore', 'skipUnmatchedSrc', 'skipUnmatchedDst') : fc.constant<Flag>('none');
  return fc
    .record({
      source: sidePlan(features),
      target: sidePlan(features),
      modelFlags: features.flagsBelowOneSided
        ? fc.record({ site: modelFlag, device: modelFlag, interface: modelFlag, vlan: modelFlag })
        : fc.record({ site: modelFlag, device: fc.constant<Flag>('none'), interface: fc.constant<Flag>('none'), vlan: modelFlag }),
      global: features.globalFlags ? weighted<GlobalFlag>('none', 5, 'skipUnmatchedSrc', 'skipUnmatchedDst', 'skipUnmatchedBoth') : fc.constant<GlobalFlag>('none'),
      modelSet: features.modelSets
        ? weighted<ModelSet>('same', 4, 'sourceLacksVlan', 'targetLacksVlan', 'sourceLacksInterface', 'targetLacksInterface', 'targetExtraAttribute')
        : fc.constant<ModelSet>('same'),
      mismatch: features.mismatches ? weighted<Mismatch>('none', 2, 'identifiersDiffer', 'sourceAttributeMissingOnTarget') : fc.constant<Mismatch>('none'),
      scope: features.scope ? fc.option(scopePlan(), { nil: null, freq: 4 }) : fc.constant(null),
    })
    .map((plan) => new OracleCase(plan, features));
}

type Definition = ModelDefinition<object, string, string>;

interface Site { name: string; status: string; devices: string[] }
interface Device { name: string; site: string; role: string; serial?: string; interfaces: string[] }
interface Iface { name: string; device: string; mtu: number | string; tags: string[] | null; description?: string | null }
interface Vlan { site: string; vid: number; name: string }

/** One side, built: the adapter and the record flags that were set on it. */
export interface BuiltSide extends ReferenceSide {
  adapter: Adapter;
}

const FLAG_OF: Record<Exclude<Flag, 'none'>, RecordFlags> = {
  ignore: { ignore: true },
  skipUnmatchedSrc: { skipUnmatchedSrc: true },
  skipUnmatchedDst: { skipUnmatchedDst: true },
};

/** A drawn case: builds fresh adapters on every call (a sync changes the target), and prints itself readably. */
export class OracleCase {
  constructor(
    readonly plan: CasePlan,
    readonly features: Features,
  ) {}

  #definitions(side: 'source' | 'target'): Record<string, Definition> {
    const { modelSet, mismatch, modelFlags } = this.plan;
    const flags = (model: string): RecordFlags => {
      const flag = modelFlags[model] ?? 'none';
      return flag === 'none' ? {} : FLAG_OF[flag];
    };
    const lacksInterface = (side === 'source' && modelSet === 'sourceLacksInterface') || (side === 'target' && modelSet === 'targetLacksInterface');
    const lacksVlan = (side === 'source' && modelSet === 'sourceLacksVlan') || (side === 'target' && modelSet === 'targetLacksVlan');
    const deviceAttributes: (keyof Device & string)[] = ['site', 'role'];
    if (side === 'target' && modelSet === 'targetExtraAttribute') deviceAttributes.push('serial');
    if (side === 'source' && mismatch === 'sourceAttributeMissingOnTarget') deviceAttributes.push('serial');
    const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['status'], children: { device: 'devices' }, flags: flags('site') });
    const device = defineModel<Device>()({
      name: 'device',
      identifiers: ['name'],
      attributes: deviceAttributes,
      ...(lacksInterface ? {} : { children: { interface: 'interfaces' as const } }),
      flags: flags('device'),
    });
    const identifiersDiffer = side === 'target' && mismatch === 'identifiersDiffer';
    const iface = defineModel<Iface>()({
      name: 'interface',
      identifiers: identifiersDiffer ? ['name', 'device'] : ['name'],
      attributes: identifiersDiffer ? ['mtu', 'tags', 'description'] : ['device', 'mtu', 'tags', 'description'],
      flags: flags('interface'),
    });
    const vlan = defineModel<Vlan>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name'], flags: flags('vlan') });
    const models: Record<string, Definition> = { site: site as Definition, device: device as Definition };
    if (!lacksInterface) models.interface = iface as Definition;
    if (!lacksVlan) models.vlan = vlan as Definition;
    return models;
  }

  /**
   * Fresh adapters for both sides, with their record flags.
   *
   * @returns source and target
   */
  build(): { source: BuiltSide; target: BuiltSide } {
    const source = this.#side('source');
    const target = this.#side('target');
    const trees = { source: sideTree(source.adapter), target: sideTree(target.adapter) };
    const shared = (key: string): boolean => trees.source.has(key) && trees.target.has(key);
    for (const [side, tree] of [
      [source, trees.source],
      [target, trees.target],
    ] as const) {
      for (const [key, flags] of side.wanted) {
        // Flags go on records in the side's tree only: a flag on a record no parent lists is a corner the issue leaves open.
        if (!tree.has(key)) continue;
        if (!this.features.flagsBelowOneSided) {
          let ancestry = true;
          for (let at = tree.get(key)?.parent; at !== undefined; at = tree.get(at)?.parent) ancestry &&= shared(at);
          if (!ancestry) continue;
        }
        const { model, uid } = splitKey(key);
        side.adapter.setFlags(model, uid, flags);
        side.recordFlags.set(key, flags);
      }
    }
    return { source: { adapter: source.adapter, recordFlags: source.recordFlags }, target: { adapter: target.adapter, recordFlags: target.recordFlags } };
  }

  #side(side: 'source' | 'target'): BuiltSide & { wanted: Map<string, RecordFlags>; recordFlags: Map<string, RecordFlags> } {
    const plan = this.plan[side];
    const models = this.#definitions(side);
    const topLevel = ['site', ...('vlan' in models ? ['vlan'] : [])];
    const adapter = new Adapter({ name: side, models, topLevel }) as unknown as Adapter;
    const extraSerial = (side === 'target' && this.plan.modelSet === 'targetExtraAttribute') || (side === 'source' && this.plan.mismatch === 'sourceAttributeMissingOnTarget');

    const sites = SITES.filter((_, i) => (plan.site[i] as RecordPlan).present);
    for (const name of sites) {
      const p = plan.site[SITES.indexOf(name)] as RecordPlan;
      adapter.add('site', { name, status: ['active', 'planned', 'retired'][p.variant % 3] });
    }
    const placeAll = (
      names: string[],
      homes: string[],
      plans: RecordPlan[],
      parentModel: string,
      parents: string[],
      make: (name: string, parent: string, p: RecordPlan) => AnyRecord,
      model: string,
    ): string[] => {
      const placed: string[] = [];
      names.forEach((name, i) => {
        const p = plans[i] as RecordPlan;
        if (!p.present) return;
        const home = homes[i] as string;
        const others = parents.filter((parent) => parent !== home);
        let parent: string | undefined = parents.includes(home) ? home : undefined;
        if (p.placement === 'moved' && others.length > 0) parent = others[p.movedTo % others.length];
        else if (parent === undefined && p.placement === 'moved' && parents.length > 0) parent = parents[p.movedTo % parents.length];
        if (p.placement === 'orphan' || parent === undefined) {
          if (p.placement !== 'orphan') return; // its parent is not on this side: the whole subtree is one-sided
          adapter.add(model, make(name, home, p));
        } else {
          adapter.addChild(parentModel, parent, model, make(name, parent, p));
        }
        placed.push(name);
      });
      return placed;
    };
    const devices = placeAll(DEVICES, DEVICE_HOME, plan.device, 'site', sites, (name, parent, p) => {
      const record: AnyRecord = { name, site: parent, role: p.variant % 2 === 0 ? 'leaf' : 'spine' };
      if (extraSerial) record.serial = `SN-${name}`;
      return record;
    }, 'device');
    if ('interface' in models) {
      placeAll(INTERFACES, INTERFACE_HOME, plan.interface, 'device', devices, (name, parent, p) => interfaceRecord(name, parent, p.variant), 'interface');
    }
    if ('vlan' in models) {
      VLANS.forEach((v, i) => {
        const p = plan.vlan[i] as RecordPlan;
        if (p.present) adapter.add('vlan', { ...v, name: p.variant % 2 === 0 ? 'v' : 'w' });
      });
    }

    const wanted = new Map<string, RecordFlags>();
    const byModel: [string, string[], RecordPlan[]][] = [
      ['site', SITES, plan.site],
      ['device', DEVICES, plan.device],
      ['interface', INTERFACES, plan.interface],
      ['vlan', VLANS.map((v) => `${v.site}__${v.vid}`), plan.vlan],
    ];
    for (const [model, uids, plans] of byModel) {
      uids.forEach((uid, i) => {
        const flag = (plans[i] as RecordPlan).flag;
        if (flag !== 'none' && adapter.store.has(model, uid)) wanted.set(keyOf(model, uid), FLAG_OF[flag]);
      });
    }
    return { adapter, wanted, recordFlags: new Map() };
  }

  /** The global flags of the diff options. */
  #global(): ReferenceOptions {
    return this.plan.global === 'none' ? {} : { [this.plan.global]: true };
  }

  /** The options as the reference reads them. */
  referenceOptions(): ReferenceOptions {
    const scope = this.plan.scope;
    if (scope === null) return this.#global();
    const rejected = new Set(scope.rejected ?? []);
    return {
      ...this.#global(),
      scope: {
        models: scope.models ?? undefined,
        subtrees: scope.subtrees ?? undefined,
        predicate: scope.rejected === null ? undefined : (model, uid) => !rejected.has(keyOf(model, uid)),
      },
    };
  }

  /**
   * The options as the engine reads them. The scope predicate's signature is not settled yet, so the
   * predicate finds the model and the record (or unique id) among whatever arguments it is given.
   *
   * @param models - a side's model definitions, to compute a unique id from a record
   * @returns diff options
   */
  engineOptions(models: Record<string, Definition>): DiffOptions {
    const scope = this.plan.scope;
    if (scope === null) return this.#global() as DiffOptions;
    const rejected = new Set(scope.rejected ?? []);
    const engineScope: Record<string, unknown> = {};
    if (scope.models !== null) engineScope.models = scope.models;
    if (scope.subtrees !== null) engineScope.subtrees = scope.subtrees;
    if (scope.rejected !== null) {
      engineScope.predicate = (...args: unknown[]): boolean => {
        const ref = refFromArguments(args, models);
        if (ref === undefined) throw new Error(`reference-differ test: the scope predicate got arguments it cannot read (${JSON.stringify(args)}); teach refFromArguments this signature`);
        return !rejected.has(keyOf(ref.model, ref.uid));
      };
    }
    return { ...this.#global(), scope: engineScope } as DiffOptions;
  }

  /** What fast-check prints for a counterexample: both trees, flags and options. */
  [fc.toStringMethod](): string {
    return this.describe();
  }

  /** A readable account of the case. */
  describe(): string {
    const { source, target } = this.build();
    const lines: string[] = [];
    for (const [name, side] of [
      ['source', source],
      ['target', target],
    ] as const) {
      lines.push(`${name}: ${describeSide(side)}`);
    }
    const modelFlags = Object.entries(this.plan.modelFlags).filter(([, flag]) => flag !== 'none');
    if (modelFlags.length > 0) lines.push(`model flags: ${modelFlags.map(([model, flag]) => `${model} {${flag}}`).join(', ')}`);
    const global = Object.keys(this.#global());
    if (global.length > 0) lines.push(`options: ${global.join(', ')}`);
    if (this.plan.modelSet !== 'same') lines.push(`models: ${this.plan.modelSet}`);
    if (this.plan.mismatch !== 'none') lines.push(`definitions: ${this.plan.mismatch}`);
    const scope = this.plan.scope;
    if (scope !== null) {
      const parts: string[] = [];
      if (scope.models !== null) parts.push(`models [${scope.models.join(', ')}]`);
      if (scope.subtrees !== null) parts.push(`subtrees [${scope.subtrees.map((r) => `${r.model} ${r.id}`).join(', ')}]`);
      if (scope.rejected !== null) parts.push(`predicate rejects [${scope.rejected.join(', ')}]`);
      lines.push(`scope: ${parts.length > 0 ? parts.join('; ') : '{}'}`);
    }
    return `\n  ${lines.join('\n  ')}\n`;
  }
}

function interfaceRecord(name: string, device: string, variant: number): AnyRecord {
  const record: AnyRecord = { name, device, mtu: 1500, tags: ['a'], description: null };
  if (variant === 1) record.mtu = 9000;
  if (variant === 2) record.tags = ['a', 'b'];
  if (variant === 3) delete record.description; // missing equals null: no change
  if (variant === 4) record.mtu = '1500'; // a string is not the number
  return record;
}

/** One line per side: its tree in brackets, then unlisted records and flags. */
function describeSide(side: BuiltSide): string {
  const adapter = side.adapter;
  const tree = sideTree(adapter);
  const render = (model: string, uid: string): string => {
    const key = keyOf(model, uid);
    const node = tree.get(key);
    const record = node?.record ?? (adapter.store.get(model, uid) as AnyRecord);
    const definition = adapter.models[model] as Definition;
    // The parent link (`site` of a device, `device` of an interface) is shown only where the tree does not say it.
    const parentLink = model === 'device' ? 'site' : model === 'interface' ? 'device' : undefined;
    const attrs = definition.attributes.filter((f) => f !== parentLink || node === undefined).map((f) => `${f}=${JSON.stringify(record[f])}`);
    const flag = side.recordFlags.get(key);
    const children: string[] = [];
    for (const [childModel, field] of Object.entries(definition.children)) {
      for (const childUid of (record[field] as string[] | undefined) ?? []) children.push(render(childModel, childUid));
    }
    return `${model} ${uid}${attrs.length > 0 ? `(${attrs.join(' ')})` : ''}${flag ? ` {${Object.keys(flag).join(',')}}` : ''}${children.length > 0 ? ` [${children.join(', ')}]` : ''}`;
  };
  const parts: string[] = [];
  for (const model of adapter.topLevel) for (const [uid] of adapter.store.entries(model)) parts.push(render(model, uid));
  // Unlisted records that no stored record lists (the ones some unlisted record lists show inside it).
  const listed = new Set<string>();
  for (const [model, definition] of Object.entries(adapter.models as Record<string, Definition>)) {
    for (const record of adapter.store.values(model)) {
      for (const [childModel, field] of Object.entries(definition.children)) for (const uid of (record[field] as string[] | undefined) ?? []) listed.add(keyOf(childModel, uid));
    }
  }
  const unlistedRoots: string[] = [];
  for (const model of Object.keys(adapter.models)) {
    for (const [uid] of adapter.store.entries(model)) if (!tree.has(keyOf(model, uid)) && !listed.has(keyOf(model, uid))) unlistedRoots.push(render(model, uid));
  }
  let text = parts.length > 0 ? parts.join(', ') : '(empty)';
  if (unlistedRoots.length > 0) text += `; unlisted: ${unlistedRoots.join(', ')}`;
  return text;
}

/** Finds the model and unique id among a scope predicate's arguments, whatever their order and shape. */
function refFromArguments(args: readonly unknown[], models: Record<string, Definition>): { model: string; uid: string } | undefined {
  const objects = args.filter((a): a is AnyRecord => typeof a === 'object' && a !== null);
  const strings = args.filter((a): a is string => typeof a === 'string');
  for (const o of objects) if (typeof o.model === 'string' && typeof o.uid === 'string') return { model: o.model, uid: o.uid };
  const model = strings.find((s) => s in models) ?? objects.map((o) => o.model).find((m): m is string => typeof m === 'string' && m in models);
  if (model === undefined) return undefined;
  const definition = models[model] as Definition;
  for (const o of objects) {
    const record = typeof o.record === 'object' && o.record !== null ? (o.record as AnyRecord) : 'model' in o ? undefined : o;
    if (record !== undefined && definition.identifiers.every((field) => field in record)) return { model, uid: uniqueIdOf(definition, record) };
  }
  const uid = strings.find((s) => s !== model && !['source', 'target'].includes(s));
  return uid === undefined ? undefined : { model, uid };
}
