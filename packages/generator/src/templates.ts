// Reading the template folders (`templates/integration`, `templates/job`) and their manifests.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GeneratorError } from './errors.js';

/** The template folders: an integration with a JSON file as its other side, an integration into the MongoDB inventory, a job. */
export type TemplateKind = 'integration' | 'integration-inventory' | 'job';

/** A template folder's `template.json`. */
export interface TemplateManifest {
  /** Paths (relative, files or folders) that are not copied to the output. */
  internal: string[];
  /** Files copied only for one job direction (`source` or `target`). */
  directions?: Record<string, string>;
  /** The job file (without `src/jobs/` and `.ts`) each direction brings. */
  jobs?: Record<string, string>;
  /** Names (with placeholders) that files of the integration must export for the template's code to compile. */
  requires?: Record<string, string[]>;
  /** The models, when the template brings its own (the inventory's) rather than one per `--models` entry. */
  models?: string[];
  /** Files (or folders) taken from another template folder, unless this folder has its own. */
  inherit?: {
    /** The other template folder. */
    from: TemplateKind;
    /** Paths in it, relative to it. */
    files: string[];
  };
}

/** A template folder read into memory. */
export interface Template {
  /** The manifest. */
  manifest: TemplateManifest;
  /** Every file's content, keyed by its path relative to the folder (with `/`). */
  files: Map<string, string>;
}

/**
 * The templates folder: `templates/` inside the installed package (copied there when packed),
 * else `templates/` at the root of the repository this package lives in.
 *
 * @returns its absolute path
 * @throws GeneratorError `TEMPLATE_MISSING` when neither exists
 */
export function defaultTemplatesDir(): string {
  const candidates = [fileURLToPath(new URL('../templates', import.meta.url)), fileURLToPath(new URL('../../../templates', import.meta.url))];
  const found = candidates.find((dir) => existsSync(join(dir, 'integration', 'template.json')));
  if (found === undefined) throw new GeneratorError('TEMPLATE_MISSING', `No templates folder found (looked in ${candidates.join(' and ')}).`, 'Reinstall @ssot/generator, or pass templatesDir.');
  return found;
}

/**
 * Reads one template folder.
 *
 * @param kind - which template
 * @param templatesDir - the templates folder (default {@link defaultTemplatesDir})
 * @returns the manifest and the files
 */
export async function readTemplate(kind: TemplateKind, templatesDir: string = defaultTemplatesDir()): Promise<Template> {
  const dir = join(templatesDir, kind);
  if (!existsSync(join(dir, 'template.json'))) throw new GeneratorError('TEMPLATE_MISSING', `The ${kind} template is missing: ${dir}/template.json does not exist.`, 'Reinstall @ssot/generator, or pass templatesDir.');
  const manifest = JSON.parse(await readFile(join(dir, 'template.json'), 'utf8')) as TemplateManifest;
  const files = await readFolder(dir);
  if (manifest.inherit !== undefined) {
    const { from, files: wanted } = manifest.inherit;
    const base = await readFolder(join(templatesDir, from));
    for (const entry of wanted) {
      const matching = [...base].filter(([path]) => path === entry || path.startsWith(`${entry}/`));
      if (matching.length === 0) throw new GeneratorError('TEMPLATE_MISSING', `The ${kind} template takes ${entry} from the ${from} template, which has no such file.`, 'Restore the templates folder from the generator package.');
      for (const [path, text] of matching) if (!files.has(path)) files.set(path, text);
    }
  }
  return { manifest, files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))) };
}

/** Every file of a folder, keyed by its path relative to the folder (with `/`). */
async function readFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return files;
}

/**
 * Whether a template path is internal (a manifest, a snippet, a folder of variants).
 *
 * @param manifest - the manifest
 * @param path - the path relative to the template folder
 * @returns whether it is not copied
 */
export function isInternal(manifest: TemplateManifest, path: string): boolean {
  return manifest.internal.some((entry) => path === entry || path.startsWith(`${entry}/`));
}
