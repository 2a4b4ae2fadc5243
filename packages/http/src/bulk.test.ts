// Tests of bulk writes: batching, ordering, concurrency and partial failures, against a real local server.
import { afterEach, describe, expect, it } from 'vitest';
import { delay, json, startServer } from './__fixtures__/server.js';
import type { Handler, TestServer } from './__fixtures__/server.js';
import { createHttpClient } from './client.js';
import type { HttpClient } from './client.js';
import { HttpError } from './errors.js';

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

async function setup(handler: Handler, concurrency = 3): Promise<{ server: TestServer; client: HttpClient }> {
  const server = await startServer(handler);
  servers.push(server);
  const client = createHttpClient({ baseURL: `${server.url}/api`, concurrency, retry: { minDelayMs: 1, maxDelayMs: 5 } });
  clients.push(client);
  return { server, client };
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

type Item = { name: string };
const items: Item[] = Array.from({ length: 10 }, (_, i) => ({ name: `n${i}` }));

/** Creates the posted objects, numbering them; batches containing `bad` fail with 400. */
const creator: Handler = async (req, res) => {
  const batch = JSON.parse(req.body) as Item[];
  // Later batches answer sooner: results must still come back in item order.
  await delay(batch[0]?.name === 'n0' ? 20 : 2);
  if (batch.some((item) => item.name === 'bad')) json(res, 400, [{ name: ['invalid'] }]);
  else json(res, 201, batch.map((item) => ({ ...item, id: Number(item.name.slice(1)) })));
};

describe('bulk', () => {
  it('splits items into batches and returns results in item order', async () => {
    const { server, client } = await setup(creator);
    const result = await client.bulk<Item, Item & { id: number }>({ path: 'dcim/sites/', items, batchSize: 4 });
    expect(result.ok).toBe(true);
    expect(result.failed).toEqual([]);
    expect(result.results.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.batches.map((b) => [b.index, b.offset, b.items.length, b.status])).toEqual([
      [0, 0, 4, 'ok'],
      [1, 4, 4, 'ok'],
      [2, 8, 2, 'ok'],
    ]);
    expect(server.requests.map((r) => (JSON.parse(r.body) as unknown[]).length).sort()).toEqual([2, 4, 4]);
    expect(server.requests.every((r) => r.method === 'POST')).toBe(true);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('reports which batch failed, with its error and items, and keeps the others', async () => {
    const { client } = await setup(creator);
    const mixed = items.map((item, i) => (i === 5 ? { name: 'bad' } : item));
    const result = await client.bulk<Item, Item & { id: number }>({ method: 'PATCH', path: 'dcim/sites/', items: mixed, batchSize: 4 });
    expect(result.ok).toBe(false);
    expect(result.failed).toHaveLength(1);
    const failed = result.failed[0];
    expect(failed?.index).toBe(1);
    expect(failed?.offset).toBe(4);
    expect(failed?.items).toEqual(mixed.slice(4, 8));
    expect(failed?.error).toBeInstanceOf(HttpError);
    expect((failed?.error as HttpError).status).toBe(400);
    expect(result.results.map((r) => r.id)).toEqual([0, 1, 2, 3, 8, 9]);
  });

  it('stops sending further batches after a failure with stopOnError', async () => {
    const { server, client } = await setup(creator, 1);
    const mixed = items.map((item, i) => (i === 0 ? { name: 'bad' } : item));
    const result = await client.bulk<Item>({ path: 'x/', items: mixed, batchSize: 2, stopOnError: true });
    expect(result.batches.map((b) => b.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(server.requests).toHaveLength(1);
  });

  it('does nothing for an empty list', async () => {
    const { server, client } = await setup(creator);
    expect(await client.bulk({ path: 'x/', items: [] })).toEqual({ ok: true, results: [], batches: [], failed: [] });
    expect(server.requests).toHaveLength(0);
  });
});
