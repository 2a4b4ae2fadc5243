// A job's parameters for people (from its zod schema) and the run form's values turned back into parameters.
import type { JobDefinition } from '@ssot/core';
import { z } from 'zod';

/** One parameter of a job, as the dashboard shows it. */
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
 * @returns the parameters in schema order (empty when the schema cannot be described)
 */
export function describeParameters(job: Pick<JobDefinition, 'parameters' | 'secrets'>): ParameterInfo[] {
  let schema: { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
  try {
    schema = z.toJSONSchema(job.parameters, { io: 'input', unrepresentable: 'any' }) as typeof schema;
  } catch {
    return [];
  }
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

/** Form field name prefix of a parameter in the run form. */
export const PARAM_FIELD_PREFIX = 'param.';

/**
 * Turns the run form's per-parameter fields into parameters: empty fields are left out (so
 * defaults apply), numbers and booleans are converted, objects and arrays are parsed as JSON.
 *
 * @param parameters - the job's parameters
 * @param form - the posted form fields
 * @returns the parameters given in the form
 * @throws Error naming the field when a JSON or number field cannot be parsed
 */
export function paramsFromForm(parameters: readonly ParameterInfo[], form: Record<string, string | undefined>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const raw = form[PARAM_FIELD_PREFIX + parameter.name];
    if (parameter.type === 'boolean') {
      if (raw !== undefined) params[parameter.name] = raw === 'true' || raw === 'on';
      continue;
    }
    if (raw === undefined || raw === '') continue;
    params[parameter.name] = convert(parameter, raw);
  }
  return params;
}

function convert(parameter: ParameterInfo, raw: string): unknown {
  if (parameter.enum !== undefined) return parameter.enum.find((value) => String(value) === raw) ?? raw;
  switch (parameter.type) {
    case 'number':
    case 'integer': {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new Error(`Parameter "${parameter.name}" must be a number.`);
      return value;
    }
    case 'string':
      return raw;
    case 'object':
    case 'array':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new Error(`Parameter "${parameter.name}" must be JSON (${parameter.type}).`);
      }
    default:
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
}

/**
 * A job's configuration facts for its default parameters, with any secret value redacted.
 *
 * @param job - the job
 * @param defaults - the default parameters
 * @returns label -> value, or an empty object when the job has none or they cannot be computed
 */
export function configInformation(job: JobDefinition, defaults: Record<string, unknown>): Record<string, string> {
  if (job.configInformation === undefined) return {};
  const parsed = job.parameters.safeParse(defaults);
  if (!parsed.success) return {};
  try {
    const secrets = (job.secrets ?? []).map((key) => parsed.data[key]).filter((value): value is string => typeof value === 'string' && value !== '');
    const info = job.configInformation(parsed.data);
    return Object.fromEntries(Object.entries(info).map(([label, value]) => [label, secrets.reduce((text, secret) => text.split(secret).join('[REDACTED]'), String(value))]));
  } catch {
    return {};
  }
}
