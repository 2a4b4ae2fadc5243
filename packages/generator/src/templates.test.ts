// The template folders: found, read, and consistent with their manifests.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './__fixtures__/paths.js';
import { defaultTemplatesDir, isInternal, readTemplate } from './templates.js';

describe('templates', () => {
  it('are found at the repository root', () => {
    expect(defaultTemplatesDir()).toBe(join(REPO_ROOT, 'templates'));
  });

  it.each(['integration', 'job'] as const)('the %s manifest names files that exist', async (kind) => {
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
  });
});
