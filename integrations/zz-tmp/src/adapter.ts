// The ZzTmp adapter: loads every model through the API client and writes changes back through it when it is a sync target.
import { Adapter, type HandlersFor, type ModelHandlers, type RecordOf } from '@ssot/core';
import { ZzTmpClient, type ZzTmpRecord } from './client.js';
import { modelNames, models, type ZzTmpModelName, type ZzTmpModels } from './models.js';
import type { ZzTmpAdapterOptions } from './options.js';

/** The ZzTmp side of a sync; {@link createZzTmpAdapter} makes one. */
export class ZzTmpAdapter extends Adapter<ZzTmpModels> {
  /** The API client (its metrics go into the sync record). */
  readonly client: ZzTmpClient;

  /**
   * @param options - base URL, token, HTTP options
   */
  constructor(options: ZzTmpAdapterOptions) {
    const client = new ZzTmpClient(options);
    super({ name: options.name ?? 'zz-tmp', models, topLevel: modelNames, handlers: handlersFor(client) });
    this.client = client;
  }

  /** Lists every model through the API and adds the records. */
  override async load(): Promise<void> {
    for (const model of modelNames) await this.#loadModel(model);
  }

  async #loadModel<K extends ZzTmpModelName>(model: K): Promise<void> {
    for (const record of await this.client.list(model)) this.add(model, record);
  }
}

/** Write handlers: each diff element becomes one API call. WHAT TO FILL IN: batch calls (`createMany`) if the API has them. */
function handlersFor(client: ZzTmpClient): HandlersFor<ZzTmpModels> {
  const forModel = <K extends ZzTmpModelName>(model: K): ModelHandlers<RecordOf<ZzTmpModels[K]>> => ({
    async create({ uid, record }) {
      await client.create(model, uid, record as Partial<ZzTmpRecord<K>>);
    },
    async update({ uid, changes }) {
      await client.update(model, uid, changes as Partial<ZzTmpRecord<K>>);
    },
    async delete({ uid }) {
      await client.delete(model, uid);
    },
  });
  return Object.fromEntries(modelNames.map((model) => [model, forModel(model)])) as HandlersFor<ZzTmpModels>;
}

/**
 * Makes a ZzTmp adapter (not loaded yet).
 *
 * @param options - base URL, token, HTTP options
 * @returns the adapter
 */
export function createZzTmpAdapter(options: ZzTmpAdapterOptions): ZzTmpAdapter {
  return new ZzTmpAdapter(options);
}
