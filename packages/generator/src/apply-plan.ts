// Writes a plan all at once: every file to a temporary file first, then all renamed, so a failure leaves nothing half-written.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GeneratorError } from './errors.js';
import type { GenerationPlan } from './plan.js';

/** What {@link applyPlan} did. */
export interface ApplyResult {
  /** Files created. */
  created: string[];
  /** Files changed. */
  updated: string[];
}

/**
 * Writes a plan. Every file is written to a temporary file beside its destination first; only
 * when all are written are they renamed into place. If anything fails before the renames, the
 * temporary files and the folders made for them are removed and nothing has changed. A `create`
 * whose file appeared since planning is refused before anything is written.
 *
 * @example
 * ```ts
 * const { created } = await applyPlan(await planIntegration({ root: process.cwd(), name: 'acme' }));
 * ```
 *
 * @param plan - from `planIntegration` or `planJob`
 * @returns the files created and changed
 * @throws GeneratorError `INTEGRATION_EXISTS` when a file to create exists, `WRITE_FAILED` when a write fails
 */
export async function applyPlan(plan: GenerationPlan): Promise<ApplyResult> {
  for (const file of plan.files) {
    if (file.action === 'create' && existsSync(file.path)) throw new GeneratorError('INTEGRATION_EXISTS', `${file.path} exists already (it appeared after planning).`, 'Plan again: the plan is out of date.');
  }
  const madeDirs: string[] = [];
  const temporaries: string[] = [];
  const suffix = `.${process.pid}.${Date.now().toString(36)}.ssot-tmp`;
  try {
    for (const file of plan.files) {
      const made = await mkdir(dirname(file.path), { recursive: true });
      if (made !== undefined) madeDirs.push(made);
      const temporary = `${file.path}${suffix}`;
      temporaries.push(temporary);
      await writeFile(temporary, file.content);
    }
  } catch (error) {
    await Promise.all(temporaries.map((temporary) => rm(temporary, { force: true })));
    for (const made of madeDirs.reverse()) await rm(made, { recursive: true, force: true });
    throw new GeneratorError('WRITE_FAILED', `Could not write ${plan.dir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`, 'Check the permissions and free space of that folder, then run the command again.');
  }
  for (const [index, file] of plan.files.entries()) await rename(temporaries[index] ?? '', file.path);
  return {
    created: plan.files.filter((file) => file.action === 'create').map((file) => file.path),
    updated: plan.files.filter((file) => file.action === 'update').map((file) => file.path),
  };
}
