import { defineJob } from '@ssot/core';
import type { JobDefinition } from '@ssot/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkParameterNames, describeParameters, UnknownParameterError } from '@ssot/core';
import { configInformation, configurationParams, paramsFromForm } from './parameters.js';

const typed = defineJob({
  name: 'params',
  direction: 'data-source',
  source: 'a',
  target: 'b',
  loadSource: () => Promise.reject(new Error('not run')),
  loadTarget: () => Promise.reject(new Error('not run')),
  parameters: z.object({
    name: z.string(),
    count: z.number().int().default(2),
    on: z.boolean().default(false),
    mode: z.enum(['a', 'b']).default('a'),
    tags: z.array(z.string()).optional(),
    password: z.string().default('dont-show-me'),
  }),
  secrets: ['password'],
  configInformation: (p) => ({ Name: p.name, Leak: `pw=${p.password}` }),
});
const job = typed as unknown as JobDefinition;

describe('parameters', () => {
  it('describes a schema, never giving a secret default', () => {
    const info = describeParameters(job);
    expect(info.map((p) => [p.name, p.type, p.required, p.secret])).toEqual([
      ['name', 'string', true, false],
      ['count', 'integer', false, false],
      ['on', 'boolean', false, false],
      ['mode', '"a" | "b"', false, false],
      ['tags', 'array', false, false],
      ['password', 'string', false, true],
    ]);
    expect(info.find((p) => p.name === 'password')).not.toHaveProperty('default');
    expect(info.find((p) => p.name === 'mode')?.enum).toEqual(['a', 'b']);
  });

  it('converts form fields, leaving empty ones out', () => {
    const info = describeParameters(job);
    expect(paramsFromForm(info, { 'param.name': 'x', 'param.count': '5', 'param.on': 'true', 'param.mode': 'b', 'param.tags': '["p","q"]', 'param.password': '' })).toEqual({
      name: 'x',
      count: 5,
      on: true,
      mode: 'b',
      tags: ['p', 'q'],
    });
    expect(paramsFromForm(info, { 'param.on': 'false' })).toEqual({ on: false });
    expect(() => paramsFromForm(info, { 'param.count': 'many' })).toThrow(/"count" must be a number/);
    expect(() => paramsFromForm(info, { 'param.tags': '[' })).toThrow(/"tags" must be JSON/);
  });

  it('passes a field the job does not declare on as given, for runJob to refuse with a did-you-mean (never drops it)', () => {
    const info = describeParameters(job);
    expect(paramsFromForm(info, { 'param.nmae': 'x', 'param.count': '5', csrf: 't', scope: '' })).toEqual({ nmae: 'x', count: 5 });
    expect(() => checkParameterNames(job, paramsFromForm(info, { 'param.nmae': 'x' }))).toThrow(UnknownParameterError);
    expect(() => checkParameterNames(job, paramsFromForm(info, { 'param.nmae': 'x' }))).toThrow('did you mean "name"?');
  });

  it('redacts secret values from configuration information', () => {
    expect(configInformation(job, { name: 'n', password: 'hunter22' })).toEqual({ Name: 'n', Leak: 'pw=[REDACTED]' });
  });

  it('computes the configuration of a job whose required parameter has no default, with a placeholder for it', () => {
    // This was empty: the defaults did not pass the schema, so nothing was shown.
    expect(configurationParams(job, {})).toEqual({ params: { name: '‹name›', count: 2, on: false, mode: 'a', password: 'dont-show-me' }, placeholders: ['name'] });
    expect(configInformation(job, {})).toEqual({ Name: '‹name›', Leak: 'pw=[REDACTED]' });
    // A placeholder the schema refuses (a URL, a number) still shows, with the schema's other defaults.
    const strict = defineJob({
      name: 'strict',
      direction: 'data-source',
      source: 'a',
      target: 'b',
      loadSource: () => Promise.reject(new Error('not run')),
      loadTarget: () => Promise.reject(new Error('not run')),
      parameters: z.object({ url: z.string().url(), retries: z.number().int(), pageSize: z.number().default(50) }),
      configInformation: (p) => ({ API: `${p.url.replace(/\/+$/, '')}/api/`, Retries: String(p.retries), 'Page size': String(p.pageSize) }),
    }) as unknown as JobDefinition;
    expect(configInformation(strict, {})).toEqual({ API: '‹url›/api/', Retries: '‹retries›', 'Page size': '50' });
    expect(configInformation(strict, { url: 'https://x.example/', retries: 3 })).toEqual({ API: 'https://x.example/api/', Retries: '3', 'Page size': '50' });
    // Facts that cannot be computed at all give none, and a missing value shows as such.
    const throwing = defineJob({ ...typed, name: 'throwing', configInformation: () => { throw new Error('no'); } }) as unknown as JobDefinition;
    expect(configInformation(throwing, {})).toEqual({});
    const partial = defineJob({ ...typed, name: 'partial', configInformation: (p) => ({ Tags: p.tags as unknown as string }) }) as unknown as JobDefinition;
    expect(configInformation(partial, { name: 'n' })).toEqual({ Tags: '(not set)' });
  });
});
