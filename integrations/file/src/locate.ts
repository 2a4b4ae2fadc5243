// Line numbers of records and fields in YAML and JSON text, from the yaml parser's node ranges (JSON is YAML).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLSeq } from 'yaml';

/** Finds the line of a record, or of one of its fields, in a parsed file. */
export interface RecordLocator {
  /**
   * The 1-based line of a record or of one of its fields.
   *
   * @param model - the record's model (its key in a document; ignored for a per-model file)
   * @param index - the record's position in the model's list
   * @param field - a field of the record; its key's line when present, else the record's line
   * @returns the line, or `undefined` when it cannot be found
   */
  line(model: string, index: number, field?: string): number | undefined;
}

/**
 * A locator over a parsed YAML document.
 *
 * @param document - the document, parsed with `lineCounter`
 * @param lineCounter - the line counter given to the parser
 * @param perModel - `true` for a per-model file whose root is the list of records, `false` for a document keyed by model
 * @returns the locator
 */
export function yamlLocator(document: Document, lineCounter: LineCounter, perModel: boolean): RecordLocator {
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const listOf = (model: string): YAMLSeq | undefined => {
    const root = document.contents;
    if (perModel) return isSeq(root) ? root : undefined;
    if (!isMap(root)) return undefined;
    const list = root.get(model, true);
    return isSeq(list) ? list : undefined;
  };
  return {
    line(model, index, field) {
      const node = listOf(model)?.items[index];
      if (node === undefined || node === null || typeof node !== 'object' || !('range' in node)) return undefined;
      const recordLine = lineAt((node.range as [number, number, number] | null | undefined)?.[0]);
      if (field === undefined || !isMap(node)) return recordLine;
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === field);
      const key = pair?.key;
      return isScalar(key) ? (lineAt(key.range?.[0]) ?? recordLine) : recordLine;
    },
  };
}

/**
 * A locator over JSON text that parses it again with the yaml parser on first use only (JSON is
 * read with `JSON.parse`; lines are needed only to report errors).
 *
 * @param text - the JSON text
 * @param perModel - `true` for a per-model file (a JSON array), `false` for a document keyed by model
 * @returns the locator
 */
export function lazyJsonLocator(text: string, perModel: boolean): RecordLocator {
  let locator: RecordLocator | undefined;
  return {
    line(model, index, field) {
      if (locator === undefined) {
        const lineCounter = new LineCounter();
        locator = yamlLocator(parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter, perModel);
      }
      return locator.line(model, index, field);
    },
  };
}

/**
 * The 1-based line of a character offset in a text.
 *
 * @param text - the text
 * @param offset - the offset
 * @returns the line
 */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
