import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileAdapter } from './adapter.js';
import { FileFormatError } from './errors.js';
import { readYaml, readYamlReference } from './read-yaml.js';
import { removeTempDirs, sampleYaml, tempDir } from './__fixtures__/files.js';

afterEach(removeTempDirs);

const tricky = fileURLToPath(new URL('./__fixtures__/tricky-inventory.yaml', import.meta.url));

// Both readers on the same text: the fast path must give exactly what the yaml package gives (NaN, -0 and key order included).
function both(text: string, perModel = false): { fast: ReturnType<typeof readYaml>; reference: ReturnType<typeof readYamlReference> } {
  return { fast: readYaml('/x/inventory.yaml', text, perModel), reference: readYamlReference('/x/inventory.yaml', text, perModel) };
}

function thrown(run: () => unknown): FileFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FileFormatError);
    return error as FileFormatError;
  }
  throw new Error('expected a FileFormatError');
}

describe('readYaml: the same values as the yaml package (YAML 1.2 core)', () => {
  it('reads the tricky inventory (Norway problem, on/off, leading zeros, 0x, dates, interface names, IPs) with no type change', async () => {
    const text = await readFile(tricky, 'utf8');
    const { fast, reference } = both(text);
    expect(fast.parser).toBe('js-yaml');
    expect(reference.parser).toBe('yaml');
    expect(isDeepStrictEqual(fast.value, reference.value)).toBe(true);
    const value = fast.value as Record<string, Record<string, unknown>[]>;
    expect(value.region?.[0]).toStrictEqual({ name: 'no', parent: null, description: 'yes', sort_order: 10, tags: ['on', 'off', 'y', 'n', 'Yes', 'NO', 'true'] });
    expect(value.region?.[1]).toMatchObject({ name: 'off', parent: 'no', description: '2024-01-01', sort_order: 31 });
    expect(value.region?.[1]?.tags).toStrictEqual(['2024-01-01', '12:30', '12:30:00', '1_000', '0b101', '0X1F', '+0x1F', '-0o17', '1e', '.5.', '=', '<<']);
    expect(value.site?.[1]).toMatchObject({ asn: 64512, facility: null, time_zone: '12:30' });
    expect(value.device?.[0]).toMatchObject({ serial: '0755X', asset_tag: '2001-12-14t21:59:43.10-05:00' });
    expect(value.interface?.map((i) => [i.name, i.enabled, i.mtu, i.description])).toStrictEqual([
      ['Ethernet1/1', true, 9214, 'no'],
      ['Ethernet1/2', true, 1500, 'off'],
      ['xe-0/0/1', false, 1500, '190:20:30'],
      ['1/1/1', false, 1500, '10.0.0.1'],
      ['Gi0/0/0.100', true, 1500, 'v1.10'],
    ]);
    expect(value.vlan?.map((v) => v.vid)).toStrictEqual([100, 4094]);
    expect(value.prefix?.map((p) => [p.prefix, p.description])).toStrictEqual([
      ['10.0.0.0/24', '192.168.001.001'],
      ['2001:db8::/64', '::1'],
    ]);
    expect(value.ip_address?.map((a) => a.address)).toStrictEqual(['10.0.0.1/32', '2001:db8::1/128', 'fe80::1%xe-0/0/1']);
  });

  it('loads the tricky inventory through the adapter', async () => {
    const adapter = createFileAdapter({ path: tricky });
    await adapter.load();
    expect(adapter.count()).toBe(19);
    expect(adapter.get('region', 'no')).toMatchObject({ description: 'yes', sort_order: 10 });
    expect(adapter.get('interface', 'no-core1__Ethernet1/1').description).toBe('no');
    expect(adapter.get('vlan', 'on__100').name).toBe('mgmt');
    expect(adapter.get('ip_address', '10.0.0.1/32').interface).toBe('no-core1__Ethernet1/1');
  });

  // Each scalar plain, as a key, in a flow list, and quoted; the expected value is YAML 1.2 core's (the yaml package's).
  const scalars: [string, unknown][] = [
    ['yes', 'yes'],
    ['no', 'no'],
    ['No', 'No'],
    ['on', 'on'],
    ['off', 'off'],
    ['y', 'y'],
    ['n', 'n'],
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['tRUE', 'tRUE'],
    ['null', null],
    ['Null', null],
    ['~', null],
    ['nULL', 'nULL'],
    ['0', 0],
    ['-0', -0],
    ['+1', 1],
    ['010', 10],
    ['0755', 755],
    ['08', 8],
    ['0x1F', 31],
    ['0X1F', '0X1F'],
    ['-0x1F', '-0x1F'],
    ['0o17', 15],
    ['-0o17', '-0o17'],
    ['0b101', '0b101'],
    ['1_000', '1_000'],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1.10', 1.1],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['.5e3', 500],
    ['1e', '1e'],
    ['1e400', Infinity],
    ['-1e400', -Infinity],
    ['1'.repeat(400), Infinity],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['.NaN', NaN],
    ['nan', 'nan'],
    ['2024-01-01', '2024-01-01'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['12:30', '12:30'],
    ['190:20:30', '190:20:30'],
    ['Ethernet1/1', 'Ethernet1/1'],
    ['xe-0/0/1', 'xe-0/0/1'],
    ['1/1/1', '1/1/1'],
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.1/32', '10.0.0.1/32'],
    ['2001:db8::1', '2001:db8::1'],
    ['00:1a:2b:3c:4d:5e', '00:1a:2b:3c:4d:5e'],
    ['1.2.3', '1.2.3'],
    ['65001', 65001],
    ['AS65001', 'AS65001'],
    ['=', '='],
    ['<<', '<<'],
  ];

  it.each(scalars)('reads %s as the yaml package does', (scalar, expected) => {
    const texts = [`v: ${scalar}\n`, `- ${scalar}\n`, `${scalar}: v\n`, `v: [${scalar}, x]\n`, `{v: ${scalar}}\n`, `v: '${scalar}'\n`, `v: "${scalar}"\n`];
    for (const text of texts) {
      const { fast, reference } = both(text);
      expect(fast.parser, text).toBe('js-yaml');
      expect(isDeepStrictEqual(fast.value, reference.value), `${text} -> ${String(fast.value)} / ${String(reference.value)}`).toBe(true);
    }
    const value = (both(`v: ${scalar}\n`).fast.value as { v: unknown }).v;
    expect(Object.is(value, expected), `${scalar} -> ${String(value)}`).toBe(true);
    expect((both(`v: '${scalar}'\n`).fast.value as { v: unknown }).v).toBe(scalar);
  });

  it('reads null keys, anchors and aliases, and block scalars alike', () => {
    for (const text of ['null: a\nb: ~\n', '~: b\n', 'a: &x {b: 1}\nc: *x\n', 'v: |\n  a\n  b\n', 'v: >-\n  a\n  b\n', '__proto__: {a: 1}\n', '<<: {a: 1}\nb: 2\n', '\ufeffa: 1\r\nb: 2\r\n']) {
      const { fast, reference } = both(text);
      expect(fast.parser, text).toBe('js-yaml');
      expect(isDeepStrictEqual(fast.value, reference.value), text).toBe(true);
    }
  });

  it('reads an empty document, or comments only, as no value', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) expect(readYaml('/x/inventory.yaml', text, false)).toMatchObject({ value: null, parser: 'js-yaml' });
  });

  it('leaves to the yaml package what js-yaml refuses: a %YAML 1.1 directive, tags beyond the core schema, complex keys', () => {
    const texts = ['%YAML 1.1\n---\nv: yes\n', 'v: !!timestamp 2001-01-01\n', 'v: !custom x\n', 'v: !!binary aGVsbG8=\n', 'v: !!float 1\n', '? [a, b]\n: c\n'];
    for (const text of texts) {
      const { fast, reference } = both(text);
      expect(fast.parser, text).toBe('yaml');
      expect(fast.value, text).toStrictEqual(reference.value);
    }
    expect(both('%YAML 1.1\n---\nv: yes\n').fast.value).toStrictEqual({ v: true });
    expect(both('%YAML 1.2\n---\nv: yes\n').fast).toMatchObject({ value: { v: 'yes' }, parser: 'js-yaml' });
  });
});

describe('readYaml: errors name the file, line and column', () => {
  it('reports a syntax error', () => {
    const error = thrown(() => readYaml('/x/inventory.yaml', 'region:\n  - name: emea\n    parent: a: b\n', false));
    expect(error).toMatchObject({ code: 'INVALID_FILE', file: '/x/inventory.yaml', line: 3 });
    expect(error.message).toBe('/x/inventory.yaml line 3: not valid YAML at column 13 (Nested mappings are not allowed in compact mappings); fix the syntax.');
  });

  it('reports a duplicate key in a record, never keeping the last value', () => {
    const error = thrown(() => readYaml('/x/inventory.yaml', 'site:\n  - name: ams1\n    asn: 65001\n    asn: 65002\n', false));
    expect(error).toMatchObject({ line: 4 });
    expect(error.message).toMatch(/line 4: not valid YAML at column 5 \(Map keys must be unique\)/);
    expect(thrown(() => readYaml('/x/site.yaml', '- {name: ams1, name: ams2}\n', true))).toMatchObject({ line: 1 });
    expect(thrown(() => readYaml('/x/inventory.yaml', 'site: []\nregion: []\nsite: []\n', false))).toMatchObject({ line: 3 });
  });

  it('reports several documents in one file', () => {
    expect(thrown(() => readYaml('/x/inventory.yaml', 'region: []\n---\nsite: []\n', false)).message).toMatch(/line 2: not valid YAML at column 1 \(Source contains multiple documents/);
  });

  it('reports an alias without its anchor at its line (it was a bare ReferenceError)', () => {
    const error = thrown(() => readYaml('/x/inventory.yaml', 'region:\n  - &r {name: emea}\n  - *r2\n', false));
    expect(error).toMatchObject({ code: 'INVALID_FILE', line: 3 });
    expect(error.message).toMatch(/line 3: not valid YAML at column 5 \(Unresolved alias/);
  });

  it('names the file and line through the adapter', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(file, (await readFile(sampleYaml, 'utf8')).replace('    sort_order: 2\n', '    sort_order: 2\n    sort_order: 3\n'));
    const error = await createFileAdapter({ path: file })
      .load()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error).toMatchObject({ file, line: 11 });
    expect((error as Error).message).toMatch(/inventory\.yaml line 11: not valid YAML at column 5 \(Map keys must be unique\); fix the syntax\.$/);
  });
});
