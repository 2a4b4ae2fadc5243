// Finds the jobs that installed packages provide, through the `"ssot": { "jobs": ... }` field of their package.json.
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobDefinition } from '@ssot/core';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** A job and the package that provides it. */
export interface DiscoveredJob {
  /** The job. */
  job: JobDefinition;
  /** Name of the package that provides it (or the module path given with `--jobs`). */
  provider: string;
}

/** The `ssot` field of a package.json that provides jobs. */
export interface SsotPackageField {
  /** Path, relative to the package root, of an ES module that exports `jobs: JobDefinition[]`. */
  jobs: string;
}

interface PackageJson {
  name?: string;
  ssot?: Partial<SsotPackageField>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** A package whose jobs were left out of discovery, and why. */
export interface SkippedJobProvider {
  /** Name of the package (or the module path given with `--jobs`). */
  provider: string;
  /** What is wrong, in one line. */
  reason: string;
  /** What to do about it, in one line. */
  fix: string;
}

/** Where to look for jobs. */
export interface DiscoverOptions {
  /** Directory to start from (default: the working directory). The nearest package.json above it is the project. */
  cwd?: string;
  /** Extra modules that export `jobs`, given by path (the CLI's `--jobs`). Unlike installed packages, these are asked for by name: one that cannot be loaded is an error. */
  modules?: readonly string[];
  /**
   * Called for each installed package whose jobs cannot be used (not built, fails to load, no `jobs`
   * export, or a job name another package provides too). The package is left out and discovery goes on,
   * so one broken package never stops every command. Default: ignore.
   */
  onSkip?: (skipped: SkippedJobProvider) => void;
}

/** Why a jobs module could not be used. */
class JobsModuleError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/**
 * Discovers jobs. The convention: a package provides jobs by declaring
 * `"ssot": { "jobs": "./dist/jobs.js" }` in its package.json, pointing at an ES module with a
 * named export `jobs` (an array of `defineJob` results). The CLI looks at the project (the
 * nearest package.json from `cwd`), at every dependency, dev dependency and optional dependency
 * it declares, and, when the project is a pnpm workspace root, at every workspace package and
 * their dependencies.
 *
 * An installed package whose jobs cannot be used (not built yet, a module that fails to load, no
 * `jobs` export) is skipped and reported through `onSkip`, as is a job name that two packages
 * provide (neither is used: running the wrong one would be a guess). Everything else still works.
 *
 * @param options - where to start, extra modules, what to do with skipped packages
 * @returns the usable jobs, sorted by name
 * @throws CliError when a module given in `modules` cannot be loaded
 * @example
 * ```ts
 * const jobs = await discoverJobs({ onSkip: ({ provider, reason, fix }) => console.warn(`${provider}: ${reason} ${fix}`) });
 * ```
 */
export async function discoverJobs(options: DiscoverOptions = {}): Promise<DiscoveredJob[]> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const found: DiscoveredJob[] = [];
  const seenPackages = new Set<string>();

  const visitPackage = async (packageDir: string): Promise<void> => {
    const real = resolve(packageDir);
    if (seenPackages.has(real)) return;
    seenPackages.add(real);
    const pkg = await readPackageJson(join(real, 'package.json'));
    if (pkg === undefined) return;
    if (pkg.ssot?.jobs !== undefined) {
      const provider = pkg.name ?? real;
      try {
        found.push(...(await loadJobsModule(join(real, pkg.ssot.jobs), provider, () => buildHint(provider, real))));
      } catch (error) {
        if (!(error instanceof JobsModuleError)) throw error;
        options.onSkip?.({ provider, reason: error.message, fix: error.fix });
      }
    }
    for (const name of dependencyNames(pkg)) {
      const dependencyDir = findInstalledPackage(name, real);
      if (dependencyDir === undefined || seenPackages.has(resolve(dependencyDir))) continue;
      // Only packages that declare jobs are loaded; the others are just marked as seen.
      let dependency: PackageJson | undefined;
      try {
        dependency = await readPackageJson(join(dependencyDir, 'package.json'));
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        seenPackages.add(resolve(dependencyDir));
        options.onSkip?.({ provider: name, reason: error.message, fix: `Reinstall it (npm install ${name}).` });
        continue;
      }
      if (dependency?.ssot?.jobs !== undefined) await visitPackage(dependencyDir);
      else seenPackages.add(resolve(dependencyDir));
    }
  };

  const projectDir = findProjectDir(cwd);
  if (projectDir !== undefined) {
    await visitPackage(projectDir);
    for (const workspacePackage of await workspacePackages(projectDir)) await visitPackage(workspacePackage);
  }
  for (const module of options.modules ?? []) {
    try {
      found.push(...(await loadJobsModule(resolve(cwd, module), module, () => 'Check the path given with --jobs and that the module is built.')));
    } catch (error) {
      if (error instanceof JobsModuleError) throw new CliError(`--jobs ${module}: ${error.message}`, error.fix, EXIT_USAGE);
      throw error;
    }
  }

  const byName = new Map<string, DiscoveredJob[]>();
  for (const entry of found) {
    const providers = byName.get(entry.job.name) ?? [];
    if (!providers.some((existing) => existing.job === entry.job)) providers.push(entry);
    byName.set(entry.job.name, providers);
  }
  const jobs: DiscoveredJob[] = [];
  for (const [name, providers] of byName) {
    const [first, ...others] = providers;
    if (first === undefined) continue;
    if (others.length === 0) {
      jobs.push(first);
      continue;
    }
    options.onSkip?.({
      provider: providers.map((entry) => entry.provider).join(', '),
      reason: `job "${name}" is provided by ${providers.length} packages (${providers.map((entry) => entry.provider).join(' and ')}), so neither is used.`,
      fix: 'Uninstall one of the packages or rename the job in one of them.',
    });
  }
  return jobs.sort((a, b) => a.job.name.localeCompare(b.job.name));
}

/**
 * One line for a skipped package, as the CLI prints it on stderr.
 *
 * @param skipped - the skipped package
 * @returns `warning: <package> skipped: <reason> Fix: <fix>`
 */
export function formatSkippedProvider(skipped: SkippedJobProvider): string {
  return `warning: ${skipped.provider} skipped: ${skipped.reason} Fix: ${skipped.fix}`;
}

/**
 * Finds one job by name.
 *
 * @param jobs - discovered jobs
 * @param name - the name asked for
 * @returns the job
 * @throws CliError (a usage error) naming the known jobs when there is none with that name
 */
export function findJob(jobs: readonly DiscoveredJob[], name: string): DiscoveredJob {
  const match = jobs.find((entry) => entry.job.name === name);
  if (match !== undefined) return match;
  const known = jobs.map((entry) => entry.job.name).join(', ');
  throw new CliError(`No job named "${name}".`, known === '' ? 'No installed package provides jobs: install an integration package (see `ssot jobs`).' : `Known jobs: ${known}. Packages skipped above (if any) may provide it once fixed.`, EXIT_USAGE);
}

/** What to tell the user when an installed package's jobs module is missing or broken. */
function buildHint(provider: string, packageDir: string): string {
  // A package reached outside node_modules is local source (a workspace package or a link): it needs a build.
  // One inside node_modules came from a registry and should have shipped its dist/.
  return realpathSync(packageDir).split(sep).includes('node_modules') ? `Reinstall it (npm install ${provider}).` : `Build it: pnpm --filter ${provider} build (or pnpm build at the workspace root).`;
}

/** Loads a jobs module; `missingFix` (worked out only when something is wrong) says what to do when it is missing or fails to load. */
async function loadJobsModule(file: string, provider: string, missingFix: () => string): Promise<DiscoveredJob[]> {
  if (!existsSync(file)) throw new JobsModuleError(`its jobs module ${file} does not exist.`, missingFix());
  let module: { jobs?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { jobs?: unknown };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new JobsModuleError(`its jobs module ${file} failed to load: ${message}`, `${missingFix()} Check that its dependencies are installed.`);
  }
  if (!Array.isArray(module.jobs)) throw new JobsModuleError(`${file} has no "jobs" array export.`, 'Export the jobs as `export const jobs = [myJob];`.');
  return (module.jobs as unknown[]).map((job, index) => {
    if (!isJob(job)) throw new JobsModuleError(`entry ${index} of the "jobs" export of ${file} is not a job.`, 'Declare each job with defineJob from @ssot/core.');
    return { job, provider };
  });
}

function isJob(value: unknown): value is JobDefinition {
  const job = value as Partial<JobDefinition> | null;
  return typeof job === 'object' && job !== null && typeof job.name === 'string' && typeof job.loadSource === 'function' && typeof job.loadTarget === 'function' && typeof job.parameters === 'object';
}

async function readPackageJson(file: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackageJson;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 'Fix the JSON in that file.');
  }
}

function dependencyNames(pkg: PackageJson): string[] {
  return [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})])];
}

/** The nearest directory at or above `dir` with a package.json. */
function findProjectDir(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Node's resolution for a package directory: `node_modules/<name>` in `from` or any directory above it. */
function findInstalledPackage(name: string, from: string): string | undefined {
  for (let current = from; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

async function workspacePackages(root: string): Promise<string[]> {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return [];
  const config = parseYaml(await readFile(file, 'utf8')) as { packages?: string[] } | null;
  const patterns = (config?.packages ?? []).map((pattern) => `${pattern.replace(/\/$/, '')}/package.json`);
  if (patterns.length === 0) return [];
  const files = await glob(patterns, { cwd: root, absolute: true, ignore: ['**/node_modules/**'] });
  return files.map((entry) => dirname(entry)).sort();
}
