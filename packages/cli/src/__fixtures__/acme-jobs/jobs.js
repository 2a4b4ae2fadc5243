// A package that provides one job, installed into the CLI tests' scratch projects.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Adapter, defineJob, defineModel, softFailure } from '@ssot/core';
import { z } from 'zod';

const host = defineModel()({ name: 'host', identifiers: ['name'], attributes: ['ip', 'os'] });
const models = { host };

function adapterFor(name, rows) {
  const adapter = new Adapter({ name, models, topLevel: ['host'] });
  for (const row of rows) adapter.add('host', { ...row });
  return adapter;
}

export const acmeSync = defineJob({
  name: 'acme-sync',
  description: 'Hosts from the ACME CMDB into the state file.',
  direction: 'data-source',
  source: 'acme cmdb',
  target: 'state file',
  parameters: z.object({
    state: z.string().default('state.json'),
    token: z.string().min(8),
    fail: z.enum(['none', 'load', 'write']).default('none'),
    count: z.number().int().min(0).default(3),
    slowMs: z.number().int().min(0).default(0),
    stubborn: z.boolean().default(false),
  }),
  secrets: ['token'],
  lookupObject: (model, uid) => ({ url: `https://cmdb.acme.test/${model}/${uid}` }),
  async loadSource({ params, signal }) {
    if (params.fail === 'load') throw new Error(`CMDB refused token ${params.token}`);
    // A slow source: stops when the run is cancelled, unless stubborn (a loader that ignores its signal).
    if (params.slowMs > 0) {
      if (params.stubborn) await new Promise((resolve) => setTimeout(resolve, params.slowMs));
      else await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, params.slowMs);
        signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
      });
    }
    const rows = Array.from({ length: params.count }, (_, i) => ({ name: `host${i}`, ip: `10.0.0.${i}`, os: 'linux' }));
    return adapterFor('acme cmdb', rows);
  },
  async loadTarget({ params }) {
    const rows = existsSync(params.state) ? JSON.parse(readFileSync(params.state, 'utf8')) : [{ name: 'host0', ip: '10.0.0.99', os: 'linux' }, { name: 'old', ip: '10.9.9.9', os: 'bsd' }];
    const target = adapterFor('state file', rows);
    target.handlers = {
      host: {
        create: () => (params.fail === 'write' ? softFailure(`state file is read-only (token ${params.token})`) : undefined),
      },
    };
    target.syncComplete = async () => {
      await writeFile(params.state, JSON.stringify(target.getAll('host')));
    };
    return target;
  },
});

export const jobs = [acmeSync];
