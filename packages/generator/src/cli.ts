// The `ssot-generate` command line: `integration <name> [options]` and `job <integration> <job-name>`, on the planners.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan } from './apply-plan.js';
import { GeneratorError } from './errors.js';
import type { GenerationPlan } from './plan.js';
import { DIRECTIONS, INTEGRATION_TEMPLATES, planIntegration, type IntegrationDirection, type IntegrationTemplate } from './plan-integration.js';
import { planJob } from './plan-job.js';
import { findWorkspaceRoot } from './workspace.js';

/** A stream the command line prints to (`process.stdout`, or a collector in tests). */
export interface GeneratorStream {
  /**
   * Prints text.
   *
   * @param text - what to print
   */
  write(text: string): unknown;
}

/** Where the command line prints. */
export interface GeneratorOutput {
  /** Normal output. */
  stdout: GeneratorStream;
  /** Errors. */
  stderr: GeneratorStream;
}

/** The usage text of `ssot-generate`. */
export const GENERATOR_USAGE = `Usage:
  ssot-generate integration <name> [--template file|inventory] [--direction source|target|both] [--models a,b,c] [--root <dir>] [--dir <dir>] [--standalone] [--dry-run]
  ssot-generate job <integration> <job-name> [--root <dir>] [--dry-run]

--template is the other side of the jobs: file (default; a JSON file standing for your source of
  truth, jobs both ways, one model per --models entry) or inventory (the MongoDB inventory of
  @ssot/inventory: <name>-to-inventory, on the inventory's own device and interface models).
--models names the models (lower case, words joined by - or _; reserved words such as interface are fine).
--root defaults to the pnpm workspace around the working directory, or the working directory.
--standalone generates for a project outside the workspace (real version ranges, no tsconfig references).
--dry-run prints the files that would be written and writes nothing.
`;

function report(plan: GenerationPlan, dryRun: boolean, out: GeneratorOutput['stdout'], cwd: string): void {
  if (plan.unchanged) {
    out.write('Nothing to do: everything is already in place.\n');
    return;
  }
  for (const file of plan.files) out.write(`${dryRun ? 'would ' : ''}${file.action} ${relative(cwd, file.path) || file.path}\n`);
  if (!dryRun && plan.nextSteps.length > 0) out.write(`\nNext:\n${plan.nextSteps.map((step) => `  ${step}`).join('\n')}\n`);
}

/**
 * Runs `ssot-generate` and returns the exit code (0 done, 1 a write failed, 2 bad usage or
 * refused). Errors are printed as one line and a hint; nothing is written when a command is refused.
 * `ssot new` of `@ssot/cli` and `npm create @ssot/integration` run it.
 *
 * @example
 * ```ts
 * import { runGenerator } from '@ssot/generator';
 *
 * process.exitCode = await runGenerator(['integration', 'acme', '--template', 'inventory', '--dry-run']);
 * ```
 *
 * @param argv - the arguments without `node` and the script
 * @param output - where to print (default: the process's streams)
 * @param cwd - the working directory (default: the process's)
 * @returns the exit code
 */
export async function runGenerator(argv: readonly string[], output: GeneratorOutput = { stdout: process.stdout, stderr: process.stderr }, cwd: string = process.cwd()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        template: { type: 'string' },
        direction: { type: 'string' },
        models: { type: 'string' },
        root: { type: 'string' },
        dir: { type: 'string' },
        standalone: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    output.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${GENERATOR_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    output.stdout.write(GENERATOR_USAGE);
    return 0;
  }
  const [kind, first, second] = positionals;
  const root = values.root ?? findWorkspaceRoot(cwd) ?? cwd;
  const dryRun = values['dry-run'] === true;
  try {
    let plan: GenerationPlan;
    if (kind === 'integration' && first !== undefined && second === undefined) {
      const direction = values.direction as IntegrationDirection | undefined;
      if (direction !== undefined && !DIRECTIONS.includes(direction)) throw new GeneratorError('INVALID_OPTION', `Unknown direction "${direction}".`, `Use --direction ${DIRECTIONS.join('|')}.`);
      const template = values.template as IntegrationTemplate | undefined;
      if (template !== undefined && !INTEGRATION_TEMPLATES.includes(template)) throw new GeneratorError('INVALID_OPTION', `Unknown template "${template}".`, `Use --template ${INTEGRATION_TEMPLATES.join('|')}.`);
      const models = values.models?.split(',').map((model) => model.trim()).filter((model) => model !== '');
      plan = await planIntegration({
        root,
        name: first,
        ...(template === undefined ? {} : { template }),
        ...(direction === undefined ? {} : { direction }),
        ...(models === undefined ? {} : { models }),
        ...(values.standalone === true ? { workspace: false } : {}),
        ...(values.dir === undefined ? {} : { dir: values.dir }),
      });
    } else if (kind === 'job' && first !== undefined && second !== undefined) {
      plan = await planJob({ root, integration: first, jobName: second });
    } else {
      output.stderr.write(`error: expected "integration <name>" or "job <integration> <job-name>".\n${GENERATOR_USAGE}`);
      return 2;
    }
    if (!dryRun) await applyPlan(plan);
    report(plan, dryRun, output.stdout, cwd);
    return 0;
  } catch (error) {
    if (error instanceof GeneratorError) {
      output.stderr.write(`error [${error.code}]: ${error.message}\nhint: ${error.hint}\n`);
      // Refusals before anything is written are usage errors (2); a failed write is a failure (1).
      return error.code === 'WRITE_FAILED' || error.code === 'TEMPLATE_MISSING' ? 1 : 2;
    }
    output.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
