// The ssot-generate command line: usage, dry runs, writing, second runs and refusals with hints.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from './__fixtures__/paths.js';
import { runGenerator } from './cli.js';

let root: string;
beforeEach(async () => {
  root = await scratchDir();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const code = await runGenerator(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, root);
  return { code, stdout, stderr };
};

describe('ssot-generate', () => {
  it('prints usage', async () => {
    expect((await run('--help')).stdout).toMatch(/^Usage:/);
    expect(await run('integration')).toMatchObject({ code: 2, stderr: expect.stringMatching(/expected "integration <name>"/) });
    expect((await run('--nope')).code).toBe(2);
  });

  it('--dry-run writes nothing', async () => {
    const result = await run('integration', 'acme', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would create');
    expect(existsSync(join(root, 'acme'))).toBe(false);
  });

  it('generates an integration and a job; a second job run changes nothing', async () => {
    const created = await run('integration', 'acme', '--direction', 'target', '--models', 'site, device');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('create ');
    expect(created.stdout).toContain('npm install');
    expect(existsSync(join(root, 'acme/src/jobs/file-to-acme.ts'))).toBe(true);
    expect((await run('job', 'acme', 'acme-extra')).code).toBe(0);
    expect(await run('job', 'acme', 'acme-extra')).toMatchObject({ code: 0, stdout: 'Nothing to do: everything is already in place.\n' });
  });

  it('--template inventory plans the inventory integration; the template decides the default direction', async () => {
    const result = await run('integration', 'acme', '--template', 'inventory', '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`would create ${join('acme', 'src', 'jobs', 'acme-to-inventory.ts')}`);
    expect(await run('integration', 'acme', '--template', 'inventory', '--direction', 'both', '--dry-run')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_OPTION\]: The inventory template makes a data source only/) });
    expect(await run('integration', 'acme', '--template', 'sheet')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_OPTION\]: Unknown template "sheet"\.\nhint: Use --template file\|inventory/) });
  });

  it('refuses with a code, a message and a hint', async () => {
    expect(await run('integration', 'Acme')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_NAME\]: .*\nhint: Use lower-case/) });
    expect(await run('integration', 'acme', '--direction', 'up')).toMatchObject({ code: 2, stderr: expect.stringMatching(/INVALID_OPTION/) });
    expect(await run('job', 'missing', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/UNKNOWN_INTEGRATION/) });
  });
});
