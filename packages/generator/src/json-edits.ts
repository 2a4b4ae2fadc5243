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
 * @ssot packages are released together) and `catalog:` becomes the range in `versions`.
 *
 * @param text - the package.json rendered from the template
 * @param ssotVersion - version of the @ssot packages (the generator's own)
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
