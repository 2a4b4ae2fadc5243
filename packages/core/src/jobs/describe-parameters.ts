// Describes a job's parameters for people (name, type, required, default, secret) from its zod schema.
import { z } from 'zod';
import type { JobDefinition } from './job.js';
import { assertZod4Schema } from './zod-version.js';

/** One parameter of a job, for people (CLI listings, the dashboard's forms). */
export interface ParameterInfo {
  /** Parameter name. */
  name: string;
  /** JSON type (`string`, `number`, ...), or `unknown`. */
  type: string;
  /** Whether it must be given. */
  required: boolean;
  /** Whether it is secret: its value (default included) is never shown. */
  secret: boolean;
  /** The default value (absent for secrets). */
  default?: unknown;
  /** The schema's description. */
  description?: string;
  /** Allowed values, for enums. */
  enum?: unknown[];
}

interface JsonSchemaProperty {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  anyOf?: JsonSchemaProperty[];
}

/**
 * Lists a job's parameters from its zod schema (through zod's JSON Schema export).
 *
 * @param job - the job
 * @returns the parameters in schema order
 * @throws SsotError with code `INVALID_JOB` when the schema is not a zod 4 schema
 */
export function describeParameters(job: Pick<JobDefinition, 'parameters' | 'secrets'> & { name?: string }): ParameterInfo[] {
  // A zod 3 schema (or no schema) would silently read as "no parameters": refuse it instead.
  assertZod4Schema(job.parameters, job.name ?? '(unnamed)');
  const schema = z.toJSONSchema(job.parameters, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
  const secrets = new Set<string>(job.secrets ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const info: ParameterInfo = { name, type: typeOf(property), required: schema.required?.includes(name) ?? false, secret: secrets.has(name) };
    if (property.default !== undefined && !info.secret) info.default = property.default;
    if (property.description !== undefined) info.description = property.description;
    if (property.enum !== undefined) info.enum = property.enum;
    return info;
  });
}

function typeOf(property: JsonSchemaProperty): string {
  if (property.enum !== undefined) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (Array.isArray(property.type)) return property.type.join(' | ');
  if (property.type !== undefined) return property.type;
  if (property.anyOf !== undefined) return property.anyOf.map(typeOf).join(' | ');
  return 'unknown';
}
