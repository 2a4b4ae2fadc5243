import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileAdapter } from './adapter.js';
import { FileFormatError, FileLoadError, FileRecordError } from './errors.js';
import { removeTempDirs, tempDir } from './__fixtures__/files.js';

afterEach(removeTempDirs);

async function loadError(path: string, options: { maxErrors?: number } = {}): Promise<FileLoadError> {
  const error = await createFileAdapter({ path, ...options })
    .load()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(FileLoadError);
  return error as FileLoadError;
}

const REGIONS = 'name,parent,description,sort_order,tags\nemea,,Europe,1,\n';
const SITE_HEADER = 'name,region,status,asn,facility,time_zone,tags\n';

describe('bad records', () => {
  it('reports a wrong type in CSV with file, line, record and field', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), REGIONS);
    const rows = ['ams1,emea,active,65001,,Europe/Amsterdam,', 'fra1,emea,active,x,,Europe/Berlin,', '', 'lon1,emea,active,65003,,Europe/London,maybe'];
    await writeFile(join(dir, 'site.csv'), SITE_HEADER + rows.join('\n') + '\n');
    await writeFile(join(dir, 'interface.csv'), 'device,name,type,enabled,mtu,description,tags\n');
    const error = await loadError(dir);
    expect(error.code).toBe('INVALID_FILE_RECORDS');
    expect(error.errors).toHaveLength(1);
    const [first] = error.errors as [FileRecordError];
    expect(first).toBeInstanceOf(FileRecordError);
    expect(first).toMatchObject({ code: 'INVALID_FILE_RECORD', file: join(dir, 'site.csv'), line: 3, model: 'site', uid: 'fra1', field: 'asn' });
    expect(first.message).toMatch(/site\.csv line 3, site "fra1", field "asn": expected an integer, got "x"\.$/);
    expect(error.message).toContain('1 invalid record in the inventory files; fix it and run again:');
  });

  it('reports bad booleans and counts lines of multi-line cells', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), REGIONS);
    await writeFile(join(dir, 'site.csv'), `${SITE_HEADER}ams1,emea,active,65001,,Europe/Amsterdam,\n`);
    await writeFile(join(dir, 'device.csv'), 'name,site,role,platform,serial,asset_tag,tags\nams1-core1,ams1,core,eos,S1,,\n');
    await writeFile(join(dir, 'interface.csv'), 'device,name,type,enabled,mtu,description,tags\r\nams1-core1,Ethernet1,virtual,true,1500,"two\r\nlines",\r\nams1-core1,Ethernet2,virtual,yes,1500,,\r\n');
    const error = await loadError(dir);
    expect(error.errors[0]).toMatchObject({ line: 4, field: 'enabled', uid: 'ams1-core1__Ethernet2' });
    expect(error.errors[0]?.problem).toBe('expected true or false, got "yes".');
  });

  it('reports unknown and missing CSV columns once, at the header', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), 'name,parent,description,sortorder,tags\nemea,,Europe,1,\n');
    const error = await loadError(dir);
    expect(error.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'sortorder'],
      [1, 'sort_order'],
    ]);
    expect(error.errors[0]?.message).toMatch(/unknown column "sortorder"/);
    expect(error.errors[1]?.message).toMatch(/column "sort_order" is missing from the header/);
  });

  it('ignores unknown fields when asked', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), 'name,parent,description,sort_order,tags,owner\nemea,,Europe,1,,noc\n');
    const adapter = createFileAdapter({ path: dir, unknownFields: 'ignore' });
    await adapter.load();
    expect(adapter.get('region', 'emea')).not.toHaveProperty('owner');
  });

  it('reports a missing required field in YAML at the record line and an unknown field at its own line', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    await writeFile(
      file,
      [
        'region:',
        '  - name: emea',
        '    parent: null',
        '    description: Europe',
        '    sort_order: 1',
        'site:',
        '  - name: ams1',
        '    region: emea',
        '    status: active',
        '    time_zone: Europe/Amsterdam',
        '    colour: blue',
        '',
      ].join('\n'),
    );
    const error = await loadError(file);
    expect(error.errors.map((e) => [e.line, e.field, e.uid])).toEqual([
      [7, 'asn', 'ams1'],
      [11, 'colour', 'ams1'],
    ]);
    expect(error.errors[0]?.message).toMatch(/inventory\.yaml line 7, site "ams1", field "asn": missing; add it \(an integer\)\.$/);
  });

  it('finds the line of a bad field in JSON', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.json');
    const data = { region: [{ name: 'emea', parent: null, description: 'Europe', sort_order: '1' }] };
    await writeFile(file, JSON.stringify(data, null, 2));
    const error = await loadError(file);
    expect(error.errors[0]).toMatchObject({ line: 7, field: 'sort_order' });
    expect(error.errors[0]?.problem).toBe('expected an integer, got "1".');
  });

  it('reports unknown parents and references, but not children of bad records', async () => {
    const dir = await tempDir();
    const file = join(dir, 'inventory.yaml');
    const yaml = `region:
  - {name: emea, parent: europe, description: "", sort_order: 1}
site:
  - {name: ams1, region: emea, status: active, asn: 65001, time_zone: Europe/Amsterdam}
  - {name: fra1, region: emea, status: active, asn: oops, time_zone: Europe/Berlin}
device:
  - {name: ams1-core1, site: ams9, role: core, platform: eos, serial: S1}
  - {name: fra1-core1, site: fra1, role: core, platform: eos, serial: S2}
interface:
  - {device: ams1-core1, name: Ethernet1, type: virtual, enabled: true, mtu: 1500}
vlan:
  - {site: fra1, vid: 10, name: mgmt, status: active}
  - {site: par1, vid: 10, name: mgmt, status: active}
ip_address:
  - {address: 10.0.0.1/32, interface: ams1-core2__Loopback0, status: active}
`;
    await writeFile(file, yaml);
    const error = await loadError(file);
    expect(error.errors.map((e) => `${e.line} ${e.model} ${e.field} ${e.problem}`)).toEqual([
      '2 region parent unknown region "europe"; add that region, fix the value or set it to null.',
      '5 site asn expected an integer, got "oops".',
      '7 device site unknown site "ams9"; add that site or fix the name.',
      '13 vlan site unknown site "par1"; add that site, fix the value or set it to null.',
      '15 ip_address interface unknown interface "ams1-core2__Loopback0" (an interface is named by its unique id, e.g. "ams1-core1__Ethernet1"); add that interface, fix the value or set it to null.',
    ]);
  });

  it('reports a region that is its own ancestor', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), 'name,parent,description,sort_order,tags\nemea,,Europe,1,\na,b,,2,\nb,a,,3,\nc,a,,4,\n');
    const error = await loadError(dir);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ line: 3, uid: 'a', field: 'parent' });
    expect(error.errors[0]?.problem).toMatch(/its own ancestor \(a -> b -> a\)/);
  });

  it('reports duplicate identifiers with the first line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'region.csv'), `${REGIONS}amer,,Americas,2,\nemea,,Europe again,3,\n`);
    const error = await loadError(dir);
    expect(error.errors[0]).toMatchObject({ line: 4, model: 'region', uid: 'emea' });
    expect(error.errors[0]?.problem).toMatch(/duplicate region: the same identifiers are already used on line 2/);
  });

  it('stops at maxErrors and says there may be more', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 30 }, (_, i) => `r${i},,x,bad,`).join('\n');
    await writeFile(join(dir, 'region.csv'), `name,parent,description,sort_order,tags\n${rows}\n`);
    const error = await loadError(dir, { maxErrors: 5 });
    expect(error.errors).toHaveLength(5);
    expect(error.truncated).toBe(true);
    expect(error.message).toMatch(/^5\+ invalid records/);
  });

  it('reports syntax errors with their line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.yaml'), 'region:\n  - name: emea\n    parent: [unclosed\n');
    await expect(createFileAdapter({ path: join(dir, 'bad.yaml') }).load()).rejects.toThrow(FileFormatError);
    await writeFile(join(dir, 'bad.json'), '{\n  "region": [\n    {"name": }\n  ]\n}\n');
    const error = await createFileAdapter({ path: join(dir, 'bad.json') })
      .load()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_FILE', line: 3 });
    await writeFile(join(dir, 'model.yaml'), 'racks: []\n');
    await expect(createFileAdapter({ path: join(dir, 'model.yaml') }).load()).rejects.toThrow(/line 1: unknown model "racks"/);
    await mkdir(join(dir, 'd'));
    await writeFile(join(dir, 'd', 'region.csv'), 'name,parent\n"emea,\n');
    await expect(createFileAdapter({ path: join(dir, 'd') }).load()).rejects.toThrow(/not valid CSV/);
  });
});
