// Parameter values given by reference (`env:NAME`, `file:PATH`), so that secrets never sit on a command line or in a record.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SsotError } from '../errors.js';

/** A parameter whose value was read from the environment or a file. */
export interface ResolvedReference {
  /** Parameter name. */
  name: string;
  /** The reference as given (`env:ACME_TOKEN`, `file:/run/secrets/acme`): safe to record. */
  reference: string;
  /** The value read (treat it as a secret). */
  value: string;
}

/** What {@link resolveParameterReferences} returns. */
export interface ResolvedParameters {
  /** The parameters with every reference replaced by its value. */
  params: Record<string, unknown>;
  /** The references that were resolved, in parameter order. */
  references: ResolvedReference[];
}

/** Where references are read from (the process's environment and files by default). */
export interface ReferenceSources {
  /** Environment variables (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory `file:` paths are relative to (default: the working directory). */
  cwd?: string;
}

/** A parameter reference that cannot be resolved (unset variable, unreadable or empty file). */
export class ParameterReferenceError extends SsotError {
  /**
   * @param parameter - the parameter's name
   * @param message - what is wrong
   */
  constructor(parameter: string, message: string) {
    super('INVALID_PARAMETER', `Parameter "${parameter}": ${message}`, { field: parameter });
    this.name = 'ParameterReferenceError';
  }
}

const REFERENCE = /^(env|file):(.+)$/s;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Resolves parameter values given by reference: a top-level string value `env:NAME` is replaced by
 * the environment variable `NAME`, `file:PATH` by the file's contents (one trailing newline
 * removed). Use it for secrets, so that they never appear on a command line, in shell history or
 * in a stored preset. Other values pass through unchanged. An unset or empty variable, or a
 * missing, unreadable or empty file, is an error naming the parameter — never an empty value.
 *
 * @param params - the raw parameters
 * @param sources - the environment and the directory for relative paths; `false` refuses every reference
 * @returns the parameters with references replaced, and the references that were resolved
 * @throws ParameterReferenceError naming the parameter and the variable or file
 * @example
 * ```ts
 * // ACME_TOKEN=... in the environment; the command line only says where the token is.
 * const { params } = await resolveParameterReferences({ token: 'env:ACME_TOKEN', baseUrl: 'https://acme.example.com' });
 * ```
 */
export async function resolveParameterReferences(params: Readonly<Record<string, unknown>>, sources: ReferenceSources | false = {}): Promise<ResolvedParameters> {
  const env = sources === false ? {} : (sources.env ?? process.env);
  const out: Record<string, unknown> = { ...params };
  const references: ResolvedReference[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (typeof raw !== 'string') continue;
    const match = REFERENCE.exec(raw);
    if (match === null) continue;
    const [, kind, target = ''] = match;
    if (sources === false) throw new ParameterReferenceError(name, `"${kind}:" references are not accepted here; give the value itself.`);
    let value: string;
    if (kind === 'env') {
      if (!ENV_NAME.test(target)) throw new ParameterReferenceError(name, `"${raw}" does not name an environment variable (letters, digits and _).`);
      const found = env[target];
      if (found === undefined || found === '') throw new ParameterReferenceError(name, `the environment variable ${target} is not set (or empty).`);
      value = found;
    } else {
      const path = resolve(sources.cwd ?? process.cwd(), target);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new ParameterReferenceError(name, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
      value = text.replace(/\r?\n$/, '');
      if (value === '') throw new ParameterReferenceError(name, `the file ${path} is empty.`);
    }
    out[name] = value;
    references.push({ name, reference: raw, value });
  }
  return { params: out, references };
}
