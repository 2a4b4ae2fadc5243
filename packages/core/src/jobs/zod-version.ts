// Checks that a job's parameter schema comes from the zod major version @ssot/core works with.
import { SsotError } from '../errors.js';

/** The zod versions @ssot/core supports (its peer dependency range). */
export const SUPPORTED_ZOD_RANGE = '^4.1.0';

/**
 * Throws unless `schema` is a zod 4 schema. zod 3 schemas (and anything else) are refused loudly:
 * core reads parameter schemas through zod 4's internals, and a zod 3 schema would otherwise pass
 * for a job with no parameters.
 *
 * @param schema - the job's `parameters`
 * @param job - the job's name, for the message
 * @throws SsotError with code `INVALID_JOB` naming the job and the version found
 */
export function assertZod4Schema(schema: unknown, job: string): void {
  const internals = typeof schema === 'object' && schema !== null ? (schema as { _zod?: { version?: { major?: unknown; minor?: unknown } } })._zod : undefined;
  const major = internals?.version?.major;
  if (major === 4) return;
  const found = internals === undefined ? (typeof schema === 'object' && schema !== null && '_def' in schema ? 'a zod 3 schema' : `not a zod schema (${schema === null ? 'null' : typeof schema})`) : `a zod ${String(major)} schema`;
  throw new SsotError(
    'INVALID_JOB',
    `Job "${job}": parameters is ${found}; @ssot/core needs a zod 4 schema (zod ${SUPPORTED_ZOD_RANGE}). Install zod 4 and import it with \`import { z } from 'zod'\` (zod 3.25's \`zod/v4\` export also works).`,
  );
}
