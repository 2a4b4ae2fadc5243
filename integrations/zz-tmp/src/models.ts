// Models of the ZzTmp integration: one per kind of record it syncs (one model snippet per `--models` entry).
import { defineModel } from '@ssot/core';

/** One site record of ZzTmp. Add the fields the system has; keep the identifiers stable. */
export interface Site {
  /** Name (identifier). */
  name: string;
  /** Free text; replace with the real attributes. */
  description: string;
}

/** The site model. */
export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'], attributes: ['description'] });

/** One device record of ZzTmp. Add the fields the system has; keep the identifiers stable. */
export interface Device {
  /** Name (identifier). */
  name: string;
  /** Free text; replace with the real attributes. */
  description: string;
}

/** The device model. */
export const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['description'] });

/** Every model of ZzTmp, keyed by model name. */
export const models = {
  /** The site model. */
  site,
  /** The device model. */
  device,
};

/** The ZzTmp model map. */
export type ZzTmpModels = typeof models;

/** Name of a ZzTmp model. */
export type ZzTmpModelName = keyof ZzTmpModels & string;

/** The records of one side, one list per model: what the API lists and what a JSON file holds. */
export interface ZzTmpData {
  /** The site records. */
  site: Site[];
  /** The device records. */
  device: Device[];
}

/** The model names, in the order they are loaded and synced. */
export const modelNames = Object.keys(models) as ZzTmpModelName[];
