import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter } from '../__fixtures__/small.js';
import { defineJob } from './job.js';
import { ParameterReferenceError, resolveParameterReferences } from './parameter-references.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';

const TOKEN = 'tok-from-env-77ab91';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssot-refs-'));
  await writeFile(join(dir, 'token'), `${TOKEN}\n`);
  await writeFile(join(dir, 'empty'), '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveParameterReferences', () => {
  it('reads env: from the environment and file: from a file (one trailing newline removed); other values pass through', async () => {
    const { params, references } = await resolveParameterReferences({ token: 'env:ACME_TOKEN', key: 'file:token', url: 'https://x.example', count: 3 }, { env: { ACME_TOKEN: TOKEN }, cwd: dir });
    expect(params).toEqual({ token: TOKEN, key: TOKEN, url: 'https://x.example', count: 3 });
    expect(references).toEqual([
      { name: 'token', reference: 'env:ACME_TOKEN', value: TOKEN },
      { name: 'key', reference: 'file:token', value: TOKEN },
    ]);
  });

  it('refuses an unset or empty variable, a bad variable name, a missing or empty file: never an empty value', async () => {
    await expect(resolveParameterReferences({ token: 'env:MISSING_TOKEN' }, { env: {} })).rejects.toThrow(new ParameterReferenceError('token', 'the environment variable MISSING_TOKEN is not set (or empty).'));
    await expect(resolveParameterReferences({ token: 'env:EMPTY' }, { env: { EMPTY: '' } })).rejects.toThrow(/EMPTY is not set/);
    await expect(resolveParameterReferences({ token: 'env:A-B' }, { env: {} })).rejects.toThrow(/does not name an environment variable/);
    await expect(resolveParameterReferences({ token: 'file:nope' }, { cwd: dir })).rejects.toThrow(`Parameter "token": cannot read ${join(dir, 'nope')} (ENOENT).`);
    await expect(resolveParameterReferences({ token: 'file:empty' }, { cwd: dir })).rejects.toThrow(/is empty/);
  });

  it('refuses every reference when sources is false (parameters from a web form must not read server files)', async () => {
    await expect(resolveParameterReferences({ token: 'file:/etc/hostname' }, false)).rejects.toThrow('Parameter "token": "file:" references are not accepted here; give the value itself.');
    expect((await resolveParameterReferences({ url: 'https://x.example' }, false)).params).toEqual({ url: 'https://x.example' });
  });
});

describe('runJob with parameter references', () => {
  const job = defineJob({
    name: 'refs',
    direction: 'data-source',
    source: 'a',
    target: 'b',
    parameters: z.object({ token: z.string().min(8), apiKey: z.string() }),
    secrets: ['token'],
    async loadSource(context) {
      context.logger.info(`connecting with ${context.params.token} and ${context.params.apiKey}`);
      return makeAdapter('a', baseData);
    },
    async loadTarget() {
      return makeAdapter('b', baseData);
    },
  });

  it('runs with the resolved values, records the references, and logs neither value', async () => {
    const lines: string[] = [];
    const capture = (obj: object | string, msg?: string): void => void lines.push(JSON.stringify([obj, msg]));
    const recorder = new MemoryRecorder();
    const record = await runJob(job, {
      params: { token: 'env:REFS_TOKEN', apiKey: 'file:token' },
      referenceSources: { env: { REFS_TOKEN: 'secret-token-value' }, cwd: dir },
      recorder,
      logger: { debug: capture, info: capture, warn: capture, error: capture },
    });
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('succeeded');
    // Parameters given by reference keep the reference, never the value (secret or not): a plan can be applied with it later.
    expect(record.parameters).toEqual({ token: 'env:REFS_TOKEN', apiKey: 'file:token' });
    const logged = lines.join('\n');
    expect(logged).toContain('connecting with [REDACTED] and [REDACTED]');
    expect(logged).not.toContain('secret-token-value');
    expect(logged).not.toContain(TOKEN);
    expect(JSON.stringify(recorder.get(record.id))).not.toContain(TOKEN);
  });

  it('refuses an unresolvable reference before anything is recorded', async () => {
    const recorder = new MemoryRecorder();
    await expect(runJob(job, { params: { token: 'env:REFS_UNSET', apiKey: 'x' }, referenceSources: { env: {} }, recorder })).rejects.toThrow(ParameterReferenceError);
    expect(recorder.list()).toEqual([]);
  });
});
