// The ts-morph edits as pure functions: text in, text out, with inline snapshots; each is idempotent.
import { describe, expect, it } from 'vitest';
import { addIndexExports, addJobToJobsList, addModels, appendToMarkdownSection, declaredJobNames, exportedNames, importedNames } from './source-edits.js';
import { isGeneratorError } from './errors.js';

const jobsFile = `// Jobs of acme.
import { acmeToFile } from './jobs/acme-to-file.js';

/** Every job. */
export const jobs = [acmeToFile];
`;

describe('addJobToJobsList', () => {
  it('adds the import after the last import and the entry at the end of the array', () => {
    expect(addJobToJobsList(jobsFile, { exportName: 'acmeSites', module: './jobs/acme-sites.js' })).toMatchInlineSnapshot(`
      "// Jobs of acme.
      import { acmeToFile } from './jobs/acme-to-file.js';
      import { acmeSites } from './jobs/acme-sites.js';

      /** Every job. */
      export const jobs = [acmeToFile, acmeSites];
      "
    `);
  });

  it('puts the first import below the header comment', () => {
    const empty = `// Jobs of acme.\n\n/** Every job. */\nexport const jobs = [];\n`;
    expect(addJobToJobsList(empty, { exportName: 'acmeToFile', module: './jobs/acme-to-file.js' })).toMatchInlineSnapshot(`
      "// Jobs of acme.
      import { acmeToFile } from './jobs/acme-to-file.js';

      /** Every job. */
      export const jobs = [acmeToFile];
      "
    `);
  });

  it('changes nothing the second time', () => {
    const job = { exportName: 'acmeSites', module: './jobs/acme-sites.js' };
    const once = addJobToJobsList(jobsFile, job);
    expect(addJobToJobsList(once, job)).toBe(once);
    expect(addJobToJobsList(jobsFile, { exportName: 'acmeToFile', module: './jobs/acme-to-file.js' })).toBe(jobsFile);
  });

  it('refuses a jobs list that is not an array literal', () => {
    let caught: unknown;
    try {
      addJobToJobsList('export const jobs = makeJobs();\n', { exportName: 'a', module: './a.js' });
    } catch (error) {
      caught = error;
    }
    expect(isGeneratorError(caught, 'NOT_EDITABLE')).toBe(true);
  });
});

describe('addIndexExports', () => {
  const index = `// Entry.
export { createAcmeAdapter } from './adapter.js';
export { jobs } from './jobs.js';
export { models } from './models.js';
export type { AcmeData } from './models.js';
`;

  it('adds a new export declaration in module order', () => {
    expect(addIndexExports(index, './jobs/acme-sites.js', ['acmeSites'])).toMatchInlineSnapshot(`
      "// Entry.
      export { createAcmeAdapter } from './adapter.js';
      export { jobs } from './jobs.js';
      export { acmeSites } from './jobs/acme-sites.js';
      export { models } from './models.js';
      export type { AcmeData } from './models.js';
      "
    `);
  });

  it('merges names into an existing export of the module, values and types apart', () => {
    const values = addIndexExports(index, './models.js', ['site', 'device']);
    expect(addIndexExports(values, './models.js', ['Site', 'Device'], true)).toMatchInlineSnapshot(`
      "// Entry.
      export { createAcmeAdapter } from './adapter.js';
      export { jobs } from './jobs.js';
      export { device, models, site } from './models.js';
      export type { AcmeData, Device, Site } from './models.js';
      "
    `);
  });

  it('changes nothing for names already exported', () => {
    expect(addIndexExports(index, './jobs.js', ['jobs'])).toBe(index);
  });
});

describe('addModels', () => {
  const models = `// Models.
import { defineModel } from '@ssot/core';

/** Every model. */
export const models = {};

/** Records per model. */
export interface AcmeData {}
`;
  const snippet = (name: string, type: string): string => `/** A ${name}. */\nexport interface ${type} {\n  /** Name. */\n  name: string;\n}\n\n/** The ${name} model. */\nexport const ${name} = defineModel<${type}>()({ name: '${name}', identifiers: ['name'] });\n`;

  it('inserts the definitions and adds them to models and the data interface', () => {
    const result = addModels(models, 'AcmeData', [
      { name: 'site', constName: 'site', typeName: 'Site' },
      { name: 'ip-address', constName: 'ipAddress', typeName: 'IpAddress' },
    ], [snippet('site', 'Site'), snippet('ipAddress', 'IpAddress')]);
    expect(result).toMatchInlineSnapshot(`
      "// Models.
      import { defineModel } from '@ssot/core';

      /** A site. */
      export interface Site {
        /** Name. */
        name: string;
      }

      /** The site model. */
      export const site = defineModel<Site>()({ name: 'site', identifiers: ['name'] });

      /** A ipAddress. */
      export interface IpAddress {
        /** Name. */
        name: string;
      }

      /** The ipAddress model. */
      export const ipAddress = defineModel<IpAddress>()({ name: 'ipAddress', identifiers: ['name'] });

      /** Every model. */
      export const models = {
        /** The site model. */
        site,
        /** The ip-address model. */
        'ip-address': ipAddress,
      };

      /** Records per model. */
      export interface AcmeData {
        /** The site records. */
        site: Site[];
        /** The ip-address records. */
        'ip-address': IpAddress[];
      }
      "
    `);
    expect(addModels(result, 'AcmeData', [{ name: 'site', constName: 'site', typeName: 'Site' }], [snippet('site', 'Site')])).toBe(result);
  });

  it('keys a reserved word unquoted, beside the variable of another name', () => {
    const result = addModels(models, 'AcmeData', [{ name: 'interface', constName: 'interfaceModel', typeName: 'Interface' }], [snippet('interfaceModel', 'Interface').replace("name: 'interfaceModel'", "name: 'interface'")]);
    expect(result).toMatchInlineSnapshot(`
      "// Models.
      import { defineModel } from '@ssot/core';

      /** A interfaceModel. */
      export interface Interface {
        /** Name. */
        name: string;
      }

      /** The interfaceModel model. */
      export const interfaceModel = defineModel<Interface>()({ name: 'interface', identifiers: ['name'] });

      /** Every model. */
      export const models = {
        /** The interface model. */
        interface: interfaceModel,
      };

      /** Records per model. */
      export interface AcmeData {
        /** The interface records. */
        interface: Interface[];
      }
      "
    `);
  });

  it('refuses a file without the data interface', () => {
    expect(() => addModels(models, 'OtherData', [], [])).toThrow(/no `OtherData` interface/);
  });
});

describe('appendToMarkdownSection', () => {
  const readme = '# acme\n\n## Jobs\n\n- `acme-to-file`\n\n## Parameters\n\nnone\n';

  it('appends a line at the end of the section, once', () => {
    const once = appendToMarkdownSection(readme, '## Jobs', '- `acme-sites`');
    expect(once).toMatchInlineSnapshot(`
      "# acme

      ## Jobs

      - \`acme-to-file\`
      - \`acme-sites\`

      ## Parameters

      none
      "
    `);
    expect(appendToMarkdownSection(once, '## Jobs', '- `acme-sites`')).toBe(once);
  });

  it('leaves a README without the section alone', () => {
    expect(appendToMarkdownSection('# acme\n', '## Jobs', '- x')).toBe('# acme\n');
  });
});

describe('reading modules', () => {
  it('lists exported names, re-exports included', () => {
    expect(exportedNames("export { a, b as c } from './x.js';\nexport type { T } from './t.js';\nexport const d = 1, e = 2;\nexport function f(): void {}\nexport class G {}\nconst hidden = 3;\n")).toEqual(['a', 'c', 'd', 'e', 'f', 'G', 'T']);
  });

  it('lists imported names, aliases as written', () => {
    expect(importedNames("import { a, b as c } from './x.js';\nimport type { T } from './t.js';\nimport d, * as e from 'e';\n")).toEqual(['a', 'c', 'd', 'e', 'T']);
  });

  it('finds the names of defineJob calls', () => {
    expect(declaredJobNames("export const a = defineJob({ name: 'a-to-b', direction: 'data-target' });\nconst other = make({ name: 'x' });\n")).toEqual(['a-to-b']);
  });
});
