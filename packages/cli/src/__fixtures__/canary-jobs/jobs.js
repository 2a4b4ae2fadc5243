// A job that handles secrets the way a real integration does (a CMDB URL with credentials, a token
// and an API key), installed into the secret canary test's scratch project. It writes SHA-256
// hashes of the values it received to proof/<runId>.json, so the test can check the secrets
// really reached it without the values being written anywhere.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Adapter, defineJob, defineModel, softFailure } from '@ssot/core';
import { z } from 'zod';

const host = defineModel()({ name: 'host', identifiers: ['name'], attributes: ['ip', 'os'] });
const models = { host };
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function adapterFor(name, rows) {
  const adapter = new Adapter({ name, models, topLevel: ['host'] });
  for (const row of rows) adapter.add('host', { ...row });
  return adapter;
}

export const canarySync = defineJob({
  name: 'canary-sync',
  description: 'Hosts from a CMDB that needs credentials into the state file.',
  direction: 'data-source',
  source: 'canary cmdb',
  target: 'state file',
  parameters: z.object({
    url: z.string().url(),
    token: z.string().min(8),
    apiKey: z.string().min(8),
    state: z.string().default('state.json'),
    fail: z.enum(['none', 'load', 'write']).default('none'),
  }),
  secrets: ['token', 'apiKey'],
  configInformation: (params) => ({ CMDB: params.url }),
  // Links to the CMDB's record: the base URL (without its query) plus the record's path.
  lookupObject: (model, uid, params) => ({ url: `${String(params.url).split('?')[0]}${model}/${uid}`, label: `${model} ${uid}` }),
  async loadSource({ params, logger, runId }) {
    const url = new URL(params.url);
    mkdirSync('proof', { recursive: true });
    writeFileSync(
      `proof/${runId}.json`,
      JSON.stringify({ password: sha256(decodeURIComponent(url.password)), queryToken: sha256(url.searchParams.get('token') ?? ''), token: sha256(params.token), apiKey: sha256(params.apiKey) }),
    );
    logger.info({ url: params.url }, `Loading hosts from ${params.url}`);
    logger.debug({ request: { url: params.url, headers: { Authorization: `Bearer ${params.token}`, 'X-API-Key': params.apiKey } } }, `GET ${params.url} with token ${params.token} and key ${params.apiKey}`);
    if (params.fail === 'load') throw new Error(`refused token ${params.token} (key ${params.apiKey}) at ${params.url}`);
    return adapterFor('canary cmdb', [
      { name: 'host0', ip: '10.0.0.1', os: 'linux' },
      { name: 'host1', ip: '10.0.0.2', os: 'linux' },
      { name: 'host2', ip: '10.0.0.3', os: 'linux' },
    ]);
  },
  async loadTarget({ params }) {
    const rows = existsSync(params.state) ? JSON.parse(readFileSync(params.state, 'utf8')) : [{ name: 'host0', ip: '10.0.0.99', os: 'linux' }];
    const target = adapterFor('state file', rows);
    target.handlers = {
      host: {
        create: () => (params.fail === 'write' ? softFailure(`CMDB refused the write with token ${params.token} and key ${params.apiKey} (${params.url})`) : undefined),
      },
    };
    target.syncComplete = async () => {
      await writeFile(params.state, JSON.stringify(target.getAll('host')));
    };
    return target;
  },
});

export const jobs = [canarySync];
