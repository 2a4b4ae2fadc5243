// The template folders: found, read, and consistent with their manifests.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './__fixtures__/paths.js';
import { defaultTemplatesDir, isInternal, readTemplate } from './templates.js';

describe('templates', () => {
  it('are found at the repository root', () => {
    expect(defaultTemplatesDir()).toBe(join(REPO_ROOT, 'templates'));
  });

  it.each(['integration', 'integration-inventory', 'job'] as const)('the %s manifest names files that exist', async (kind) => {
    const template = await readTemplate(kind);
    const paths = [...template.files.keys()];
    for (const entry of template.manifest.internal) expect(paths.some((path) => path === entry || path.startsWith(`${entry}/`)), entry).toBe(true);
    for (const path of Object.keys(template.manifest.directions ?? {})) expect(paths).toContain(path);
    for (const path of Object.keys(template.manifest.requires ?? {})) expect(path).toMatch(/^src\/.+\.ts$/);
    expect(paths.filter((path) => !isInternal(template.manifest, path)).length).toBeGreaterThan(0);
  });

  it('give each direction a job file', async () => {
    const { manifest } = await readTemplate('integration');
    for (const [direction, job] of Object.entries(manifest.jobs ?? {})) expect(manifest.directions?.[`src/jobs/${job}.ts`]).toBe(direction);
    const inventory = await readTemplate('integration-inventory');
    for (const job of Object.values(inventory.manifest.jobs ?? {})) expect(inventory.files.has(`src/jobs/${job}.ts`)).toBe(true);
  });

  it('take inherited files from the other template, their own first', async () => {
    const [inventory, integration] = await Promise.all([readTemplate('integration-inventory'), readTemplate('integration')]);
    for (const path of ['tsconfig.test.json', 'typedoc.json', 'src/options.ts', 'standalone/versions.json']) expect(inventory.files.get(path), path).toBe(integration.files.get(path));
    expect(inventory.files.get('package.json')).not.toBe(integration.files.get('package.json'));
    expect(inventory.files.has('src/file-adapter.ts')).toBe(false);
  });

  it('pin outside a workspace the versions the workspace catalog has', async () => {
    const { files } = await readTemplate('integration');
    const versions = JSON.parse(files.get('standalone/versions.json') ?? '{}') as Record<'dependencies' | 'devDependencies', Record<string, string>>;
    const workspace = await readFile(join(REPO_ROOT, 'pnpm-workspace.yaml'), 'utf8');
    for (const [name, range] of Object.entries({ ...versions.dependencies, ...versions.devDependencies })) {
      expect(workspace, name).toMatch(new RegExp(`^  "?${name.replace(/[/@.]/g, '\\$&')}"?: ${range.replace(/[.^~]/g, '\\$&')}$`, 'm'));
    }
  });
});
