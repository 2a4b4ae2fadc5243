// Line numbers of records and fields in YAML and JSON text, from the yaml parser's node ranges or js-yaml's parser events (JSON is YAML).
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type SequenceEvent } from 'js-yaml';
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

/** A {@link RecordLocator} that also finds the keys of the root mapping. */
export interface YamlTextLocator extends RecordLocator {
  /**
   * The 1-based line of a key of the root mapping.
   *
   * @param key - the key
   * @returns the line, or `undefined` when the root is not a mapping or has no such key
   */
  keyLine(key: string): number | undefined;
}

// Offsets of one record and of its fields' keys (first occurrence).
interface RecordPlace {
  start: number;
  fields: Map<string, number> | undefined;
}

// Offsets of the root mapping's keys and of the records of each list: under a model key, or the root list of a per-model file.
interface YamlPlaces {
  keys: Map<string, number>;
  lists: Map<string, RecordPlace[]>;
  root: RecordPlace[] | undefined;
}

/**
 * A locator over YAML text read without positions (by js-yaml): on first use only, the text is
 * parsed again into js-yaml's parser events (source offsets, no values built; about half the time
 * of a load), and the records' and keys' offsets are kept. The lines are those of the yaml
 * package's {@link yamlLocator}: a record's first character, a field's key.
 *
 * @param text - the YAML text (already read without error)
 * @param perModel - `true` for a per-model file whose root is the list of records, `false` for a document keyed by model
 * @returns the locator
 */
export function lazyYamlLocator(text: string, perModel: boolean): YamlTextLocator {
  let places: YamlPlaces | undefined;
  let newlines: number[] | undefined;
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineOfSortedOffset((newlines ??= newlineOffsets(text)), offset));
  const placesOf = (): YamlPlaces => (places ??= yamlPlaces(text, perModel));
  return {
    line(model, index, field) {
      const { lists, root } = placesOf();
      const record = (perModel ? root : lists.get(model))?.[index];
      if (record === undefined) return undefined;
      return lineAt(field === undefined ? record.start : (record.fields?.get(field) ?? record.start));
    },
    keyLine(key) {
      return lineAt(placesOf().keys.get(key));
    },
  };
}

function yamlPlaces(text: string, perModel: boolean): YamlPlaces {
  const events = parseEvents(text, {});
  const places: YamlPlaces = { keys: new Map(), lists: new Map(), root: undefined };
  const at = (i: number): Event => events[i] as Event;
  // The index just past the node that starts at event i (a collection ends with its POP event).
  const skip = (i: number): number => {
    let depth = 0;
    do {
      const type = at(i).type;
      if (type === EVENT_ID.SEQUENCE || type === EVENT_ID.MAPPING) depth++;
      else if (type === EVENT_ID.POP) depth--;
      i++;
    } while (depth > 0);
    return i;
  };
  const list = (i: number): RecordPlace[] => {
    const records: RecordPlace[] = [];
    // Where the previous item ends: an item's start is looked for after it.
    let cursor = (at(i) as SequenceEvent).start;
    for (let j = i + 1; at(j).type !== EVENT_ID.POP; ) {
      const next = skip(j);
      const item = at(j);
      let fields: Map<string, number> | undefined;
      if (item.type === EVENT_ID.MAPPING) {
        fields = new Map();
        for (let k = j + 1; at(k).type !== EVENT_ID.POP; k = skip(skip(k))) {
          const key = at(k);
          if (key.type !== EVENT_ID.SCALAR || key.valueStart < 0) continue;
          const name = getScalarValue(text, key);
          if (!fields.has(name)) fields.set(name, key.valueStart);
        }
      }
      const start = itemStart(text, item, cursor);
      records.push({ start, fields });
      cursor = Math.max(start + 1, endOf(events, j, next));
      j = next;
    }
    return records;
  };
  // events[0] opens the document, events[1] is its root node; an empty text has neither.
  const root = events[1];
  if (root === undefined) return places;
  if (root.type === EVENT_ID.SEQUENCE && perModel) places.root = list(1);
  if (root.type !== EVENT_ID.MAPPING || perModel) return places;
  for (let k = 2; at(k).type !== EVENT_ID.POP; k = skip(skip(k))) {
    const key = at(k);
    if (key.type !== EVENT_ID.SCALAR || key.valueStart < 0) continue;
    const name = getScalarValue(text, key);
    if (places.keys.has(name)) continue;
    places.keys.set(name, key.valueStart);
    const value = skip(k);
    if (at(value).type === EVENT_ID.SEQUENCE) places.lists.set(name, list(value));
  }
  return places;
}

// Where an item of a list starts (where the yaml package's node range starts), looking from the end of
// the previous item (`cursor`): a collection's start, an alias, a scalar's value (an empty one's anchor
// or tag); a block scalar starts at its `|` or `>` header, which the event does not give; an empty
// scalar without properties (`-` alone) has no offset, so it starts at its `-`.
function itemStart(text: string, event: Event, cursor: number): number {
  if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) return event.start;
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart;
  if (event.type !== EVENT_ID.SCALAR) return cursor;
  const block = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
  if (event.valueStart >= 0 && !block) return event.valueStart;
  const props = [event.anchorStart, event.tagStart].filter((offset) => offset >= 0);
  if (!block && props.length > 0) return Math.min(...props);
  const from = Math.max(cursor, event.anchorEnd, event.tagEnd);
  // Between the previous item and this one come only closing quotes and brackets, blanks, comments, the `-` and properties.
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === '#' && (at === 0 || ' \t\r\n'.includes(text[at - 1] as string))) {
      const end = text.indexOf('\n', at);
      if (end === -1) break;
      at = end;
    } else if (block ? char === '|' || char === '>' : char === '-' && (at + 1 === text.length || ' \t\r\n'.includes(text[at + 1] as string))) return at;
  }
  return event.valueStart >= 0 ? event.valueStart : cursor;
}

// The largest offset the events of one node (events start to end - 1) give: a bound on where it ends.
function endOf(events: readonly Event[], start: number, end: number): number {
  let max = -1;
  for (let i = start; i < end; i++) {
    const event = events[i] as Event;
    if (event.type === EVENT_ID.SCALAR) max = Math.max(max, event.valueEnd, event.anchorEnd, event.tagEnd);
    else if (event.type === EVENT_ID.ALIAS) max = Math.max(max, event.anchorEnd);
    else if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) max = Math.max(max, event.start, event.anchorEnd, event.tagEnd);
  }
  return max;
}

// Offsets of the line feeds of a text, in order.
function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) offsets.push(at);
  return offsets;
}

// The 1-based line of an offset: one more than the number of line feeds before it (binary search).
function lineOfSortedOffset(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((newlines[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low + 1;
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
