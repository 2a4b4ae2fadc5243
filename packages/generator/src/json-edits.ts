// Edits of JSON files (package.json, tsconfig) as pure functions: for integrations generated outside the workspace.

/** Dependency ranges for packages generated outside a pnpm workspace (`templates/integration/standalone/versions.json`). */
export interface StandaloneVersions {
  /** Ranges of runtime dependencies that the workspace takes from its catalog. */
  dependencies: Record<string, string>;
  /** Ranges of development dependencies that the workspace takes from its catalog. */
  devDependencies: Record<string, string>;
}

type Json = Record<string, unknown>;

const stringify = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Rewrites a package.json for use outside the workspace: `workspace:*` becomes `^<version>` (the
 * `@ssot` packages are released together) and `catalog:` becomes the range in `versions`.
 *
 * @param text - the package.json rendered from the template
 * @param ssotVersion - version of the `@ssot` packages (the generator's own)
 * @param versions - ranges of the catalog dependencies
 * @returns the new package.json text
 */
export function standalonePackageJson(text: string, ssotVersion: string, versions: StandaloneVersions): string {
  const pkg = JSON.parse(text) as Json;
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const deps = pkg[field] as Record<string, string> | undefined;
    if (deps === undefined) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (range.startsWith('workspace:')) deps[name] = `^${ssotVersion}`;
      else if (range.startsWith('catalog:')) deps[name] = versions[field][name] ?? versions.dependencies[name] ?? versions.devDependencies[name] ?? '*';
    }
  }
  return stringify(pkg);
}

/**
 * Rewrites a tsconfig for use outside the workspace: it extends the package's own
 * `tsconfig.base.json` and has no project references.
 *
 * @param text - the tsconfig rendered from the template
 * @returns the new tsconfig text
 */
export function standaloneTsconfig(text: string): string {
  const config = JSON.parse(text) as Json;
  config.extends = './tsconfig.base.json';
  delete config.references;
  return stringify(config);
}

/** Whether a path is matched by an entry that is the path itself or its parent folder followed by `/*`. */
function covers(entry: string, path: string): boolean {
  const clean = (value: string): string => value.replace(/^\.\//, '').replace(/\/$/, '');
  const target = clean(path);
  const pattern = clean(entry);
  return pattern === target || (pattern.endsWith('/*') && target.startsWith(pattern.slice(0, -1)) && !target.slice(pattern.length - 1).includes('/'));
}

/**
 * Adds a package to a root typedoc.json's `entryPoints`, unless an entry (the path or a
 * `folder/*` pattern) already covers it.
 *
 * @param text - the typedoc.json
 * @param path - the package folder, relative to the root (`integrations/acme`)
 * @returns the new text (equal to `text` when nothing changes)
 */
export function addTypedocEntryPoint(text: string, path: string): string {
  const config = JSON.parse(text) as Json;
  const entries = config.entryPoints;
  if (!Array.isArray(entries) || entries.some((entry) => typeof entry === 'string' && covers(entry, path))) return text;
  config.entryPoints = [...(entries as unknown[]), path];
  return stringify(config);
}

/**
 * Adds a project reference to a tsconfig that has a `references` list (a solution tsconfig).
 * A tsconfig without `references`, or that already references the path, is left alone.
 *
 * @param text - the tsconfig
 * @param path - the referenced folder, relative to the tsconfig (`integrations/acme`)
 * @returns the new text (equal to `text` when nothing changes)
 */
export function addTsconfigReference(text: string, path: string): string {
  const config = JSON.parse(text) as Json;
  const references = config.references;
  if (!Array.isArray(references)) return text;
  if ((references as { path?: string }[]).some((reference) => typeof reference.path === 'string' && covers(reference.path, path))) return text;
  config.references = [...(references as unknown[]), { path }];
  return stringify(config);
}
