// Plans a new job in an existing integration: its file from templates/job, wired into jobs.ts, index.ts and the README.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { GeneratorError } from './errors.js';
import { assertKebabName, INTEGRATION_PACKAGE_PREFIX, toCamel } from './names.js';
import type { GenerationPlan, PlannedFile } from './plan.js';
import { namePlaceholders, renderTemplate, type Placeholders } from './render.js';
import { addIndexExports, addJobToJobsList, appendToMarkdownSection, declaredJobNames, exportedNames } from './source-edits.js';
import { isInternal, readTemplate } from './templates.js';
import { findIntegrationDir } from './workspace.js';

/** Options of {@link planJob}. */
export interface PlanJobOptions {
  /** The project or workspace root. */
  root: string;
  /** The integration: its name (`acme` for `integrations/acme`) or its folder. */
  integration: string;
  /** The new job's name, kebab-case (`acme-sites-to-file`). */
  jobName: string;
  /** Templates folder (default: the one shipped with the generator). */
  templatesDir?: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Plans a new job: `src/jobs/<job>.ts` from `templates/job`, its import and entry in the `jobs`
 * array of `src/jobs.ts`, its export in `src/index.ts` and a line in the README's `## Jobs`, all
 * edited in memory with ts-morph. Planning a job that is already in place gives an empty plan
 * (`unchanged: true`); an existing job file is never overwritten. The job template fits
 * integrations made from the `file` template (it imports their file adapter); others are refused
 * with `INCOMPATIBLE_INTEGRATION`.
 *
 * @example
 * ```ts
 * const plan = await planJob({ root: process.cwd(), integration: 'acme', jobName: 'acme-sites-to-file' });
 * if (!plan.unchanged) await applyPlan(plan);
 * ```
 *
 * @param options - root, integration, job name
 * @returns the plan
 * @throws GeneratorError `INVALID_NAME`, `UNKNOWN_INTEGRATION`, `JOB_EXISTS`, `INCOMPATIBLE_INTEGRATION` (the integration lacks what the job template imports) or `NOT_EDITABLE`
 */
export async function planJob(options: PlanJobOptions): Promise<GenerationPlan> {
  assertKebabName('job', options.jobName);
  const dir = findIntegrationDir(resolve(options.root), options.integration);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string };
  const integrationName = pkg.name?.startsWith(INTEGRATION_PACKAGE_PREFIX) === true ? pkg.name.slice(INTEGRATION_PACKAGE_PREFIX.length) : basename(dir);
  assertKebabName('integration', integrationName);

  const jobPath = join(dir, 'src', 'jobs', `${options.jobName}.ts`);
  for (const file of await sourceFiles(join(dir, 'src'))) {
    if (file !== jobPath && declaredJobNames(await readFile(file, 'utf8')).includes(options.jobName)) {
      throw new GeneratorError('JOB_EXISTS', `The job "${options.jobName}" is already declared in ${relative(dir, file)}.`, 'Choose another job name (names are unique across all installed integrations).');
    }
  }

  const template = await readTemplate('job', options.templatesDir);
  const placeholders: Placeholders = { ...namePlaceholders('name', integrationName), ...namePlaceholders('job', options.jobName), __package__: pkg.name ?? integrationName };
  for (const [path, names] of Object.entries(template.manifest.requires ?? {})) {
    const file = join(dir, path);
    const exported = existsSync(file) ? exportedNames(await readFile(file, 'utf8')) : [];
    const missing = names.map((name) => renderTemplate(name, placeholders)).filter((name) => !exported.includes(name));
    if (missing.length > 0) {
      throw new GeneratorError('INCOMPATIBLE_INTEGRATION', `The job template needs ${missing.join(', ')} from ${path} of ${relative(options.root, dir) || dir}, which it does not export.`, 'The job template fits integrations made by the generator; in this one, copy an existing job file and add it to src/jobs.ts by hand.');
    }
  }
  const files: PlannedFile[] = [];
  for (const [path, text] of template.files) {
    if (isInternal(template.manifest, path)) continue;
    const target = join(dir, renderTemplate(path, placeholders));
    if (!existsSync(target)) files.push({ path: target, content: renderTemplate(text, placeholders), action: 'create' });
  }

  const ref = { exportName: toCamel(options.jobName), module: `./jobs/${options.jobName}.js` };
  const update = async (path: string, change: (text: string) => string): Promise<void> => {
    const file = join(dir, path);
    if (!existsSync(file)) return;
    const before = await readFile(file, 'utf8');
    const after = change(before);
    if (after !== before) files.push({ path: file, content: after, action: 'update' });
  };
  await update('src/jobs.ts', (text) => addJobToJobsList(text, ref));
  await update('src/index.ts', (text) => addIndexExports(text, ref.module, [ref.exportName]));
  const readmeLine = template.files.get('readme-job.md.tpl');
  if (readmeLine !== undefined) await update('README.md', (text) => appendToMarkdownSection(text, '## Jobs', renderTemplate(readmeLine, placeholders).trimEnd()));

  files.sort((a, b) => a.path.localeCompare(b.path));
  return {
    files,
    dir,
    unchanged: files.length === 0,
    nextSteps: files.length === 0 ? [] : [`fill in ${relative(process.cwd(), jobPath)}`, 'build and test the integration'],
  };
}
