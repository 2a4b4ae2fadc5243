// Tests of the __Name__ adapter against the in-memory test server: devices with their interfaces, as the inventory's records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './__fixtures__/test-server.js';
import { create__Name__Adapter } from './index.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe('__Name__Adapter', () => {
  it('loads the devices with their interfaces nested, as inventory records', async () => {
    const adapter = create__Name__Adapter({ baseUrl: server.url, token: server.token });
    await adapter.load();
    expect(adapter.count('device')).toBe(2);
    expect(adapter.count('interface')).toBe(4);
    expect(adapter.get('device', 'ams1-core1')).toMatchObject({ name: 'ams1-core1', site: 'ams1', serial: 'SN-0002', interfaces: ['ams1-core1__et-0/0/0', 'ams1-core1__lo0'] });
    expect(adapter.get('interface', 'ams1-core1__et-0/0/0')).toEqual({ device: 'ams1-core1', name: 'et-0/0/0', type: '100gbase-x-qsfp28', enabled: true, mtu: 9216, description: null, tags: [] });
    expect(server.requests).toEqual(['GET /api/devices/']);
    adapter.client.close();
  });

  it('rejects a wrong token with an error that does not show it', async () => {
    const adapter = create__Name__Adapter({ baseUrl: server.url, token: 'wrong-token-value', http: { retry: false } });
    await expect(adapter.load()).rejects.toThrow(/401/);
    await expect(adapter.load()).rejects.not.toThrow(/wrong-token-value/);
    adapter.client.close();
  });
});
