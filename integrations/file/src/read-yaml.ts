// Reads YAML text: js-yaml with the yaml package's YAML 1.2 core schema (fast), the yaml package itself for anything js-yaml refuses.
import { CORE_SCHEMA, defineMappingTag, defineScalarTag, loadAll, mapTag, NOT_RESOLVED } from 'js-yaml';
import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { FileFormatError } from './errors.js';
import { lazyYamlLocator, yamlLocator, type RecordLocator } from './locate.js';

/** A YAML file read: its value, where its records are, and which parser read it. */
export interface ReadYaml {
  /** The document's value (`null` for an empty document). */
  value: unknown;
  /** Lines of the records and their fields. */
  locator: RecordLocator;
  /** The line of a key of the root mapping. */
  keyLine: (key: string) => number | undefined;
  /** `js-yaml` (the fast path) or `yaml` (the reference, for documents js-yaml refuses). */
  parser: 'js-yaml' | 'yaml';
}

// The yaml package's core schema, copied so that both parsers type every plain scalar alike:
// integers `0`, `-12`, `010` (decimal 10), `0x1F`, `0o17`; floats `1.5`, `.5`, `1.`, `1e3`,
// `.inf`, `.nan`; out-of-range numbers are infinite, not strings (js-yaml's own core schema
// keeps `1e400` a string). `yes`, `no`, `on`, `off`, `0b101`, `1_000`, `-0x1F`, dates and
// times stay strings, as in YAML 1.2. An explicit `!!int` or `!!float` on a scalar these do not
// match is refused, so the yaml package reads it (as a string, as before).
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const OCT = /^0o[0-7]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const intTag = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...'0123456789'],
  resolve: (source) => (INT.test(source) ? parseInt(source, 10) : HEX.test(source) ? parseInt(source.slice(2), 16) : OCT.test(source) ? parseInt(source.slice(2), 8) : NOT_RESOLVED),
  identify: (data) => Number.isInteger(data),
});

const floatTag = defineScalarTag('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...'0123456789'],
  resolve: (source) => {
    if (FLOAT.test(source) || FLOAT_EXP.test(source)) return parseFloat(source);
    if (!FLOAT_SPECIAL.test(source)) return NOT_RESOLVED;
    return source.slice(-3).toLowerCase() === 'nan' ? NaN : source.startsWith('-') ? -Infinity : Infinity;
  },
  identify: (data) => typeof data === 'number',
});

// js-yaml's plain-object mapping, except that a null key becomes "" (the yaml package's `toJS`), not "null".
const keyOf = (key: unknown): unknown => (key === null ? '' : key);
const objectTag = defineMappingTag('tag:yaml.org,2002:map', {
  create: mapTag.create,
  addPair: (carrier, key, value) => mapTag.addPair(carrier, keyOf(key), value),
  has: (carrier, key) => mapTag.has(carrier, keyOf(key)),
  keys: mapTag.keys,
  get: (result, key) => mapTag.get(result, keyOf(key)),
  identify: mapTag.identify,
});

/** The schema of the fast path: YAML 1.2 core as the yaml package reads it; no merge keys, no other tags. */
const yamlCoreSchema = CORE_SCHEMA.withTags(intTag, floatTag, objectTag);

// A `%YAML` directive other than 1.2 (1.1 reads `yes` as true): js-yaml ignores it, the yaml package follows it.
const OTHER_VERSION = /^%YAML(?![ \t]+1\.2[ \t\r]*(?:#.*)?$)/m;

/**
 * Reads YAML text into plain data. js-yaml reads it (a 100,000-record document in 1.5 s, against
 * 15.5 s for the yaml package: `pnpm bench`) with a schema that types every scalar as the yaml
 * package does; duplicate keys are errors. Whatever js-yaml refuses — syntax errors, duplicate
 * keys, several documents, tags beyond the core schema, complex keys, a `%YAML 1.1` directive —
 * is read again by the yaml package, so values and error messages are the yaml package's.
 *
 * @param file - absolute path (for messages)
 * @param text - the text
 * @param perModel - `true` for a per-model file (the root is the list of records), `false` for a document keyed by model
 * @returns the value, a locator of its records (built on first use) and the parser that read it
 * @throws FileFormatError when the text is not valid YAML (with its line and column)
 */
export function readYaml(file: string, text: string, perModel: boolean): ReadYaml {
  if (OTHER_VERSION.test(text)) return readYamlReference(file, text, perModel);
  let documents: unknown[];
  try {
    documents = loadAll(text, { schema: yamlCoreSchema });
  } catch {
    // Not reported as is: the yaml package reads the text again and reports its own error (with its
    // line and column as before), or reads what js-yaml refused (a tag beyond the core schema).
    return readYamlReference(file, text, perModel);
  }
  if (documents.length > 1) return readYamlReference(file, text, perModel);
  const located = lazyYamlLocator(text, perModel);
  return { value: documents[0] ?? null, locator: located, keyLine: (key) => located.keyLine(key), parser: 'js-yaml' };
}

/**
 * Reads YAML text with the yaml package (`parseDocument` + `LineCounter`): the reference the fast
 * path must agree with, and the reader of whatever the fast path refuses.
 *
 * @param file - absolute path (for messages)
 * @param text - the text
 * @param perModel - as for {@link readYaml}
 * @returns the value, a locator of its records and `parser: 'yaml'`
 * @throws FileFormatError when the text is not valid YAML (with its line and column)
 */
export function readYamlReference(file: string, text: string, perModel: boolean): ReadYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first !== undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new FileFormatError(file, line, `not valid YAML at column ${col} (${first.message.split('\n')[0] ?? first.code}); fix the syntax.`, { cause: first });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: -1 });
  } catch (error) {
    // An alias whose anchor is not set before it is found only here (a ReferenceError without a position).
    let offset: number | undefined;
    visit(document, {
      Alias(_key, node) {
        if (node.resolve(document) !== undefined) return undefined;
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const at = offset === undefined ? undefined : lineCounter.linePos(offset);
    const message = error instanceof Error ? error.message : String(error);
    throw new FileFormatError(file, at?.line, `not valid YAML${at === undefined ? '' : ` at column ${at.col}`} (${message}); fix the syntax.`, { cause: error });
  }
  const locator = yamlLocator(document, lineCounter, perModel);
  const keyLine = (key: string): number | undefined => {
    const root = document.contents;
    if (!isMap(root)) return undefined;
    const pair = root.items.find((item) => isScalar(item.key) && item.key.value === key);
    const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { value, locator, keyLine, parser: 'yaml' };
}
