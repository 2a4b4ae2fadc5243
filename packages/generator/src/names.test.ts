// Names: npm package-name rules, kebab-case checks with hints, and case conversions.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from './errors.js';
import { assertKebabName, assertModelName, integrationPackageName, isReservedWord, packageNameProblems, toCamel, toConstant, toPascal } from './names.js';

const errorOf = (run: () => unknown): GeneratorError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GeneratorError) return error;
    throw error;
  }
  throw new Error('expected a GeneratorError');
};

describe('packageNameProblems', () => {
  it('accepts valid names', () => {
    expect(packageNameProblems('@ssot/integration-acme')).toEqual([]);
    expect(packageNameProblems('left-pad')).toEqual([]);
  });

  it('reports what npm refuses', () => {
    expect(packageNameProblems('')).toEqual(['name is empty']);
    expect(packageNameProblems('Acme')).toContain('name has upper-case letters');
    expect(packageNameProblems('.acme')).toContain('name starts with a dot or an underscore');
    expect(packageNameProblems('@ssot/_acme')).toContain('"_acme" starts with a dot or an underscore');
    expect(packageNameProblems('a b')).toContain('"a b" has characters that are not URL-safe');
    expect(packageNameProblems(`@ssot/${'a'.repeat(220)}`)).toContain('name is longer than 214 characters');
    expect(packageNameProblems('node_modules')).toContain('"node_modules" is a reserved name');
  });
});

describe('integrationPackageName', () => {
  it('makes @ssot/integration-<name>', () => {
    expect(integrationPackageName('acme-cloud')).toBe('@ssot/integration-acme-cloud');
  });

  it.each(['Acme', 'acme_cloud', '-acme', 'acme-', 'a--b', '1acme', '.acme', 'acme/x', ''])('refuses %j with a hint', (name) => {
    const error = errorOf(() => integrationPackageName(name));
    expect(error.code).toBe('INVALID_NAME');
    expect(error.message).toContain(`"${name}"`);
    expect(error.hint).toMatch(/^Use lower-case letters/);
  });

  it('suggests a kebab-case name', () => {
    expect(errorOf(() => integrationPackageName('AcmeCloud')).hint).toContain('"acme-cloud"');
  });

  it('refuses names over the npm length limit', () => {
    const error = errorOf(() => integrationPackageName('a'.repeat(200)));
    expect(error.message).toMatch(/longer than 214/);
  });

  it('refuses reserved words as integration and job names (a job name becomes a variable)', () => {
    expect(errorOf(() => assertKebabName('job', 'interface')).message).toMatch(/reserved word/);
  });
});

describe('assertModelName', () => {
  it.each(['device', 'ip-address', 'ip_address', 'interface', 'class', 'default', 'delete', 'function', 'models'])('accepts %j', (name) => {
    expect(() => assertModelName(name)).not.toThrow();
  });

  it.each(['Device', '1device', 'ip--address', 'ip__address', '-ip', 'ip-', 'ip address', ''])('refuses %j with a hint', (name) => {
    const error = errorOf(() => assertModelName(name));
    expect(error.code).toBe('INVALID_NAME');
    expect(error.hint).toMatch(/^Use lower-case letters, digits and single dashes or underscores/);
  });
});

describe('isReservedWord', () => {
  it('knows the words a strict-mode module cannot declare, and the globals not to hide', () => {
    expect(['interface', 'class', 'default', 'let', 'yield', 'await', 'undefined', 'globalThis'].filter((word) => !isReservedWord(word))).toEqual([]);
    expect(['device', 'type', 'of', 'models'].filter(isReservedWord)).toEqual([]);
  });
});

describe('cases', () => {
  it('converts kebab-case', () => {
    expect(toPascal('acme-cloud-2')).toBe('AcmeCloud2');
    expect(toCamel('ip-address')).toBe('ipAddress');
    expect(toConstant('acme-cloud')).toBe('ACME_CLOUD');
    expect(toPascal('ip_address')).toBe('IpAddress');
    expect(toCamel('ip_address')).toBe('ipAddress');
  });
});
