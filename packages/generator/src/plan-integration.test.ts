// planIntegration: the generated file tree (snapshot), workspace and standalone variants, and refusals before anything is written.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
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

/** Type errors of modules that import `defineModel` from '@ssot/core' (replaced by a stand-in with the same shape). */
function compileErrors(files: Record<string, string>): string[] {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ScriptTarget.ES2022, module: ModuleKind.ESNext, moduleResolution: ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [], noEmit: true } });
  project.createSourceFile('/src/core.ts', 'export declare function defineModel<T>(): <const S extends { name: string }>(spec: S) => S & { readonly record?: T };\n');
  for (const [name, text] of Object.entries(files)) project.createSourceFile(`/src/${name}`, text.replaceAll("from '@ssot/core'", "from './core.js'"));
  return project.getPreEmitDiagnostics().map((diagnostic) => `${diagnostic.getSourceFile()?.getBaseName() ?? ''}: ${String(diagnostic.getMessageText())}`);
}

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

  it.each<[string, PlanIntegrationOptions]>([
    ['file', { root: REPO_ROOT, name: 'acme-cloud', direction: 'both', models: ['device'] }],
    ['inventory', { root: REPO_ROOT, name: 'acme-cloud', template: 'inventory' }],
  ])('leaves no placeholder behind (%s template)', async (_template, options) => {
    const plan = await planIntegration(options);
    const withoutFolders = (text: string): string => text.replaceAll('__fixtures__', 'fixtures').replaceAll('__snapshots__', 'snapshots');
    for (const file of plan.files) {
      expect(withoutFolders(file.path)).not.toMatch(/__\w+__/);
      expect(withoutFolders(file.content), file.path).not.toMatch(/__[A-Za-z_]+__|<!-- if:/);
    }
  });

  it('ships dist without its build info and the sources the source maps point at, without tests (the repository packages\' `files`)', async () => {
    const inventoryPackage = JSON.parse(await readFile(join(REPO_ROOT, 'packages', 'inventory', 'package.json'), 'utf8')) as { files: string[] };
    for (const template of ['file', 'inventory'] as const) {
      const files = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', template }));
      expect(JSON.parse(files['package.json'] ?? '{}').files).toEqual(inventoryPackage.files);
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
    ['two models with the same TypeScript name', { root: REPO_ROOT, name: 'acme', models: ['ip-address', 'ip_address'] }, 'INVALID_OPTION'],
    ['an unknown template', { root: REPO_ROOT, name: 'acme', template: 'spreadsheet' as 'file' }, 'INVALID_OPTION'],
    ['a direction the template does not have', { root: REPO_ROOT, name: 'acme', template: 'inventory', direction: 'target' }, 'INVALID_OPTION'],
    ['other models than the template brings', { root: REPO_ROOT, name: 'acme', template: 'inventory', models: ['site', 'device'] }, 'INVALID_OPTION'],
  ])('refuses %s before anything is written', async (_label, options, code) => {
    expect(await refusal(options)).toBe(code);
    expect(existsSync(join(REPO_ROOT, 'integrations', 'acme'))).toBe(false);
  });
});

describe('the inventory template', () => {
  it('plans a data-source integration into the MongoDB inventory, on the inventory\'s own models', async () => {
    const plan = await planIntegration({ root: REPO_ROOT, name: 'acme', template: 'inventory' });
    const files = tree(plan);
    expect(Object.keys(files)).toMatchInlineSnapshot(`
      [
        "package.json",
        "README.md",
        "src/__fixtures__/test-server.ts",
        "src/adapter.test.ts",
        "src/adapter.ts",
        "src/client.ts",
        "src/index.ts",
        "src/jobs.test.ts",
        "src/jobs.ts",
        "src/jobs/acme-to-inventory.ts",
        "src/models.ts",
        "src/options.ts",
        "src/parameters.ts",
        "src/scope.ts",
        "tsconfig.json",
        "tsconfig.test.json",
        "typedoc.json",
        "vitest.config.ts",
      ]
    `);
    expect(JSON.parse(files['package.json'] ?? '{}')).toMatchObject({
      dependencies: { '@ssot/core': 'workspace:*', '@ssot/http': 'workspace:*', '@ssot/inventory': 'workspace:*', zod: 'catalog:' },
      devDependencies: { '@ssot/mongo-test-server': 'workspace:*', '@ssot/mongoose': 'workspace:*', mongoose: 'catalog:' },
      peerDependencies: { mongoose: '^9.0.0' },
    });
    expect(JSON.parse(files['tsconfig.json'] ?? '{}').references).toEqual([{ path: '../../packages/core' }, { path: '../../packages/http' }, { path: '../../packages/inventory' }]);
    expect(files['src/models.ts']).toContain("import { inventoryModels, type InventoryModels } from '@ssot/inventory';");
    expect(files['src/jobs.ts']).toContain('export const jobs = [acmeToInventory];');
    expect(files['vitest.config.ts']).toContain("globalSetup: ['@ssot/mongo-test-server/vitest-global-setup']");
    expect(files['README.md']).toContain('- `acme-to-inventory` (data source)');
  });

  it('takes --models device,interface (the inventory\'s names, in any order) and --direction source', async () => {
    const plain = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', template: 'inventory' }));
    expect(tree(await planIntegration({ root: REPO_ROOT, name: 'acme', template: 'inventory', direction: 'source', models: ['interface', 'device'] }))).toEqual(plain);
  });

  it('uses real version ranges outside a workspace', async () => {
    const root = await scratchDir();
    scratch.push(root);
    const files = tree(await planIntegration({ root, name: 'acme', template: 'inventory' }));
    expect(JSON.parse(files['package.json'] ?? '{}')).toMatchObject({
      dependencies: { '@ssot/core': '^0.1.0', '@ssot/inventory': '^0.1.0', zod: '^4.1.0' },
      devDependencies: { '@ssot/mongo-test-server': '^0.1.0', mongoose: '^9.0.0', typescript: '~5.9.3' },
    });
    expect(JSON.parse(files['tsconfig.json'] ?? '{}').references).toBeUndefined();
    expect(files['tsconfig.base.json']).toContain('"strict": true');
  });
});

describe('model names that are reserved words in JavaScript', () => {
  it('keeps the name `interface` (what the other side matches it by) and names its variable interfaceModel', async () => {
    const files = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', models: ['device', 'interface'] }));
    expect(files['src/models.ts']).toMatchInlineSnapshot(`
      "// Models of the Acme integration: one per kind of record it syncs (one model snippet per \`--models\` entry).
      import { defineModel } from '@ssot/core';

      /** One device record of Acme. Add the fields the system has; keep the identifiers stable. */
      export interface Device {
        /** Name (identifier). */
        name: string;
        /** Free text; replace with the real attributes. */
        description: string;
      }

      /** The device model. */
      export const device = defineModel<Device>()({ name: 'device', identifiers: ['name'], attributes: ['description'] });

      /** One interface record of Acme. Add the fields the system has; keep the identifiers stable. */
      export interface Interface {
        /** Name (identifier). */
        name: string;
        /** Free text; replace with the real attributes. */
        description: string;
      }

      /** The interface model. */
      export const interfaceModel = defineModel<Interface>()({ name: 'interface', identifiers: ['name'], attributes: ['description'] });

      /** Every model of Acme, keyed by model name. */
      export const models = {
        /** The device model. */
        device,
        /** The interface model. */
        interface: interfaceModel,
      };

      /** The Acme model map. */
      export type AcmeModels = typeof models;

      /** Name of a Acme model. */
      export type AcmeModelName = keyof AcmeModels & string;

      /** The records of one side, one list per model: what the API lists and what a JSON file holds. */
      export interface AcmeData {
        /** The device records. */
        device: Device[];
        /** The interface records. */
        interface: Interface[];
      }

      /** The model names, in the order they are loaded and synced. */
      export const modelNames = Object.keys(models) as AcmeModelName[];
      "
    `);
    expect(files['src/index.ts']).toMatchInlineSnapshot(`
      "// Public entry of @ssot/integration-acme: models, client, adapters, parameters and jobs.
      export { createAcmeAdapter, AcmeAdapter } from './adapter.js';
      export { AcmeClient } from './client.js';
      export type { AcmeRecord } from './client.js';
      export { createAcmeFileAdapter, AcmeFileAdapter } from './file-adapter.js';
      export type { AcmeFileAdapterOptions } from './file-adapter.js';
      export { jobs } from './jobs.js';
      export { acmeToFile } from './jobs/acme-to-file.js';
      export { fileToAcme } from './jobs/file-to-acme.js';
      export { device, interfaceModel, modelNames, models } from './models.js';
      export type { AcmeData, AcmeModelName, AcmeModels, Device, Interface } from './models.js';
      export type { AcmeAdapterOptions } from './options.js';
      export { acmeParameters } from './parameters.js';
      export type { AcmeParameters } from './parameters.js';
      "
    `);
  });

  it.each(['class', 'default', 'delete', 'function', 'let', 'models', 'jobs'])('accepts %j: the model keeps its name, its variable gets another', async (name) => {
    const files = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', models: [name] }));
    expect(files['src/models.ts']).toContain(`export const ${name}Model = defineModel<`);
    expect(files['src/models.ts']).toContain(`({ name: '${name}', identifiers: ['name']`);
    expect(files['src/models.ts']).toContain(`  ${name}: ${name}Model,\n`);
    expect(files['src/index.ts']).toMatch(new RegExp(`export \\{ [^}]*\\b${name}Model\\b[^}]* \\} from './models.js';`));
  });

  it('generates a models file that compiles for every reserved word', async () => {
    const reserved = ['arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'undefined'];
    const files = tree(await planIntegration({ root: REPO_ROOT, name: 'acme', models: reserved }));
    expect(compileErrors({ 'models.ts': files['src/models.ts'] ?? '' })).toEqual([]);
  }, 30_000);
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
