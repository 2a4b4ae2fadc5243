// modelRefs: each model keeps its name; its variable and type get TypeScript names that compile and clash with nothing.
import { describe, expect, it } from 'vitest';
import { isGeneratorError, type GeneratorErrorCode } from './errors.js';
import { modelRefs } from './model-refs.js';

const taken = new Set(['defineModel', 'models', 'modelNames', 'jobs', 'AcmeData', 'AcmeModels', 'AcmeClient']);

const refusal = (names: string[]): GeneratorErrorCode | undefined => {
  try {
    modelRefs(names, taken);
  } catch (error) {
    if (isGeneratorError(error)) return error.code;
    throw error;
  }
  return undefined;
};

describe('modelRefs', () => {
  it('names the variable of a reserved word <word>Model and keeps the name', () => {
    expect(modelRefs(['device', 'interface', 'ip_address', 'default'], taken)).toMatchInlineSnapshot(`
      [
        {
          "constName": "device",
          "name": "device",
          "typeName": "Device",
        },
        {
          "constName": "interfaceModel",
          "name": "interface",
          "typeName": "Interface",
        },
        {
          "constName": "ipAddress",
          "name": "ip_address",
          "typeName": "IpAddress",
        },
        {
          "constName": "defaultModel",
          "name": "default",
          "typeName": "Default",
        },
      ]
    `);
  });

  it('steps around names the package already has', () => {
    expect(modelRefs(['models', 'jobs', 'acme-data', 'acme-client'], taken).map(({ constName, typeName }) => [constName, typeName])).toEqual([
      ['modelsModel', 'Models'],
      ['jobsModel', 'Jobs'],
      ['acmeData', 'AcmeDataRecord'],
      ['acmeClient', 'AcmeClientRecord'],
    ]);
  });

  it('refuses no models, a model twice, invalid names and two models with one TypeScript name', () => {
    expect(refusal([])).toBe('INVALID_OPTION');
    expect(refusal(['site', 'site'])).toBe('INVALID_OPTION');
    expect(refusal(['Site'])).toBe('INVALID_NAME');
    expect(refusal(['ip-address', 'ip_address'])).toBe('INVALID_OPTION');
    expect(refusal(['interface', 'interface-model'])).toBe('INVALID_OPTION');
  });
});
