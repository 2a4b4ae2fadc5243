// Finds the jobs that installed packages provide, through the `"ssot": { "jobs": ... }` field of their package.json.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobDefinition } from '@ssot/core';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { CliError } from './cli-error.js';

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

/** Where to look for jobs. */
export interface DiscoverOptions {
  /** Directory to start from (default: the working directory). The nearest package.json above it is the project. */
  cwd?: string;
  /** Extra modules that export `jobs`, given by path (the CLI's `--jobs`). */
  modules?: readonly string[];
}

/**
 * Discovers jobs. The convention: a package provides jobs by declaring
 * `"ssot": { "jobs": "./dist/jobs.js" }` in its package.json, pointing at an ES module with a
 * named export `jobs` (an array of `defineJob` results). The CLI looks at the project (the
 * nearest package.json from `cwd`), at every dependency, dev dependency and optional dependency
 * it declares, and, when the project is a pnpm workspace root, at every workspace package and
 * their dependencies. Job names must be unique across packages.
 *
 * @param options - where to start, extra modules
 * @returns the jobs, sorted by name
 * @throws CliError when a declared module cannot be loaded or two packages provide the same job name
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
      found.push(...(await loadJobsModule(join(real, pkg.ssot.jobs), pkg.name ?? real)));
    }
    for (const name of dependencyNames(pkg)) {
      const dependencyDir = findInstalledPackage(name, real);
      if (dependencyDir === undefined || seenPackages.has(resolve(dependencyDir))) continue;
      // Only packages that declare jobs are loaded; the others are just marked as seen.
      const dependency = await readPackageJson(join(dependencyDir, 'package.json'));
      if (dependency?.ssot?.jobs !== undefined) await visitPackage(dependencyDir);
      else seenPackages.add(resolve(dependencyDir));
    }
  };

  const projectDir = findProjectDir(cwd);
  if (projectDir !== undefined) {
    await visitPackage(projectDir);
    for (const workspacePackage of await workspacePackages(projectDir)) await visitPackage(workspacePackage);
  }
  for (const module of options.modules ?? []) found.push(...(await loadJobsModule(resolve(cwd, module), module)));

  const byName = new Map<string, DiscoveredJob>();
  for (const entry of found) {
    const existing = byName.get(entry.job.name);
    if (existing !== undefined && existing.job !== entry.job) {
      throw new CliError(`Job "${entry.job.name}" is provided by both ${existing.provider} and ${entry.provider}.`, 'Uninstall one of the packages or rename the job in one of them.');
    }
    byName.set(entry.job.name, entry);
  }
  return [...byName.values()].sort((a, b) => a.job.name.localeCompare(b.job.name));
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
  throw new CliError(`No job named "${name}".`, known === '' ? 'No installed package provides jobs: install an integration package (see `ssot jobs`).' : `Known jobs: ${known}.`, 2);
}

async function loadJobsModule(file: string, provider: string): Promise<DiscoveredJob[]> {
  if (!existsSync(file)) throw new CliError(`${provider} declares jobs in ${file}, but that file does not exist.`, 'Build the package first (pnpm build).');
  let module: { jobs?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { jobs?: unknown };
  } catch (error) {
    throw new CliError(`Cannot load the jobs of ${provider} from ${file}: ${error instanceof Error ? error.message : String(error)}`, 'Check that the package is built and its dependencies are installed.');
  }
  if (!Array.isArray(module.jobs)) throw new CliError(`${file} (from ${provider}) has no "jobs" array export.`, 'Export the jobs as `export const jobs = [myJob];`.');
  return (module.jobs as unknown[]).map((job, index) => {
    if (!isJob(job)) throw new CliError(`Entry ${index} of the jobs of ${provider} is not a job.`, 'Declare each job with defineJob from @ssot/core.');
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
