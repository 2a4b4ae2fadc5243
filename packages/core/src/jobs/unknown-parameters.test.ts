// Strict parameter names: a typo is refused with a did-you-mean before anything runs, never dropped.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseData, makeAdapter } from '../__fixtures__/small.js';
import { defineJob } from './job.js';
import { runJob } from './run-job.js';
import { MemoryRecorder } from './sync-record.js';
import { checkParameterNames, UnknownParameterError } from './unknown-parameters.js';

let loads = 0;
const job = defineJob({
  name: 'files-to-controller',
  direction: 'data-target',
  source: 'files',
  target: 'controller',
  parameters: z.object({ source: z.string().default('bundled-sample.yaml'), dryRunLimit: z.number().default(5), token: z.string().optional() }),
  async loadSource() {
    loads += 1;
    return makeAdapter('files', baseData);
  },
  loadTarget: async () => makeAdapter('controller', baseData),
});

describe('unknown parameter names', () => {
  it('a misspelt name is a usage error with the name it most likely meant, and nothing runs or is recorded', async () => {
    const recorder = new MemoryRecorder();
    const error = await runJob(job, { params: { sorce: 'mine.yaml' }, recorder }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownParameterError);
    expect(error).toMatchObject({ code: 'UNKNOWN_PARAMETER', field: 'sorce', suggestion: 'source' });
    expect((error as Error).message).toBe('Job "files-to-controller": parameter "sorce" is not a parameter of this job: did you mean "source"?');
    expect(recorder.list()).toEqual([]);
    expect(loads).toBe(0);
  });

  it('suggests across case and small slips, and lists the parameters when nothing is close', () => {
    expect(() => checkParameterNames(job, { DryRunLimit: 3 })).toThrow(/did you mean "dryRunLimit"\?/);
    expect(() => checkParameterNames(job, { tokne: 'x' })).toThrow(/did you mean "token"\?/);
    expect(() => checkParameterNames(job, { mongodbUri: 'x' })).toThrow(/it takes: source, dryRunLimit, token\.$/);
    expect(() => checkParameterNames(job, { source: 'a', token: 'b' })).not.toThrow();
  });

  it('a schema that is not an object is left to decide by itself', () => {
    const loose = defineJob({
      name: 'loose',
      direction: 'data-target',
      source: 'files',
      target: 'controller',
      parameters: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]),
      loadSource: async () => makeAdapter('files', baseData),
      loadTarget: async () => makeAdapter('controller', baseData),
    });
    expect(() => checkParameterNames(loose, { anything: 1 })).not.toThrow();
  });
});
