// planIntegration: the generated file tree (snapshot), workspace and standalone variants, and refusals before anything is written.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, scratchDir } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { conventionViolations } from './convention.js';
import { isGeneratorError, type GeneratorErrorCode } from './errors.js';
import type { GenerationPlan } from './plan.js';
import { planIntegration, type PlanIntegrationOptions } from './plan-integration.js';

const tree = (plan: GenerationPlan): Record<string, string> => Object.fromEntries(plan.files.map((file) => [relative(plan.dir, file.path), file.content]));

const refusal = async (options: PlanIntegrationOptions): Promise<GeneratorErrorCode | undefined> => {
  try {
    await planIntegration(options);
  } catch (error) {
    if (isGeneratorError(error)) return error.code;
    throw error;
  }
  return undefined;
};

const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('planIntegration in the workspace', () => {
  it('plans the house layout under integrations/<name>, in memory only', async () => {
    const plan = await planIntegration({ root: REPO_ROOT, name: 'acme', models: ['site', 'ip-address'] });
    expect(plan.dir).toBe(join(REPO_ROOT, 'integrations', 'acme'));
    expect(existsSync(plan.dir)).toBe(false);
    expect(plan.files.every((file) => file.action === 'create')).toBe(true);
    expect(Object.keys(tree(plan))).toMatchInlineSnapshot(`
      [
        "package.json",
        "README.md",
        "src/__fixtures__/test-server.ts",
        "src/adapter.test.ts",
        "src/adapter.ts",
        "src/client.ts",
        "src/file-adapter.ts",
        "src/index.ts",
        "src/jobs.ts",
        "src/jobs/acme-to-file.ts",
        "src/jobs/file-to-acme.ts",
        "src/models.ts",
        "src/options.ts",
        "src/parameters.ts",
        "tsconfig.json",
        "tsconfig.test.json",
        "typedoc.json",
      ]
    `);
    expect(tree(plan)).toMatchSnapshot();
  });

  it('leaves no placeholder behind', async () => {
    const plan = await planIntegration({ root: REPO_ROOT, name: 'acme-cloud', direction: 'both', models: ['device'] });
    for (const file of plan.files) {
      expect(file.path.replaceAll('__fixtures__', 'fixtures')).not.toMatch(/__\w+__/);
      expect(file.content.replaceAll('__fixtures__', 'fixtures'), file.path).not.toMatch(/__[A-Za-z_]+__|<!-- if:/);
    }
  });

  it('brings one job per direction', async () => {
    const jobsOf = async (direction: 'source' | 'target'): Promise<string[]> =>
      Object.keys(tree(await planIntegration({ root: REPO_ROOT, name: 'acme', direction }))).filter((path) => path.startsWith('src/jobs/'));
    expect(await jobsOf('source')).toEqual(['src/jobs/acme-to-file.ts']);
    expect(await jobsOf('target')).toEqual(['src/jobs/file-to-acme.ts']);
    const readme = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', direction: 'target' }))['README.md'];
    expect(readme).toContain('`file-to-acme`');
    expect(readme).not.toContain('`acme-to-file`');
  });

  it('uses workspace ranges and tsconfig references', async () => {
    const files = tree(await planIntegration({ root: REPO_ROOT, name: 'acme' }));
    expect(JSON.parse(files['package.json'] ?? '{}')).toMatchObject({ dependencies: { '@ssot/core': 'workspace:*', '@ssot/http': 'workspace:*', zod: 'catalog:' } });
    expect(JSON.parse(files['tsconfig.json'] ?? '{}')).toMatchObject({ extends: '../../tsconfig.base.json', references: [{ path: '../../packages/core' }, { path: '../../packages/http' }] });
  });

  it.each<[string, PlanIntegrationOptions, GeneratorErrorCode]>([
    ['an invalid package name', { root: REPO_ROOT, name: 'Acme' }, 'INVALID_NAME'],
    ['an existing integration', { root: REPO_ROOT, name: 'example' }, 'INTEGRATION_EXISTS'],
    ['an unknown direction', { root: REPO_ROOT, name: 'acme', direction: 'sideways' as 'source' }, 'INVALID_OPTION'],
    ['a duplicate model', { root: REPO_ROOT, name: 'acme', models: ['site', 'site'] }, 'INVALID_OPTION'],
    ['no models', { root: REPO_ROOT, name: 'acme', models: [] }, 'INVALID_OPTION'],
    ['an invalid model name', { root: REPO_ROOT, name: 'acme', models: ['IP address'] }, 'INVALID_NAME'],
    ['a model named like the models map', { root: REPO_ROOT, name: 'acme', models: ['models'] }, 'INVALID_NAME'],
  ])('refuses %s before anything is written', async (_label, options, code) => {
    expect(await refusal(options)).toBe(code);
    expect(existsSync(join(REPO_ROOT, 'integrations', 'acme'))).toBe(false);
  });
});

describe('planIntegration outside a workspace', () => {
  it('uses real version ranges, its own tsconfig base and no references', async () => {
    const root = await scratchDir();
    scratch.push(root);
    const plan = await planIntegration({ root, name: 'acme' });
    const files = tree(plan);
    expect(plan.dir).toBe(join(root, 'acme'));
    expect(JSON.parse(files['package.json'] ?? '{}')).toMatchObject({ dependencies: { '@ssot/core': '^0.1.0', '@ssot/http': '^0.1.0', zod: '^4.1.0' }, devDependencies: { typescript: '~5.9.3' } });
    const tsconfig = JSON.parse(files['tsconfig.json'] ?? '{}') as Record<string, unknown>;
    expect(tsconfig.extends).toBe('./tsconfig.base.json');
    expect(tsconfig.references).toBeUndefined();
    expect(files['tsconfig.base.json']).toContain('"strict": true');
  });

  it('writes a package that follows the convention; a second run is refused and changes nothing', async () => {
    const root = await scratchDir();
    scratch.push(root);
    const plan = await planIntegration({ root, name: 'acme', models: ['site'] });
    await applyPlan(plan);
    expect(await conventionViolations(plan.dir)).toEqual([]);
    const before = await readdir(plan.dir, { recursive: true });
    expect(await refusal({ root, name: 'acme' })).toBe('INTEGRATION_EXISTS');
    expect(await readdir(plan.dir, { recursive: true })).toEqual(before);
  });
});

describe('planIntegration in a workspace that lists packages one by one', () => {
  it('adds the package to the root typedoc.json and solution tsconfig, in the same plan', async () => {
    const root = await scratchDir();
    scratch.push(root);
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - integrations/*\n');
    await writeFile(join(root, 'typedoc.json'), '{ "entryPoints": ["packages/core"] }');
    await writeFile(join(root, 'tsconfig.json'), '{ "files": [], "references": [{ "path": "packages/core" }] }');
    const plan = await planIntegration({ root, name: 'acme' });
    expect(plan.files.filter((file) => file.action === 'update').map((file) => relative(root, file.path))).toEqual(['typedoc.json', 'tsconfig.json']);
    await applyPlan(plan);
    expect(JSON.parse(await readFile(join(root, 'typedoc.json'), 'utf8'))).toEqual({ entryPoints: ['packages/core', 'integrations/acme'] });
    expect(JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8')).references).toEqual([{ path: 'packages/core' }, { path: 'integrations/acme' }]);
  });
});
