// `pnpm example`: the engine end to end on a bundled sample — load two adapters, show the diff, sync, show that nothing is left.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Adapter, comparators, defineModel, type CreateInput, type DeleteInput, type UpdateInput } from '@ssot/core';

interface Site { name: string; region: string; status: string; asn: number; devices: string[] }
interface Device { name: string; site: string; role: string; platform: string; serial: string; interfaces: string[] }
interface Interface { device: string; name: string; mtu: number; enabled: boolean; tags: string[] }
interface Vlan { site: string; vid: number; name: string }

const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['region', 'status', 'asn'], children: { device: 'devices' } });
const device = defineModel<Device>()({
  name: 'device',
  identifiers: ['name'],
  attributes: ['site', 'role', 'platform', 'serial'],
  children: { interface: 'interfaces' },
  // Controllers report platform names in their own case: "JunOS" and "junos" are the same.
  compare: { platform: comparators.caseInsensitive },
});
const iface = defineModel<Interface>()({
  name: 'interface',
  identifiers: ['device', 'name'],
  shortname: ['name'],
  attributes: ['mtu', 'enabled', 'tags'],
  // Tag order carries no meaning.
  compare: { tags: comparators.unordered },
});
const vlan = defineModel<Vlan>()({ name: 'vlan', identifiers: ['site', 'vid'], attributes: ['name'], dependsOn: ['site'] });
const models = { site, device, interface: iface, vlan };

type Side = { site: Omit<Site, 'devices'>[]; device: Omit<Device, 'interfaces'>[]; interface: Interface[]; vlan: Vlan[] };
const sample = JSON.parse(readFileSync(join(import.meta.dirname, 'example', 'sample.json'), 'utf8')) as { sourceOfTruth: Side; controller: Side };

function adapterFor(name: string, data: Side): Adapter<typeof models> {
  return new Adapter({
    name,
    models,
    topLevel: ['site', 'vlan'],
    load(adapter) {
      // One pass per table; parents are found in memory, never one query per parent.
      for (const record of data.site) adapter.add('site', { ...record });
      for (const record of data.device) adapter.addChild('site', record.site, 'device', { ...record });
      for (const record of data.interface) adapter.addChild('device', record.device, 'interface', { ...record, tags: record.tags ?? [] });
      for (const record of data.vlan) adapter.add('vlan', { ...record });
    },
  });
}

const source = adapterFor('source-of-truth', sample.sourceOfTruth);
const target = adapterFor('controller', sample.controller);

// The controller's side writes through handlers; here they print what a real API client would send.
const writes: string[] = [];
const say = (verb: string) => (input: CreateInput<object> | UpdateInput<object> | DeleteInput<object>) => {
  writes.push(`${verb} ${input.model} ${input.uid}${'changed' in input ? ` (${input.changed.join(', ')})` : ''}`);
};
target.handlers = {
  site: { create: say('POST  '), update: say('PATCH '), delete: say('DELETE') },
  device: { create: say('POST  '), update: say('PATCH '), delete: say('DELETE') },
  interface: {
    // A bulk endpoint: the engine hands over every ready interface of one action at once.
    createMany: (inputs) => void writes.push(`POST   interface x${inputs.length} (bulk)`),
    updateMany: (inputs) => void writes.push(`PATCH  interface x${inputs.length} (bulk)`),
    deleteMany: (inputs) => void writes.push(`DELETE interface x${inputs.length} (bulk)`),
  },
  vlan: { create: say('POST  '), delete: say('DELETE') },
};

await source.load();
await target.load();
console.log(`Loaded ${source.count()} records from ${source.name} and ${target.count()} from ${target.name}.\n`);

const diff = target.diffFrom(source);
console.log(diff.toText());

const result = await target.syncFrom(source, { diff });
console.log(`\nSync ${result.state}, ok=${result.ok}. Writes sent to ${target.name}, in order:`);
for (const line of writes) console.log(`  ${line}`);

const after = target.diffFrom(source);
console.log(`\nDiff after the sync: ${after.hasChanges() ? 'CHANGES LEFT' : 'no changes'}`);
console.log(after.toText());
if (after.hasChanges() || !result.ok) process.exitCode = 1;
