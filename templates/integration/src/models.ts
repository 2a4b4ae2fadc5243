// Models of the __Name__ integration: one per kind of record it syncs (one model snippet per `--models` entry).
import { defineModel } from '@ssot/core';

/** Every model of __Name__, keyed by model name. */
export const models = {};

/** The __Name__ model map. */
export type __Name__Models = typeof models;

/** Name of a __Name__ model. */
export type __Name__ModelName = keyof __Name__Models & string;

/** The records of one side, one list per model: what the API lists and what a JSON file holds. */
export interface __Name__Data {}

/** The model names, in the order they are loaded and synced. */
export const modelNames = Object.keys(models) as __Name__ModelName[];
