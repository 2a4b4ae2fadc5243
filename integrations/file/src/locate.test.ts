import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { fileFields } from './fields.js';
import { lazyYamlLocator, yamlLocator } from './locate.js';
import { fileModelOrder } from './models.js';
import { sampleYaml } from './__fixtures__/files.js';

const tricky = fileURLToPath(new URL('./__fixtures__/tricky-inventory.yaml', import.meta.url));

// Every line either locator can be asked for: each record of each model (and one past the end), each field and an unknown one.
function allLines(text: string, perModel: boolean, locate: 'events' | 'yaml'): string[] {
  const lineCounter = new LineCounter();
  const locator = locate === 'events' ? lazyYamlLocator(text, perModel) : yamlLocator(parseDocument(text, { lineCounter }), lineCounter, perModel);
  const out: string[] = [];
  for (const model of perModel ? ['site'] : fileModelOrder) {
    const fields = [...Object.keys(fileFields[model as keyof typeof fileFields] ?? {}), 'colour'];
    for (let index = 0; index < 40; index++) {
      out.push(`${model}[${index}] ${locator.line(model, index)}`);
      for (const field of fields) out.push(`${model}[${index}].${field} ${locator.line(model, index, field)}`);
    }
  }
  return out;
}

const perModelFile = `# sites, block and flow, with comments, anchors, aliases, tags and empty items
- name: ams1   # first
  region: emea
  "status": active
  'asn': 65001

- &lon
  name: lon1
  region: emea
- {name: fra1,
   region: emea, asn: 1}
- *lon
-
- # nothing here
-   !!str x
- ? name
  : par1
- [a, b]
- |
  text
-
`;

describe('lazyYamlLocator', () => {
  it('finds the lines the yaml package finds, in documents and per-model files', async () => {
    const texts: [string, boolean][] = [
      [await readFile(sampleYaml, 'utf8'), false],
      [await readFile(tricky, 'utf8'), false],
      [perModelFile, true],
      [`\ufeff${perModelFile.replaceAll('\n', '\r\n')}`, true],
      ['site:\n  - {name: ams1}\nregion: \n  - name: emea\ninterface: *x\n', false],
      ['- name: a#b\n  region:\n-\n- "x # y"\n-\n- >- # folded\n  z\n- [\n  {name: b},\n  {name: c}]\n- !!map &m {name: d}\n', true],
      ['site: [{name: a, region: r},\n  {name: b,\n   region: r}]\ndevice: [\n  ]\n', false],
      ['', true],
      ['# nothing\n', false],
    ];
    for (const [text, perModel] of texts) expect(allLines(text, perModel, 'events'), text.slice(0, 40)).toEqual(allLines(text, perModel, 'yaml'));
  });

  it('finds the keys of the root mapping', async () => {
    const text = await readFile(sampleYaml, 'utf8');
    const locator = lazyYamlLocator(text, false);
    const lines = text.split('\n');
    for (const model of fileModelOrder) expect(lines[(locator.keyLine(model) as number) - 1]).toBe(`${model}:`);
    expect(locator.keyLine('racks')).toBeUndefined();
    expect(lazyYamlLocator('- a\n', true).keyLine('a')).toBeUndefined();
  });
});
