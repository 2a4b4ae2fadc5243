// The __Name__ adapter: loads every model through the API client and writes changes back through it when it is a sync target.
import { Adapter, type HandlersFor, type ModelHandlers, type RecordOf } from '@ssot/core';
import { __Name__Client, type __Name__Record } from './client.js';
import { modelNames, models, type __Name__ModelName, type __Name__Models } from './models.js';
import type { __Name__AdapterOptions } from './options.js';

/** The __Name__ side of a sync; {@link create__Name__Adapter} makes one. */
export class __Name__Adapter extends Adapter<__Name__Models> {
  /** The API client (its metrics go into the sync record). */
  readonly client: __Name__Client;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: __Name__AdapterOptions) {
    const client = new __Name__Client(options);
    super({ name: options.name ?? '__name__', models, topLevel: modelNames, handlers: handlersFor(client) });
    this.client = client;
  }

  /** Lists every model through the API and adds the records. */
  override async load(): Promise<void> {
    for (const model of modelNames) await this.#loadModel(model);
  }

  async #loadModel<K extends __Name__ModelName>(model: K): Promise<void> {
    for (const record of await this.client.list(model)) this.add(model, record);
  }
}

/** Write handlers: each diff element becomes one API call. WHAT TO FILL IN: batch calls (`createMany`) if the API has them. */
function handlersFor(client: __Name__Client): HandlersFor<__Name__Models> {
  const forModel = <K extends __Name__ModelName>(model: K): ModelHandlers<RecordOf<__Name__Models[K]>> => ({
    async create({ uid, record }) {
      await client.create(model, uid, record as Partial<__Name__Record<K>>);
    },
    async update({ uid, changes }) {
      await client.update(model, uid, changes as Partial<__Name__Record<K>>);
    },
    async delete({ uid }) {
      await client.delete(model, uid);
    },
  });
  return Object.fromEntries(modelNames.map((model) => [model, forModel(model)])) as HandlersFor<__Name__Models>;
}

/**
 * Makes a __Name__ adapter (not loaded yet).
 *
 * @param options - base URL, token, HTTP options
 * @returns the adapter
 */
export function create__Name__Adapter(options: __Name__AdapterOptions): __Name__Adapter {
  return new __Name__Adapter(options);
}
