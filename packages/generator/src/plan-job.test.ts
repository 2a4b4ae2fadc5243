// planJob: a new job file wired into jobs.ts, index.ts and the README; idempotent; refusals.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, scratchDir } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { isGeneratorError, type GeneratorErrorCode } from './errors.js';
import { planIntegration } from './plan-integration.js';
import { planJob, type PlanJobOptions } from './plan-job.js';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await scratchDir();
  const plan = await planIntegration({ root, name: 'acme', direction: 'source' });
  await applyPlan(plan);
  dir = plan.dir;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const refusal = async (options: PlanJobOptions): Promise<GeneratorErrorCode | undefined> => {
  try {
    await planJob(options);
  } catch (error) {
    if (isGeneratorError(error)) return error.code;
    throw error;
  }
  return undefined;
};

describe('planJob', () => {
  it('creates the job file and updates jobs.ts, index.ts and the README', async () => {
    const plan = await planJob({ root, integration: 'acme', jobName: 'acme-sites' });
    expect(plan.unchanged).toBe(false);
    expect(plan.files.map((file) => `${file.action} ${relative(dir, file.path)}`)).toEqual(['update README.md', 'update src/index.ts', 'update src/jobs.ts', 'create src/jobs/acme-sites.ts']);
    await applyPlan(plan);
    expect(await readFile(join(dir, 'src/jobs.ts'), 'utf8')).toMatchInlineSnapshot(`
      "// Every job of the Acme integration, in the \`jobs\` list that package.json declares (\`"ssot": { "jobs": "./dist/jobs.js" }\`).
      import { acmeToFile } from './jobs/acme-to-file.js';
      import { acmeSites } from './jobs/acme-sites.js';

      /** Every job of this package (\`ssot jobs\` lists them). */
      export const jobs = [acmeToFile, acmeSites];
      "
    `);
    expect(await readFile(join(dir, 'src/index.ts'), 'utf8')).toContain("export { acmeSites } from './jobs/acme-sites.js';");
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('- `acme-sites`: ');
    const job = await readFile(join(dir, 'src/jobs/acme-sites.ts'), 'utf8');
    expect(job).toContain("name: 'acme-sites'");
    expect(job).toContain('export const acmeSites = defineJob({');
  });

  it('changes nothing the second time', async () => {
    await applyPlan(await planJob({ root, integration: 'acme', jobName: 'acme-sites' }));
    const again = await planJob({ root, integration: 'acme', jobName: 'acme-sites' });
    expect(again).toMatchObject({ unchanged: true, files: [] });
  });

  it('wires an existing job file without overwriting it', async () => {
    await writeFile(join(dir, 'src/jobs/acme-sites.ts'), "// Mine.\nimport { defineJob } from '@ssot/core';\nexport const acmeSites = defineJob({ name: 'acme-sites' } as never);\n");
    const plan = await planJob({ root, integration: dir, jobName: 'acme-sites' });
    expect(plan.files.map((file) => file.action)).toEqual(['update', 'update', 'update']);
  });

  it('refuses an unknown integration, a job name in use and an invalid name', async () => {
    expect(await refusal({ root, integration: 'nope', jobName: 'x' })).toBe('UNKNOWN_INTEGRATION');
    expect(await refusal({ root, integration: 'acme', jobName: 'acme-to-file-2' })).toBeUndefined();
    await writeFile(join(dir, 'src/jobs/other.ts'), "export const x = defineJob({ name: 'taken-name' });\n");
    expect(await refusal({ root, integration: 'acme', jobName: 'taken-name' })).toBe('JOB_EXISTS');
    expect(await refusal({ root, integration: 'acme', jobName: 'Bad Name' })).toBe('INVALID_NAME');
  });

  it('refuses an integration that lacks what the job template imports', async () => {
    expect(await refusal({ root: REPO_ROOT, integration: 'example', jobName: 'example-extra' })).toBe('INCOMPATIBLE_INTEGRATION');
    await rm(join(dir, 'src/parameters.ts'));
    expect(await refusal({ root, integration: 'acme', jobName: 'acme-extra' })).toBe('INCOMPATIBLE_INTEGRATION');
  });
});
