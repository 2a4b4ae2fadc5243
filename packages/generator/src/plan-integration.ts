// Plans a new integration package from a template (templates/integration or templates/integration-inventory): every file rendered and edited in memory, nothing written.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { GeneratorError } from './errors.js';
import { addTsconfigReference, addTypedocEntryPoint, standalonePackageJson, standaloneTsconfig, type StandaloneVersions } from './json-edits.js';
import { modelRefs } from './model-refs.js';
import { assertModelName, integrationPackageName, toCamel, toPascal } from './names.js';
import type { GenerationPlan, PlannedFile } from './plan.js';
import { namePlaceholders, renderTemplate, type Placeholders } from './render.js';
import { addIndexExports, addJobToJobsList, addModels, exportedNames, importedNames } from './source-edits.js';
import { isInternal, readTemplate, type TemplateKind, type TemplateManifest } from './templates.js';
import { findWorkspaceRoot, workspacePackageNames } from './workspace.js';

/** Which way the integration's jobs go relative to the source of truth. */
export type IntegrationDirection = 'source' | 'target' | 'both';

/** The directions a command line or caller may ask for. */
export const DIRECTIONS: readonly IntegrationDirection[] = ['source', 'target', 'both'];

/**
 * What the other side of the integration's jobs is: `file`, a JSON file standing for your source
 * of truth (jobs both ways, one model per `--models` entry); `inventory`, the MongoDB inventory of
 * `@ssot/inventory` (a data-source job into it, on the inventory's own device and interface models).
 */
export type IntegrationTemplate = 'file' | 'inventory';

/** The integration templates a command line or caller may ask for. */
export const INTEGRATION_TEMPLATES: readonly IntegrationTemplate[] = ['file', 'inventory'];

const TEMPLATE_FOLDERS: Readonly<Record<IntegrationTemplate, TemplateKind>> = { file: 'integration', inventory: 'integration-inventory' };

/** Options of {@link planIntegration}. */
export interface PlanIntegrationOptions {
  /** The project: a pnpm workspace root (the integration goes to `integrations/<name>`) or any folder (it goes to `<name>`). */
  root: string;
  /** Integration name, kebab-case (`acme-cloud`); the package is `@ssot/integration-<name>`. */
  name: string;
  /** The other side of the jobs: `file` (default) or `inventory`. */
  template?: IntegrationTemplate;
  /** `source` (a job from the system), `target` (a job to it) or `both`; default: every direction the template has (`both` for `file`, `source` for `inventory`). */
  direction?: IntegrationDirection;
  /**
   * Model names: lower-case, words joined by `-` or `_`; reserved words such as `interface` are
   * fine (default `["item"]`). The `inventory` template brings the inventory's `device` and
   * `interface` models and takes no others.
   */
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

async function ownVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The direction asked for, checked against the jobs the template has (the default: all of them). */
function directionOf(template: IntegrationTemplate, manifest: TemplateManifest, asked: IntegrationDirection | undefined): IntegrationDirection {
  const available = (['source', 'target'] as const).filter((flag) => manifest.jobs?.[flag] !== undefined);
  const all: IntegrationDirection = available.length === 2 ? 'both' : (available[0] ?? 'both');
  const direction = asked ?? all;
  if (!DIRECTIONS.includes(direction)) throw new GeneratorError('INVALID_OPTION', `Unknown direction "${String(direction)}".`, `Use one of ${DIRECTIONS.join(', ')}.`);
  const wanted = direction === 'both' ? ['source', 'target'] : [direction];
  if (wanted.some((flag) => !available.includes(flag as 'source' | 'target'))) {
    throw new GeneratorError('INVALID_OPTION', `The ${template} template makes ${DIRECTION_LABELS[all]} only; --direction ${direction} is not available with it.`, `Use --direction ${all}, or leave --direction out.`);
  }
  return direction;
}

/** The models of a template that brings its own: `--models` may only name them. */
function checkFixedModels(template: IntegrationTemplate, fixed: readonly string[], asked: readonly string[] | undefined): void {
  if (asked === undefined) return;
  const same = asked.length === fixed.length && fixed.every((model) => asked.includes(model));
  if (!same) {
    throw new GeneratorError('INVALID_OPTION', `The ${template} template syncs the models ${fixed.join(', ')} (its own), not ${asked.join(', ') || 'none'}.`, `Leave --models out, or use --models ${fixed.join(',')}; add other models to the generated package by hand.`);
  }
}

/**
 * Plans a new integration: validates the name (npm package-name rules) and options, refuses an
 * existing folder or package, renders the template (`templates/integration` for `file`,
 * `templates/integration-inventory` for `inventory`), adds the models and jobs with ts-morph, adds
 * the package to the workspace's typedoc.json and solution tsconfig when they list packages one by
 * one, and returns every file with its content. Nothing is written: pass the plan to `applyPlan`.
 *
 * @example
 * ```ts
 * const plan = await planIntegration({ root: process.cwd(), name: 'acme', models: ['device', 'interface'] });
 * // src/models.ts: `export const interfaceModel = defineModel<Interface>()({ name: 'interface', ... })`
 * const inventory = await planIntegration({ root: process.cwd(), name: 'acme', template: 'inventory' });
 * ```
 *
 * @param options - root, name, template, direction, models
 * @returns the plan (the package's files `create`, root lists `update`)
 * @throws GeneratorError `INVALID_NAME`, `INVALID_OPTION` or `INTEGRATION_EXISTS`
 */
export async function planIntegration(options: PlanIntegrationOptions): Promise<GenerationPlan> {
  const root = resolve(options.root);
  const packageName = integrationPackageName(options.name);
  const templateName = options.template ?? 'file';
  if (!INTEGRATION_TEMPLATES.includes(templateName)) throw new GeneratorError('INVALID_OPTION', `Unknown template "${String(templateName)}".`, `Use one of ${INTEGRATION_TEMPLATES.join(', ')}.`);
  const template = await readTemplate(TEMPLATE_FOLDERS[templateName], options.templatesDir);
  const direction = directionOf(templateName, template.manifest, options.direction);
  const fixedModels = template.manifest.models;
  if (fixedModels !== undefined) checkFixedModels(templateName, fixedModels, options.models);
  // Model names are checked before anything else is looked at; their TypeScript names once the files they go into are rendered.
  if (fixedModels === undefined) for (const model of options.models ?? []) assertModelName(model);
  const workspace = options.workspace ?? existsSync(join(root, 'pnpm-workspace.yaml'));
  const dir = resolve(root, options.dir ?? (workspace ? join('integrations', options.name) : options.name));
  if (existsSync(dir)) throw new GeneratorError('INTEGRATION_EXISTS', `${dir} already exists.`, 'Choose another name, or delete that folder first if it is a failed attempt.');
  const workspaceRoot = workspace ? root : findWorkspaceRoot(root);
  if (workspaceRoot !== undefined) {
    const existing = (await workspacePackageNames(workspaceRoot)).get(packageName);
    if (existing !== undefined) throw new GeneratorError('INTEGRATION_EXISTS', `The package ${packageName} already exists in ${existing}.`, 'Choose another name.');
  }

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
    if (text === undefined) throw new GeneratorError('TEMPLATE_MISSING', `The integration template has no ${path}.`, 'Restore the templates folder from the generator package.');
    outputs.set(path, change(text));
  };

  // Jobs: one per direction, wired into jobs.ts and index.ts.
  const jobs: { exportName: string; module: string }[] = [];
  for (const flag of ['source', 'target']) {
    const job = template.manifest.jobs?.[flag];
    if (job === undefined || !flags.has(flag)) continue;
    const jobName = renderTemplate(job, placeholders);
    jobs.push({ exportName: toCamel(jobName), module: `./jobs/${jobName}.js` });
  }

  // Models: one rendered snippet each, added to models.ts and exported from index.ts (unless the template brings its own).
  if (fixedModels === undefined) {
    const snippet = template.files.get('model.ts.tpl');
    if (snippet === undefined) throw new GeneratorError('TEMPLATE_MISSING', 'The integration template has no model.ts.tpl.', 'Restore the templates folder from the generator package.');
    const index = outputs.get('src/index.ts') ?? '';
    const modelsFile = outputs.get('src/models.ts') ?? '';
    const taken = new Set([...exportedNames(index), ...exportedNames(modelsFile), ...importedNames(modelsFile), ...jobs.map((job) => job.exportName)]);
    const models = modelRefs(options.models ?? ['item'], taken);
    const snippets = models.map((model) => renderTemplate(snippet, { ...placeholders, ...namePlaceholders('model', model.name), __model_camel__: model.constName, __Model__: model.typeName }));
    edit('src/models.ts', (text) => addModels(text, `${toPascal(options.name)}Data`, models, snippets));
    edit('src/index.ts', (text) => addIndexExports(text, './models.js', models.map((model) => model.constName)));
    edit('src/index.ts', (text) => addIndexExports(text, './models.js', models.map((model) => model.typeName), true));
  }
  for (const ref of jobs) {
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
