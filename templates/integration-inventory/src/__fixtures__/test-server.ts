// A small in-memory __Name__ API on node:http for the tests: the devices with their interfaces nested, paged, behind a bearer token.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { __Name__ApiDevice } from '../client.js';

/** A running test server. */
export interface TestServer {
  /** Base URL to give the client (`http://127.0.0.1:<port>/api`). */
  url: string;
  /** The token the server accepts. */
  token: string;
  /** The devices it serves: change this list in tests. */
  devices: __Name__ApiDevice[];
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Two devices at site `ams1`, two interfaces each: what the tests start from. */
export function sampleDevices(): __Name__ApiDevice[] {
  const iface = (name: string, kind: string, mtu: number): __Name__ApiDevice['interfaces'][number] => ({ name, kind, enabled: true, mtu, description: null, tags: [] });
  return [
    { hostname: 'ams1-edge1', site: 'ams1', role: 'edge', platform: 'eos', serial_number: 'SN-0001', asset_tag: null, tags: ['edge'], interfaces: [iface('Ethernet1', '1000base-t', 1500), iface('Loopback0', 'virtual', 65535)] },
    { hostname: 'ams1-core1', site: 'ams1', role: 'core', platform: 'junos', serial_number: 'SN-0002', asset_tag: 'A-17', tags: [], interfaces: [iface('et-0/0/0', '100gbase-x-qsfp28', 9216), iface('lo0', 'virtual', 65535)] },
  ];
}

/**
 * Starts the server on a free port of the loopback interface.
 *
 * @param devices - the devices to serve (default {@link sampleDevices})
 * @returns the running server
 */
export async function startTestServer(devices: __Name__ApiDevice[] = sampleDevices()): Promise<TestServer> {
  const token = 'test-token-0123456789';
  const requests: string[] = [];
  const send = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method ?? 'GET'} ${url.pathname}`);
    if (request.headers.authorization !== `Bearer ${token}`) return send(response, 401, { detail: 'Invalid token.' });
    if (url.pathname !== '/api/devices/') return send(response, 404, { detail: 'Not found.' });
    if (request.method !== 'GET') return send(response, 405, { detail: 'Method not allowed.' });
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return send(response, 200, { count: devices.length, next: null, previous: null, results: devices.slice(offset, offset + limit) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    token,
    devices,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  };
}
