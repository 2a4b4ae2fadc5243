// The file integration's jobs: inventory files into the MongoDB inventory, and one inventory in files into another.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineJob } from '@ssot/core';
import { loadMongoInventory, mongoInventoryParameters } from '@ssot/inventory';
import { z } from 'zod';
import { createFileAdapter } from './adapter.js';

const bundled = (path: string): string => fileURLToPath(new URL(`../data/${path}`, import.meta.url));

// The bundled samples, named explicitly: a job that writes never falls back to them silently.
const SAMPLES: Readonly<Record<string, string>> = { sample: 'inventory.yaml', 'sample:csv': 'inventory-csv' };

const SAMPLE_HELP = '"sample" (exactly) for the bundled sample document data/inventory.yaml, "sample:csv" for the bundled CSV directory data/inventory-csv (an older state of the same network); a file or directory of that name is given as ./sample';

/**
 * The path a source parameter names: the bundled sample for `sample` or `sample:csv`, else the path given, resolved.
 *
 * @param value - the parameter's value
 * @returns an absolute path
 */
function sourcePath(value: string): string {
  const sample = SAMPLES[value];
  return sample === undefined ? resolve(value) : bundled(sample);
}

const allowEmptyParameter = z
  .boolean()
  .default(false)
  .describe('load an empty source (0-byte or blank file, null/{}/[] document, empty directory, directory without model files, 0-byte model file) as no records, so that the sync deletes every record of the target; without it such a source is refused');

/** Parameters of {@link fileToFile}. */
export const fileToFileParameters = z.object({
  /** The source of truth: a .yaml/.yml/.json document or a directory of per-model files; `sample` or `sample:csv` for a bundled sample. Required. */
  source: z.string().min(1).describe(`the source of truth: a .yaml/.yml/.json inventory document or a directory with one file per model; ${SAMPLE_HELP}`),
  /** Load an empty source as no records (the sync then deletes every record of the target); refused by default. */
  allowEmpty: allowEmptyParameter,
  /** The inventory to update: a document or a directory, created when missing. */
  target: z.string().min(1).describe('the inventory to update: a .yaml/.yml/.json document or a directory with one file per model; created when missing'),
  /** Format of files the target gets anew (a new directory's model files, or a document with another extension). */
  format: z.literal(['yaml', 'json', 'csv']).optional().describe("format of files written anew in the target: yaml, json or csv (default: the format of the target's existing files, else csv in a directory)"),
  /** Fields the models do not have: reported (`error`) or dropped (`ignore`). */
  unknownFields: z.literal(['error', 'ignore']).default('error').describe('fields the models do not have: error (report them) or ignore (drop them)'),
});

/** Syncs one inventory in files into another (data target: the source inventory is the source of truth). */
export const fileToFile = defineJob({
  name: 'file-to-file',
  description: 'Make one inventory in YAML, JSON or CSV files equal to another: regions, sites, devices, interfaces, VLANs, prefixes and IP addresses. The target files are written atomically.',
  direction: 'data-target',
  source: 'inventory files',
  target: 'inventory files',
  parameters: fileToFileParameters,
  dataMappings: [
    { source: 'region (name, parent, description, sort_order, tags)', target: 'region' },
    { source: 'site (name, region, status, asn, facility, time_zone, tags)', target: 'site' },
    { source: 'device (name, site, role, platform, serial, asset_tag, tags)', target: 'device' },
    { source: 'interface (device, name, type, enabled, mtu, description, tags)', target: 'interface' },
    { source: 'vlan (site, vid, name, status, description, tags)', target: 'vlan' },
    { source: 'prefix (prefix, site, vlan, status, description, tags)', target: 'prefix' },
    { source: 'ip_address (address, interface, status, dns_name, tags)', target: 'ip_address' },
  ],
  configInformation: (params) => ({
    'Source inventory': sourcePath(params.source),
    'Target inventory': resolve(params.target),
    'Format of new files': params.format ?? 'as the existing files (csv for a new directory)',
    'Unknown fields': params.unknownFields,
  }),
  lookupObject: (model, uid, params) => ({ url: pathToFileURL(resolve(params.target)).href, label: `${model} ${uid} in ${params.target}` }),
  async loadSource(context) {
    const adapter = createFileAdapter({
      name: 'source',
      path: sourcePath(context.params.source),
      allowEmpty: context.params.allowEmpty,
      unknownFields: context.params.unknownFields,
      onProgress: (model, count) => context.progress(model, count),
    });
    await adapter.load(context.signal);
    return adapter;
  },
  async loadTarget(context) {
    const adapter = createFileAdapter({
      name: 'target',
      path: context.params.target,
      ...(context.params.format === undefined ? {} : { format: context.params.format }),
      unknownFields: context.params.unknownFields,
      writable: !context.dryRun,
      allowMissing: true,
      onProgress: (model, count) => context.progress(model, count),
    });
    await adapter.load(context.signal);
    return adapter;
  },
});

/** Parameters of {@link fileToInventory}. */
export const fileToInventoryParameters = z.object({
  /** The inventory files: a .yaml/.yml/.json document or a directory of per-model files; `sample` or `sample:csv` for a bundled sample. Required. */
  inventory: z.string().min(1).describe(`the inventory files: a .yaml/.yml/.json document or a directory with one file per model; ${SAMPLE_HELP}`),
  /** Load empty inventory files as no records (the sync then deletes every record of the MongoDB inventory); refused by default. */
  allowEmpty: allowEmptyParameter,
  ...mongoInventoryParameters,
  /** Apply the sync in one transaction. */
  transaction: z.boolean().default(false).describe('apply the whole sync in one transaction (all or nothing)'),
});

/** Loads inventory files into the MongoDB inventory (data source: the files feed the source of truth). */
export const fileToInventory = defineJob({
  name: 'file-to-inventory',
  description: 'Load an inventory from YAML, JSON or CSV files into the MongoDB inventory (regions, sites, devices, interfaces, VLANs, prefixes, IP addresses), with a change log of every write.',
  direction: 'data-source',
  source: 'inventory files',
  target: 'MongoDB inventory',
  parameters: fileToInventoryParameters,
  secrets: ['mongodbUri'],
  dataMappings: fileToFile.dataMappings?.map((mapping) => ({ ...mapping, target: `${mapping.target} collection` })) ?? [],
  configInformation: (params) => ({
    'Inventory files': sourcePath(params.inventory),
    MongoDB: params.mongodbUri !== undefined ? 'the given connection string' : process.env.MONGODB_URI ? 'MONGODB_URI' : `embedded test server, data in ${resolve(params.embeddedDataDir)}`,
    Database: params.database,
    Transaction: params.transaction ? 'yes' : 'no',
  }),
  lookupObject: (model, uid, params) => ({ label: `${model} ${uid} in ${params.database}` }),
  async loadSource(context) {
    const adapter = createFileAdapter({ name: 'files', path: sourcePath(context.params.inventory), allowEmpty: context.params.allowEmpty, onProgress: (model, count) => context.progress(model, count) });
    await adapter.load(context.signal);
    return adapter;
  },
  loadTarget: (context) => loadMongoInventory(context, { transaction: context.params.transaction }),
});

/** Every job of this package (declared in package.json as `"ssot": { "jobs": "./dist/jobs.js" }`). */
export const jobs = [fileToInventory, fileToFile];
