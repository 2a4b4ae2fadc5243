// Plans a new integration package from templates/integration: every file rendered and edited in memory, nothing written.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { GeneratorError } from './errors.js';
import { addTsconfigReference, addTypedocEntryPoint, standalonePackageJson, standaloneTsconfig, type StandaloneVersions } from './json-edits.js';
import { assertKebabName, integrationPackageName, toCamel, toPascal } from './names.js';
import type { GenerationPlan, PlannedFile } from './plan.js';
import { namePlaceholders, renderTemplate, type Placeholders } from './render.js';
import { addIndexExports, addJobToJobsList, addModels, type ModelRef } from './source-edits.js';
import { isInternal, readTemplate } from './templates.js';
import { findWorkspaceRoot, workspacePackageNames } from './workspace.js';

/** Which way the integration's jobs go relative to the source of truth. */
export type IntegrationDirection = 'source' | 'target' | 'both';

/** The directions a command line or caller may ask for. */
export const DIRECTIONS: readonly IntegrationDirection[] = ['source', 'target', 'both'];

/** Options of {@link planIntegration}. */
export interface PlanIntegrationOptions {
  /** The project: a pnpm workspace root (the integration goes to `integrations/<name>`) or any folder (it goes to `<name>`). */
  root: string;
  /** Integration name, kebab-case (`acme-cloud`); the package is `@ssot/integration-<name>`. */
  name: string;
  /** `source` (a job from the system), `target` (a job to it) or `both` (default). */
  direction?: IntegrationDirection;
  /** Model names, kebab-case (default `["item"]`). */
  models?: readonly string[];
  /** Generate for the pnpm workspace at `root` (`workspace:*`/`catalog:` ranges, tsconfig references); default: whether `root` has a `pnpm-workspace.yaml`. */
  workspace?: boolean;
  /** Output folder (default `integrations/<name>` in a workspace, `<name>` outside), relative to `root`. */
  dir?: string;
  /** Templates folder (default: the one shipped with the generator). */
  templatesDir?: string;
}

/** How the README describes each direction (`__direction__`). */
const DIRECTION_LABELS: Readonly<Record<IntegrationDirection, string>> = { source: 'a data source', target: 'a data target', both: 'a data source and target' };

const RESERVED_MODELS = new Set(['models', 'model-names']);

async function ownVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function checkModels(models: readonly string[]): ModelRef[] {
  if (models.length === 0) throw new GeneratorError('INVALID_OPTION', 'No models given.', 'Give at least one model name, e.g. --models device,site.');
  const seen = new Set<string>();
  return models.map((name) => {
    assertKebabName('model', name);
    if (RESERVED_MODELS.has(name)) throw new GeneratorError('INVALID_NAME', `"${name}" cannot name a model: the models file already exports that name.`, 'Choose another model name.');
    if (seen.has(name)) throw new GeneratorError('INVALID_OPTION', `Model "${name}" is given twice.`, 'List each model once.');
    seen.add(name);
    return { name, constName: toCamel(name), typeName: toPascal(name) };
  });
}

/**
 * Plans a new integration: validates the name (npm package-name rules) and options, refuses an
 * existing folder or package, renders `templates/integration`, adds the models and jobs with
 * ts-morph, adds the package to the workspace's typedoc.json and solution tsconfig when they list
 * packages one by one, and returns every file with its content. Nothing is written: pass the
 * plan to `applyPlan`.
 *
 * @param options - root, name, direction, models
 * @returns the plan (the package's files `create`, root lists `update`)
 * @throws GeneratorError `INVALID_NAME`, `INVALID_OPTION` or `INTEGRATION_EXISTS`
 */
export async function planIntegration(options: PlanIntegrationOptions): Promise<GenerationPlan> {
  const root = resolve(options.root);
  const packageName = integrationPackageName(options.name);
  const direction = options.direction ?? 'both';
  if (!DIRECTIONS.includes(direction)) throw new GeneratorError('INVALID_OPTION', `Unknown direction "${String(direction)}".`, `Use one of ${DIRECTIONS.join(', ')}.`);
  const models = checkModels(options.models ?? ['item']);
  const workspace = options.workspace ?? existsSync(join(root, 'pnpm-workspace.yaml'));
  const dir = resolve(root, options.dir ?? (workspace ? join('integrations', options.name) : options.name));
  if (existsSync(dir)) throw new GeneratorError('INTEGRATION_EXISTS', `${dir} already exists.`, 'Choose another name, or delete that folder first if it is a failed attempt.');
  const workspaceRoot = workspace ? root : findWorkspaceRoot(root);
  if (workspaceRoot !== undefined) {
    const existing = (await workspacePackageNames(workspaceRoot)).get(packageName);
    if (existing !== undefined) throw new GeneratorError('INTEGRATION_EXISTS', `The package ${packageName} already exists in ${existing}.`, 'Choose another name.');
  }

  const template = await readTemplate('integration', options.templatesDir);
  const flags = new Set(direction === 'both' ? ['source', 'target'] : [direction]);
  const placeholders: Placeholders = { ...namePlaceholders('name', options.name), __package__: packageName, __direction__: DIRECTION_LABELS[direction] };
  const outputs = new Map<string, string>();
  for (const [path, text] of template.files) {
    if (isInternal(template.manifest, path)) continue;
    const only = template.manifest.directions?.[path];
    if (only !== undefined && !flags.has(only)) continue;
    outputs.set(renderTemplate(path, placeholders), renderTemplate(text, placeholders, flags));
  }
  const edit = (path: string, change: (text: string) => string): void => {
    const text = outputs.get(path);
    if (text === undefined) throw new GeneratorError('TEMPLATE_MISSING', `The integration template has no ${path}.`, 'Restore templates/integration from the generator package.');
    outputs.set(path, change(text));
  };

  // Models: one rendered snippet each, added to models.ts and exported from index.ts.
  const snippet = template.files.get('model.ts.tpl');
  if (snippet === undefined) throw new GeneratorError('TEMPLATE_MISSING', 'The integration template has no model.ts.tpl.', 'Restore templates/integration from the generator package.');
  const snippets = models.map((model) => renderTemplate(snippet, { ...placeholders, ...namePlaceholders('model', model.name) }));
  edit('src/models.ts', (text) => addModels(text, `${toPascal(options.name)}Data`, models, snippets));
  edit('src/index.ts', (text) => addIndexExports(text, './models.js', models.map((model) => model.constName)));
  edit('src/index.ts', (text) => addIndexExports(text, './models.js', models.map((model) => model.typeName), true));

  // Jobs: one per direction, wired into jobs.ts and index.ts.
  for (const flag of ['source', 'target']) {
    const job = template.manifest.jobs?.[flag];
    if (job === undefined || !flags.has(flag)) continue;
    const jobName = renderTemplate(job, placeholders);
    const ref = { exportName: toCamel(jobName), module: `./jobs/${jobName}.js` };
    edit('src/jobs.ts', (text) => addJobToJobsList(text, ref));
    edit('src/index.ts', (text) => addIndexExports(text, ref.module, [ref.exportName]));
  }

  if (!workspace) {
    const versions = JSON.parse(template.files.get('standalone/versions.json') ?? '{"dependencies":{},"devDependencies":{}}') as StandaloneVersions;
    const version = await ownVersion();
    edit('package.json', (text) => standalonePackageJson(text, version, versions));
    edit('tsconfig.json', standaloneTsconfig);
    edit('tsconfig.test.json', standaloneTsconfig);
    const base = template.files.get('standalone/tsconfig.base.json');
    if (base !== undefined) outputs.set('tsconfig.base.json', base);
  }

  const files: PlannedFile[] = [...outputs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({ path: join(dir, path), content, action: 'create' }));
  // The workspace's own lists, where it keeps explicit ones (a glob such as `integrations/*` already covers the package).
  if (workspace) {
    const inRoot = relative(root, dir).split(sep).join('/');
    for (const [file, change] of [
      ['typedoc.json', (text: string) => addTypedocEntryPoint(text, inRoot)],
      ['tsconfig.json', (text: string) => addTsconfigReference(text, inRoot)],
    ] as const) {
      const path = join(root, file);
      if (!existsSync(path)) continue;
      const before = await readFile(path, 'utf8');
      const after = change(before);
      if (after !== before) files.push({ path, content: after, action: 'update' });
    }
  }
  const where = relative(process.cwd(), dir) || '.';
  return {
    files,
    dir,
    unchanged: false,
    nextSteps: workspace
      ? ['pnpm install', `pnpm --filter ${packageName} build`, `pnpm --filter ${packageName} test`, `fill in what ${where}/README.md lists under "What to fill in"`]
      : [`cd ${where}`, 'npm install', 'npm run build', 'npm test', 'fill in what README.md lists under "What to fill in"'],
  };
}
