import { z } from 'zod';
import { z as z3 } from 'zod3';
import { describe, expect, it } from 'vitest';
import { Adapter } from '../adapter.js';
import { SsotError } from '../errors.js';
import { describeParameters } from './describe-parameters.js';
import { defineJob } from './job.js';

const loaders = { loadSource: async () => new Adapter({ name: 'a', models: {}, topLevel: [] }), loadTarget: async () => new Adapter({ name: 'b', models: {}, topLevel: [] }) };
const base = { name: 'zod-check', direction: 'data-source' as const, source: 'a', target: 'b', ...loaders };

describe('zod version of job parameters', () => {
  it('accepts zod 4 schemas and describes them', () => {
    const job = defineJob({ ...base, parameters: z.object({ file: z.string(), count: z.number().default(2) }) });
    expect(describeParameters(job).map((p) => p.name)).toEqual(['file', 'count']);
  });

  it('refuses a zod 3 schema loudly instead of showing "no parameters"', () => {
    const zod3Schema = z3.object({ file: z3.string() });
    const define = (): unknown => defineJob({ ...base, parameters: zod3Schema as never });
    expect(define).toThrow(SsotError);
    expect(define).toThrow('Job "zod-check": parameters is a zod 3 schema; @ssot/core needs a zod 4 schema (zod ^4.1.0).');
    expect(() => describeParameters({ name: 'plain', parameters: zod3Schema as never })).toThrow(/Job "plain": parameters is a zod 3 schema/);
  });

  it('refuses parameters that are not a schema at all', () => {
    expect(() => defineJob({ ...base, parameters: { file: 'x' } as never })).toThrow(/parameters is not a zod schema \(object\)/);
    expect(() => defineJob({ ...base, parameters: undefined as never })).toThrow(/parameters is not a zod schema \(undefined\)/);
  });
});
