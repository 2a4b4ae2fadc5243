// Model names to TypeScript names: the model keeps its name, its variable and type get names that compile and clash with nothing.
import { GeneratorError } from './errors.js';
import { assertModelName, isReservedWord, toCamel, toPascal } from './names.js';
import type { ModelRef } from './source-edits.js';

/**
 * The names of the models of a new integration: each model keeps its name exactly as given (the
 * key of `models`, what the other side of a job matches it by), its definition's variable is the
 * camelCase name, and its record type the PascalCase name. Where the camelCase name is a reserved
 * word (`interface`, `class`, `default`) or already taken, the variable gets the suffix `Model`
 * (`interfaceModel`); a taken type name gets the suffix `Record`.
 *
 * @example
 * ```ts
 * modelRefs(['device', 'interface'], new Set(['models', 'modelNames']));
 * // [{ name: 'device', constName: 'device', typeName: 'Device' },
 * //  { name: 'interface', constName: 'interfaceModel', typeName: 'Interface' }]
 * ```
 *
 * @param names - the model names, in order
 * @param taken - names the generated package already declares or exports (the model files' and the entry's)
 * @returns one reference per model, in the same order
 * @throws GeneratorError `INVALID_NAME` for an invalid model name; `INVALID_OPTION` for no models, a model given twice, or two models whose names would be the same in TypeScript
 */
export function modelRefs(names: readonly string[], taken: ReadonlySet<string>): ModelRef[] {
  if (names.length === 0) throw new GeneratorError('INVALID_OPTION', 'No models given.', 'Give at least one model name, e.g. --models device,site.');
  const used = new Map<string, string>();
  const claim = (identifier: string, model: string): void => {
    const other = used.get(identifier);
    if (other !== undefined) {
      throw new GeneratorError('INVALID_OPTION', `Models "${other}" and "${model}" would both be named ${identifier} in TypeScript.`, `Keep one of them, or rename one (for example "${model}-item").`);
    }
    used.set(identifier, model);
  };
  const seen = new Set<string>();
  return names.map((name) => {
    assertModelName(name);
    if (seen.has(name)) throw new GeneratorError('INVALID_OPTION', `Model "${name}" is given twice.`, 'List each model once.');
    seen.add(name);
    const camel = toCamel(name);
    const constName = isReservedWord(camel) || taken.has(camel) ? `${camel}Model` : camel;
    const pascal = toPascal(name);
    const typeName = taken.has(pascal) ? `${pascal}Record` : pascal;
    if (taken.has(constName) || taken.has(typeName)) {
      throw new GeneratorError('INVALID_OPTION', `Model "${name}" would be named like something the package already has (${taken.has(constName) ? constName : typeName}).`, 'Choose another model name.');
    }
    claim(constName, name);
    claim(typeName, name);
    return { name, constName, typeName };
  });
}
