// Write handlers of the NetBox adapter: bulk POST/PATCH/DELETE per model, names resolved to NetBox ids, refusals per record.
import { softFailure, unknownOutcome, type CreateInput, type DeleteInput, type HandlerOutcome, type HandlersFor, type ModelHandlers, type UpdateInput } from '@ssot/core';
import type { NetboxAdapter } from './adapter.js';
import type { NetboxEndpoint, NetboxWriteOutcome } from './client.js';
import {
  deviceToNetbox,
  interfaceToNetbox,
  ipAddressToNetbox,
  prefixToNetbox,
  regionToNetbox,
  siteToNetbox,
  UnresolvedReferenceError,
  vlanToNetbox,
  type DeviceRow,
  type RegionRow,
  type SiteRow,
} from './mapping.js';
import { DEFAULT_DEVICE_TYPE } from './options.js';
import type { Interface, InventoryModels, IpAddress, NbObject, NbWritePayload, Prefix, Vlan } from './models.js';

/** How one model is written. */
interface WriteSpec<R extends object> {
  /** The NetBox list endpoint. */
  endpoint: NetboxEndpoint;
  /** The payload of (some) fields of a record. */
  toPayload(fields: Partial<R>, create: boolean): NbWritePayload;
  /** Creates what the records refer to that NetBox may lack (tags, roles, ...). */
  prepare(records: readonly Partial<R>[], signal: AbortSignal): Promise<void>;
  /** Unique id of a record of the same model this one must be created after (region parents). */
  after?(record: Partial<R>): string | undefined;
}

type ModelKey = keyof InventoryModels & string;

/**
 * The write handlers of a NetBox adapter: batch handlers only, so the sync hands over whole batches
 * that go to NetBox as list payloads (split again into requests of the client's `writeBatchSize`).
 *
 * @param adapter - the adapter written to
 * @returns handlers for every inventory model
 */
export function createNetboxHandlers(adapter: NetboxAdapter): HandlersFor<InventoryModels> {
  const lookups = adapter.lookups;
  const resolve = adapter.resolve.bind(adapter);
  const options = adapter.options;
  const tagsOf = (records: readonly { tags?: string[] | undefined }[]): string[] => records.flatMap((record) => record.tags ?? []);
  return {
    region: modelHandlers<RegionRow>(adapter, 'region', {
      endpoint: 'region',
      toPayload: (fields) => regionToNetbox(fields, resolve, options),
      prepare: (records, signal) => lookups.ensureTags(tagsOf(records), signal),
      after: (record) => (record.parent ? adapter.uniqueId('region', { name: record.parent }) : undefined),
    }),
    site: modelHandlers<SiteRow>(adapter, 'site', {
      endpoint: 'site',
      toPayload: (fields) => siteToNetbox(fields, resolve),
      prepare: async (records, signal) => {
        await Promise.all([lookups.ensureTags(tagsOf(records), signal), lookups.ensureAsns(records.map((record) => record.asn ?? 0), signal)]);
      },
    }),
    device: modelHandlers<DeviceRow>(adapter, 'device', {
      endpoint: 'device',
      toPayload: (fields, create) => deviceToNetbox(fields, resolve, create ? (options.deviceType ?? DEFAULT_DEVICE_TYPE) : undefined),
      prepare: async (records, signal) => {
        await Promise.all([
          lookups.ensureTags(tagsOf(records), signal),
          lookups.ensureRoles(records.flatMap((record) => (record.role ? [record.role] : [])), signal),
          lookups.ensurePlatforms(records.flatMap((record) => (record.platform ? [record.platform] : [])), signal),
          records.some((record) => record.name !== undefined) ? lookups.ensureDeviceType(signal) : Promise.resolve(),
        ]);
      },
    }),
    interface: modelHandlers<Interface>(adapter, 'interface', {
      endpoint: 'interface',
      toPayload: (fields) => interfaceToNetbox(fields, resolve),
      prepare: (records, signal) => lookups.ensureTags(tagsOf(records), signal),
    }),
    vlan: modelHandlers<Vlan>(adapter, 'vlan', {
      endpoint: 'vlan',
      toPayload: (fields) => vlanToNetbox(fields, resolve),
      prepare: (records, signal) => lookups.ensureTags(tagsOf(records), signal),
    }),
    prefix: modelHandlers<Prefix>(adapter, 'prefix', {
      endpoint: 'prefix',
      toPayload: (fields) => prefixToNetbox(fields, resolve, options),
      prepare: (records, signal) => lookups.ensureTags(tagsOf(records), signal),
    }),
    ip_address: modelHandlers<IpAddress>(adapter, 'ip_address', {
      endpoint: 'ip_address',
      toPayload: (fields) => ipAddressToNetbox(fields, resolve),
      prepare: (records, signal) => lookups.ensureTags(tagsOf(records), signal),
    }),
  } as HandlersFor<InventoryModels>;
}


function modelHandlers<R extends object>(adapter: NetboxAdapter, model: ModelKey, spec: WriteSpec<R>): ModelHandlers<R> {
  const ids = adapter.ids[model];
  const client = adapter.client;
  const refused = (uid: string, action: string, outcome: NetboxWriteOutcome<unknown>): HandlerOutcome<R> => {
    if (outcome.ok) return undefined;
    // Sent without an answer: neither written nor refused; the sync logs it as unknown and fails the run.
    if (outcome.unknown === true) return unknownOutcome(client.redact(`${model} "${uid}": outcome of the ${action} unknown: ${outcome.message}`));
    return softFailure(client.redact(`${model} "${uid}": NetBox refused the ${action}: ${outcome.message}`));
  };
  const payloadOf = (uid: string, fields: Partial<R>, create: boolean): NbWritePayload | HandlerOutcome<R> => {
    try {
      return spec.toPayload(fields, create);
    } catch (error) {
      if (error instanceof UnresolvedReferenceError) {
        const why = adapter.lookups.failures.get(`${error.kind}:${String(error.value)}`);
        return softFailure(client.redact(`${model} "${uid}": ${error.message}${why === undefined ? '' : ` (creating it failed: ${why})`}`));
      }
      throw error;
    }
  };
  const isPayload = (value: NbWritePayload | HandlerOutcome<R>): value is NbWritePayload => value !== undefined && !('failed' in value && value.failed === true);

  return {
    async createMany(inputs: readonly CreateInput<R>[]): Promise<HandlerOutcome<R>[]> {
      const signal = inputs[0]?.signal ?? new AbortController().signal;
      await spec.prepare(inputs.map((input) => input.record), signal);
      const outcomes: HandlerOutcome<R>[] = new Array<HandlerOutcome<R>>(inputs.length);
      let pending = inputs.map((_input, i) => i);
      // Records that need another record of this batch (a parent region) go in a later round.
      while (pending.length > 0) {
        const waiting = new Set(pending.map((i) => (inputs[i] as CreateInput<R>).uid));
        const ready = pending.filter((i) => {
          const before = spec.after?.((inputs[i] as CreateInput<R>).record);
          return before === undefined || before === (inputs[i] as CreateInput<R>).uid || !waiting.has(before);
        });
        if (ready.length === 0) {
          for (const i of pending) outcomes[i] = softFailure(`${model} "${(inputs[i] as CreateInput<R>).uid}": its parent is part of a cycle in this batch`);
          break;
        }
        const sendable: number[] = [];
        const payloads: NbWritePayload[] = [];
        for (const i of ready) {
          const input = inputs[i] as CreateInput<R>;
          const payload = payloadOf(input.uid, input.record, true);
          if (isPayload(payload)) {
            sendable.push(i);
            payloads.push(payload);
          } else outcomes[i] = payload;
        }
        const results = await client.create<NbObject>(spec.endpoint, payloads, signal);
        results.forEach((result, j) => {
          const i = sendable[j] as number;
          const input = inputs[i] as CreateInput<R>;
          if (result.ok && result.result !== undefined) ids.set(input.uid, result.result.id);
          outcomes[i] = refused(input.uid, 'create', result);
        });
        const done = new Set(ready);
        pending = pending.filter((i) => !done.has(i));
      }
      return outcomes;
    },

    async updateMany(inputs: readonly UpdateInput<R>[]): Promise<HandlerOutcome<R>[]> {
      const signal = inputs[0]?.signal ?? new AbortController().signal;
      await spec.prepare(inputs.map((input) => input.changes), signal);
      const outcomes: HandlerOutcome<R>[] = new Array<HandlerOutcome<R>>(inputs.length);
      const sendable: number[] = [];
      const payloads: NbWritePayload[] = [];
      inputs.forEach((input, i) => {
        const id = ids.get(input.uid);
        if (id === undefined) {
          outcomes[i] = softFailure(`${model} "${input.uid}": no NetBox id is known for it (was it deleted in NetBox?)`);
          return;
        }
        const payload = payloadOf(input.uid, input.changes, false);
        if (!isPayload(payload)) outcomes[i] = payload;
        else if (Object.keys(payload).length === 0) outcomes[i] = undefined; // nothing NetBox stores changed
        else {
          sendable.push(i);
          payloads.push({ id, ...payload });
        }
      });
      const results = await client.update<NbObject>(spec.endpoint, payloads, signal);
      results.forEach((result, j) => {
        const i = sendable[j] as number;
        outcomes[i] = refused((inputs[i] as UpdateInput<R>).uid, 'update', result);
      });
      return outcomes;
    },

    async deleteMany(inputs: readonly DeleteInput<R>[]): Promise<HandlerOutcome<R>[]> {
      const signal = inputs[0]?.signal ?? new AbortController().signal;
      const outcomes: HandlerOutcome<R>[] = new Array<HandlerOutcome<R>>(inputs.length);
      const sendable: number[] = [];
      const targets: number[] = [];
      inputs.forEach((input, i) => {
        const id = ids.get(input.uid);
        if (id === undefined) outcomes[i] = undefined; // never in NetBox: nothing to delete
        else {
          sendable.push(i);
          targets.push(id);
        }
      });
      const results = await client.delete(spec.endpoint, targets, signal);
      results.forEach((result, j) => {
        const i = sendable[j] as number;
        const uid = (inputs[i] as DeleteInput<R>).uid;
        if (result.ok) ids.delete(uid);
        outcomes[i] = refused(uid, 'delete', result);
      });
      return outcomes;
    },
  };
}

