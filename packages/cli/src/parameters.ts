// Turns `--param k=v` and `--params file.json|yaml` into the raw parameters a job validates.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { JobDefinition } from '@ssot/core';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT_USAGE } from './cli-error.js';

/**
 * Reads a parameters file: JSON (`.json`) or YAML (`.yaml`, `.yml`), holding one object.
 *
 * @param file - the file's path
 * @returns the parameters
 * @throws CliError (usage) when the file is missing, unreadable or not an object
 */
export async function readParamsFile(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`Cannot read the parameters file ${path}.`, 'Check the path given to --params.', EXIT_USAGE);
  }
  let value: unknown;
  try {
    value = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(`The parameters file ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 'Fix the file; it must hold one object of name: value pairs.', EXIT_USAGE);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`The parameters file ${path} must hold one object of name: value pairs.`, 'Write it as `name: value` lines (YAML) or {"name": value} (JSON).', EXIT_USAGE);
  }
  return value as Record<string, unknown>;
}

/**
 * Parses `--param name=value` pairs. A value stays a string when the job's schema takes a string
 * for that parameter; otherwise it is read as JSON (`port=8080`, `dry=true`, `tags=["a","b"]`),
 * falling back to the string.
 *
 * @param pairs - the `name=value` strings
 * @param job - the job, whose schema decides how values are read
 * @returns the parameters
 * @throws CliError (usage) for a pair without `=`
 */
export function parseParamPairs(pairs: readonly string[], job: JobDefinition): Record<string, unknown> {
  const shape = (job.parameters as { shape?: Record<string, { safeParse?: (value: unknown) => { success: boolean } }> }).shape ?? {};
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param "${pair}" is not name=value.`, 'Write parameters as --param name=value.', EXIT_USAGE);
    const name = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    const field = shape[name];
    if (field?.safeParse?.(raw).success === true) {
      params[name] = raw;
      continue;
    }
    try {
      params[name] = JSON.parse(raw);
    } catch {
      params[name] = raw;
    }
  }
  return params;
}

/**
 * The secret parameters given as literal values rather than as `env:` or `file:` references, so the
 * CLI can warn that the value sits on the command line.
 *
 * @param params - parameters from `--param`
 * @param job - the job, whose `secrets` name the secret parameters
 * @returns their names
 */
export function literalSecrets(params: Readonly<Record<string, unknown>>, job: Pick<JobDefinition, 'secrets'>): string[] {
  return (job.secrets ?? []).filter((name) => name in params && !(typeof params[name] === 'string' && /^(env|file):./s.test(params[name])));
}
