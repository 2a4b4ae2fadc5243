// The `create-integration` executable end to end, in a scratch folder outside any workspace: usage, dry runs and a real run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'ssot-create-integration-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const create = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });

describe('create-integration', { timeout: 30_000 }, () => {
  it('prints its usage; without a name it exits 2', async () => {
    expect(await create('--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage:\n {2}npm create @ssot\/integration <name>/) });
    expect(await create()).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: give the name of the integration first/) });
  });

  it('--dry-run lists the files of the integration in the working directory and writes nothing', async () => {
    const plan = await create('acme', '--models', 'device,interface', '--dry-run');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`would create ${join('acme', 'package.json')}`);
    expect(plan.stdout).toContain(`would create ${join('acme', 'src', 'models.ts')}`);
    expect(plan.stdout).toContain(`would create ${join('acme', 'src', 'jobs', 'acme-to-file.ts')}`);
    expect(existsSync(join(cwd, 'acme'))).toBe(false);

    const inventory = await create('acme', '--template', 'inventory', '--dry-run');
    expect(inventory.code, inventory.stderr).toBe(0);
    expect(inventory.stdout).toContain(`would create ${join('acme', 'src', 'jobs', 'acme-to-inventory.ts')}`);
    expect(inventory.stdout).not.toContain('file-adapter.ts');
  });

  it('writes the package; a second run is refused', async () => {
    const created = await create('acme', '--models', 'device,interface');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('npm install');
    expect(JSON.parse(await readFile(join(cwd, 'acme', 'package.json'), 'utf8'))).toMatchObject({ name: '@ssot/integration-acme', dependencies: { '@ssot/core': expect.stringMatching(/^\^\d/) } });
    expect(await readFile(join(cwd, 'acme', 'src', 'models.ts'), 'utf8')).toContain("export const interfaceModel = defineModel<Interface>()({ name: 'interface'");
    expect(await create('acme')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INTEGRATION_EXISTS\]/) });
  });

  it('refuses an invalid name with a hint', async () => {
    expect(await create('Acme_Cloud')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error \[INVALID_NAME\]: .*\nhint: Use lower-case/) });
  });
});
