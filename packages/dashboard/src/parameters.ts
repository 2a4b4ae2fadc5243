// A job's parameters for people (from its zod schema) and the run form's values turned back into parameters.
import { describeParameters, Redactor } from '@ssot/core';
import type { JobDefinition, ParameterInfo } from '@ssot/core';

/** Form field name prefix of a parameter in the run form. */
export const PARAM_FIELD_PREFIX = 'param.';

/**
 * Turns the run form's per-parameter fields into parameters: empty fields are left out (so
 * defaults apply), numbers and booleans are converted, objects and arrays are parsed as JSON. A
 * `param.` field the job does not declare is passed on as given, so that core's `runJob` refuses
 * it (an `UnknownParameterError` with a did-you-mean) rather than the form dropping it.
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
  const declared = new Set(parameters.map((parameter) => parameter.name));
  for (const [field, raw] of Object.entries(form)) {
    if (!field.startsWith(PARAM_FIELD_PREFIX) || raw === undefined) continue;
    const name = field.slice(PARAM_FIELD_PREFIX.length);
    if (!declared.has(name)) params[name] = raw;
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
 * The parameters a job's configuration facts are computed with: the default parameters as the
 * schema reads them; when required parameters have no default, each stands in as `‹name›` (so a
 * job with a required parameter still shows its configuration, `‹url›/api/` where the URL goes);
 * when even that does not pass the schema, the schema's defaults and the values as given.
 *
 * @param job - the job
 * @param defaults - the default parameters
 * @returns the parameters, and which required ones are placeholders
 */
export function configurationParams(job: JobDefinition, defaults: Record<string, unknown>): { params: Record<string, unknown>; placeholders: string[] } {
  const parsed = job.parameters.safeParse(defaults);
  if (parsed.success) return { params: parsed.data, placeholders: [] };
  const parameters = describeParameters(job);
  const placeholders = parameters.filter((p) => p.required && defaults[p.name] === undefined).map((p) => p.name);
  const filled: Record<string, unknown> = { ...defaults, ...Object.fromEntries(placeholders.map((name) => [name, `‹${name}›`])) };
  const retried = job.parameters.safeParse(filled);
  if (retried.success) return { params: retried.data, placeholders };
  return { params: { ...Object.fromEntries(parameters.filter((p) => p.default !== undefined).map((p) => [p.name, p.default])), ...filled }, placeholders };
}

/**
 * A job's configuration facts for its default parameters (see {@link configurationParams}), with
 * any secret value redacted and missing values shown as `(not set)`.
 *
 * @param job - the job
 * @param defaults - the default parameters
 * @returns label -> value, or an empty object when the job has none or they cannot be computed
 */
export function configInformation(job: JobDefinition, defaults: Record<string, unknown>): Record<string, string> {
  if (job.configInformation === undefined) return {};
  const { params } = configurationParams(job, defaults);
  try {
    // Declared secrets, and the credentials any value may hold (URL userinfo, secret query parameters, tokens).
    const redactor = new Redactor((job.secrets ?? []).map((key) => params[key]).filter((value): value is string => typeof value === 'string' && value !== ''));
    const info = job.configInformation(params);
    return Object.fromEntries(Object.entries(info).map(([label, value]) => [label, value === undefined || value === null ? '(not set)' : redactor.text(String(value))]));
  } catch {
    return {};
  }
}
