// Repository test: every package in integrations/ follows the house convention (generated ones included).
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, scratchDir } from './__fixtures__/paths.js';
import { applyPlan } from './apply-plan.js';
import { conventionViolations } from './convention.js';
import { planIntegration } from './plan-integration.js';

const integrationsDir = join(REPO_ROOT, 'integrations');
const integrations = existsSync(integrationsDir)
  ? readdirSync(integrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(integrationsDir, entry.name, 'package.json')))
      .map((entry) => entry.name)
      .sort()
  : [];

describe('integrations follow the convention', () => {
  it('finds the integrations of the repository', () => {
    expect(integrations).toContain('example');
  });

  it.each(integrations)('integrations/%s', async (name) => {
    expect(await conventionViolations(join(integrationsDir, name))).toEqual([]);
  });

  it('a freshly generated integration follows it too, in each direction and from each template', async () => {
    const root = await scratchDir();
    try {
      for (const direction of ['source', 'target', 'both'] as const) {
        const plan = await planIntegration({ root, name: `acme-${direction}`, direction, models: ['site', 'device'] });
        await applyPlan(plan);
        expect(await conventionViolations(plan.dir)).toEqual([]);
      }
      const inventory = await planIntegration({ root, name: 'acme-inventory', template: 'inventory' });
      await applyPlan(inventory);
      expect(await conventionViolations(inventory.dir)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reports what is missing', async () => {
    const root = await scratchDir();
    try {
      expect(await conventionViolations(join(root, 'nothing'))).toEqual(expect.arrayContaining(['package.json is missing', 'src/index.ts is missing', 'README.md is missing']));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
