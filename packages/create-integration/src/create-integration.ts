// `npm create @ssot/integration <name>`: the generator's `integration` command, run in the working directory.
import { runGenerator, type GeneratorOutput } from '@ssot/generator';

/** The usage text of `npm create @ssot/integration` (the `create-integration` executable). */
export const CREATE_INTEGRATION_USAGE = `Usage:
  npm create @ssot/integration <name> -- [options]
  pnpm create @ssot/integration <name> [options]
  npx @ssot/create-integration <name> [options]

Options (those of \`ssot new integration\`):
  --template file|inventory   the other side of the jobs: a JSON file standing for your source of truth
                              (default; jobs both ways) or the MongoDB inventory (<name>-to-inventory)
  --direction source|target|both
  --models a,b,c              model names (lower case, words joined by - or _; interface is fine)
  --root <dir>                default: the pnpm workspace around the working directory, or the working directory
  --dir <dir>                 output folder (default integrations/<name> in a workspace, <name> outside)
  --standalone                real version ranges and no tsconfig references, even inside a workspace
  --dry-run                   print the files that would be written and write nothing
`;

/**
 * Runs `npm create @ssot/integration`: scaffolds the integration `<name>` in the working directory
 * (in `integrations/<name>` of the pnpm workspace around it, if any) with `@ssot/generator`, and
 * returns the exit code (0 done, 1 failed, 2 bad usage or refused). Nothing is written when the
 * command is refused.
 *
 * @example
 * ```ts
 * import { runCreateIntegration } from '@ssot/create-integration';
 *
 * process.exitCode = await runCreateIntegration(['acme', '--template', 'inventory', '--dry-run']);
 * ```
 *
 * @param argv - the arguments without `node` and the script: the name, then the options
 * @param output - where to print (default: the process's streams)
 * @param cwd - the working directory (default: the process's)
 * @returns the exit code
 */
export async function runCreateIntegration(argv: readonly string[], output: GeneratorOutput = { stdout: process.stdout, stderr: process.stderr }, cwd: string = process.cwd()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    output.stdout.write(CREATE_INTEGRATION_USAGE);
    return 0;
  }
  const name = argv[0];
  if (name === undefined || name.startsWith('-')) {
    output.stderr.write(`error: give the name of the integration first (npm create @ssot/integration acme).\n${CREATE_INTEGRATION_USAGE}`);
    return 2;
  }
  return runGenerator(['integration', ...argv], output, cwd);
}
