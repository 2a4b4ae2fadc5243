// The example's job: the bundled inventory file -> a simulated network controller whose state is a JSON file.
import { fileURLToPath } from 'node:url';
import { defineJob } from '@ssot/core';
import { z } from 'zod';
import { createExampleAdapter } from './adapter.js';

const bundled = (file: string): string => fileURLToPath(new URL(`../data/${file}`, import.meta.url));

/** The inventory file a parameter names: `sample` is the bundled sample (a file of that name is `./sample`). */
const inventoryPath = (value: string): string => (value === 'sample' ? bundled('inventory.json') : value);

/** Parameters of {@link exampleInventoryToController}. */
export const exampleParameters = z.object({
  /** Inventory JSON file; `sample` names the bundled sample. */
  inventoryFile: z.string().min(1).describe('inventory JSON file, or "sample" for the bundled sample (required: a run never falls back to the sample by itself)'),
  /** The simulated controller's state file. */
  controllerFile: z.string().min(1).default('.ssot/example/controller.json').describe("the simulated controller's state file, created from a bundled sample on first run"),
  /** API token of the controller (secret). */
  controllerToken: z.string().min(8).default('example-controller-token').describe('API token of the controller (a secret: never logged or recorded)'),
});

/** Syncs the bundled inventory into the simulated controller: a data-target job (the source of truth feeds the controller). */
export const exampleInventoryToController = defineJob({
  name: 'example-inventory-to-controller',
  description: 'Push sites, devices, interfaces and VLANs from the inventory file to the (simulated) network controller.',
  direction: 'data-target',
  source: 'inventory file',
  target: 'example controller',
  parameters: exampleParameters,
  secrets: ['controllerToken'],
  dataMappings: [
    { source: 'site.name / region / status / asn', target: 'controller site' },
    { source: 'device.name / role / platform / serial', target: 'controller device' },
    { source: 'interface.mtu / enabled / tags', target: 'controller port' },
    { source: 'vlan.site + vid / name', target: 'controller VLAN' },
  ],
  configInformation: (params) => ({ 'Inventory file': inventoryPath(params.inventoryFile), 'Controller state file': params.controllerFile }),
  lookupObject: (model, uid) => ({ url: `https://controller.example.net/ui/${model}/${encodeURIComponent(uid)}`, label: `${model} ${uid}` }),
  async loadSource(context) {
    const adapter = createExampleAdapter({ name: 'inventory', file: inventoryPath(context.params.inventoryFile) });
    await adapter.load();
    return adapter;
  },
  async loadTarget(context) {
    const adapter = createExampleAdapter({ name: 'controller', file: context.params.controllerFile, seedFile: bundled('controller.json'), writable: !context.dryRun });
    await adapter.load();
    return adapter;
  },
});

/** Every job of this package (declared in package.json as `"ssot": { "jobs": "./dist/jobs.js" }`). */
export const jobs = [exampleInventoryToController];
