import { describe, expect, it } from 'vitest';
import { comparators } from './compare.js';
import { ModelDefinitionError } from './errors.js';
import { defineModel } from './model.js';

interface Thing {
  name: string;
  kind: string;
  size: number;
  parts: string[];
}

describe('defineModel', () => {
  it('returns a frozen definition with defaults filled in', () => {
    const thing = defineModel<Thing>()({ name: 'thing', identifiers: ['name'], attributes: ['kind', 'size'], children: { part: 'parts' } });
    expect(thing.shortname).toEqual(['name']);
    expect(thing.children).toEqual({ part: 'parts' });
    expect(thing.childEntries).toEqual([['part', 'parts']]);
    expect(Object.isFrozen(thing)).toBe(true);
  });

  it.each([
    ['empty identifiers', { name: 'thing', identifiers: [] }, /at least one identifier/],
    ['a field listed twice', { name: 'thing', identifiers: ['name'], attributes: ['kind', 'kind'] }, /"kind" is listed twice/],
    ['a field in two roles', { name: 'thing', identifiers: ['name'], attributes: ['name'] }, /"name" is both identifier and attribute/],
    ['a children field that is also an attribute', { name: 'thing', identifiers: ['name'], attributes: ['parts'], children: { part: 'parts' } }, /both attribute and children field/],
    ['a shortname on an undeclared field', { name: 'thing', identifiers: ['name'], shortname: ['kind'] }, /shortname field "kind"/],
    ['a comparator on a non-attribute', { name: 'thing', identifiers: ['name'], compare: { name: comparators.caseInsensitive } }, /not an attribute/],
    ['a dependency on itself', { name: 'thing', identifiers: ['name'], dependsOn: ['thing'] }, /cannot depend on itself/],
    ['a bad name', { name: 'no spaces', identifiers: ['name'] }, /name must be/],
  ])('rejects %s with a ModelDefinitionError naming the model', (_label, spec, message) => {
    const define = () => defineModel<Thing>()(spec as never);
    expect(define).toThrow(ModelDefinitionError);
    expect(define).toThrow(message);
    expect(define).toThrow(/model "(thing|no spaces)"/);
  });

  it('names the field at fault', () => {
    try {
      defineModel<Thing>()({ name: 'thing', identifiers: ['name'], attributes: ['name'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelDefinitionError);
      expect((error as ModelDefinitionError).field).toBe('name');
      expect((error as ModelDefinitionError).code).toBe('INVALID_MODEL_DEFINITION');
    }
  });

  it('turns field name typos into compile errors', () => {
    const define = defineModel<Thing>();
    // @ts-expect-error "nmae" is not a field of Thing
    expect(() => define({ name: 'thing', identifiers: ['nmae'] })).not.toThrow();
    // @ts-expect-error "colour" is not a field of Thing
    define({ name: 'thing', identifiers: ['name'], attributes: ['colour'] });
    // @ts-expect-error a children field must list strings
    define({ name: 'thing', identifiers: ['name'], children: { part: 'size' } });
  });
});
