// Parses one inventory file (a document, or one model's YAML, JSON or CSV file) into raw records with their lines.
import { parse as parseCsv } from 'csv-parse/sync';
import { parseCell } from './csv-cells.js';
import { FileFormatError, FileRecordError } from './errors.js';
import { fileFields } from './fields.js';
import { jsonErrorOffset } from './json-error.js';
import { lazyJsonLocator, lineOfOffset, type RecordLocator } from './locate.js';
import { fileModelOrder, type FileModelName } from './models.js';
import type { FileFormat, UnknownFieldPolicy } from './options.js';
import { readYaml } from './read-yaml.js';

/** The raw records of one model in one file. */
export interface ParsedModel {
  /** The model. */
  model: FileModelName;
  /** The records as read: YAML and JSON values as parsed, CSV rows converted per field type. Not validated yet. */
  rows: unknown[];
  /** Lines of the records and their fields. */
  locator: RecordLocator;
}

/** One parsed file. */
export interface ParsedFile {
  /** Absolute path. */
  file: string;
  /** Its format. */
  format: FileFormat;
  /** The models it holds, in file order. */
  models: ParsedModel[];
  /** Problems found before validation (CSV header problems, rows with the wrong number of cells). */
  errors: FileRecordError[];
}

/**
 * Parses a document: one YAML or JSON file whose root maps model names to lists of records.
 * An empty document (no content, `null`, `{}` or `[]`) and a model key without a list (`region:`)
 * give no model: the file states no records, which the adapter refuses in a source (unless `allowEmpty`).
 *
 * @param file - absolute path (for messages)
 * @param format - `yaml` or `json`
 * @param text - the file's text
 * @returns the parsed file
 * @throws FileFormatError when the text is not valid YAML or JSON, or not a mapping of model names to lists
 */
export function parseDocumentFile(file: string, format: 'yaml' | 'json', text: string): ParsedFile {
  const { value, locator, keyLine } = parseStructured(file, format, text, false);
  const models: ParsedModel[] = [];
  // An empty document (nothing, `null` or `[]`) holds no model; the adapter decides whether that may be.
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return { file, format, models, errors: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FileFormatError(file, 1, `expected a mapping of model names to lists of records (${fileModelOrder.join(', ')}); got ${Array.isArray(value) ? 'a list' : typeof value}.`);
  }
  const data = value as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!(fileModelOrder as readonly string[]).includes(key)) {
      throw new FileFormatError(file, keyLine(key), `unknown model "${key}"; the models are ${fileModelOrder.join(', ')}.`);
    }
  }
  for (const model of fileModelOrder) {
    const rows = data[model];
    if (rows === undefined || rows === null) continue;
    if (!Array.isArray(rows)) throw new FileFormatError(file, keyLine(model), `"${model}" must be a list of records.`);
    models.push({ model, rows, locator });
  }
  return { file, format, models, errors: [] };
}

/**
 * Parses one model's file: a YAML or JSON list of records, or a CSV file with a header row.
 * A file with no content (0 bytes, blank, `null`, a CSV file without a header row) gives no model,
 * which the adapter refuses in a source (unless `allowEmpty`); a CSV header alone or `[]` gives the model with no records.
 *
 * @param file - absolute path (for messages)
 * @param format - the file's format
 * @param model - the model it holds
 * @param text - the file's text
 * @param unknownFields - whether CSV columns the model does not have are errors or dropped
 * @returns the parsed file
 * @throws FileFormatError when the text is not valid YAML, JSON or CSV, or not a list
 */
export function parseModelFile(file: string, format: FileFormat, model: FileModelName, text: string, unknownFields: UnknownFieldPolicy): ParsedFile {
  if (format === 'csv') return parseCsvFile(file, model, text, unknownFields);
  const { value, locator } = parseStructured(file, format, text, true);
  if (value === null || value === undefined) return { file, format, models: [], errors: [] };
  if (!Array.isArray(value)) throw new FileFormatError(file, 1, `expected a list of ${model} records; got ${typeof value}.`);
  return { file, format, models: [{ model, rows: value, locator }], errors: [] };
}

interface Structured {
  value: unknown;
  locator: RecordLocator;
  keyLine: (key: string) => number | undefined;
}

function parseStructured(file: string, format: 'yaml' | 'json', text: string, perModel: boolean): Structured {
  if (format === 'json') {
    let value: unknown;
    try {
      value = text.trim() === '' ? null : (JSON.parse(text) as unknown);
    } catch (error) {
      throw new FileFormatError(file, jsonErrorLine(text, error), `not valid JSON (${error instanceof Error ? error.message : String(error)}); fix the syntax.`, { cause: error });
    }
    const locator = lazyJsonLocator(text, perModel);
    return { value, locator, keyLine: (key) => keyLineOf(text, key) };
  }
  return readYaml(file, text, perModel);
}

function keyLineOf(text: string, key: string): number | undefined {
  const offset = text.indexOf(JSON.stringify(key));
  return offset === -1 ? undefined : lineOfOffset(text, offset);
}

function jsonErrorLine(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  const offset = position === undefined ? jsonErrorOffset(text) : Number(position);
  return offset === undefined ? undefined : lineOfOffset(text, offset);
}

function parseCsvFile(file: string, model: FileModelName, text: string, unknownFields: UnknownFieldPolicy): ParsedFile {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // Line ends are made uniform first so that line numbers are right whatever the file uses.
    parsed = parseCsv(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new FileFormatError(file, typeof line === 'number' ? line : undefined, `not valid CSV (${error instanceof Error ? error.message : String(error)}); fix the quoting.`, { cause: error });
  }
  const errors: FileRecordError[] = [];
  const header = parsed[0];
  if (header === undefined) return { file, format: 'csv', models: [], errors };
  const headerLine = header.info.lines;
  const fields = fileFields[model];
  const columns = header.record.map((name) => name.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) errors.push(new FileRecordError({ file, line: headerLine, model, field: column }, `column "${column}" appears twice in the header; keep one.`));
    seen.add(column);
    if (!(column in fields) && unknownFields === 'error') {
      errors.push(new FileRecordError({ file, line: headerLine, model, field: column }, `unknown column "${column}"; the ${model} columns are ${Object.keys(fields).join(', ')} (remove it, or set unknownFields: "ignore").`));
    }
  }
  for (const [field, type] of Object.entries(fields)) {
    if (!type.optional && !seen.has(field)) errors.push(new FileRecordError({ file, line: headerLine, model, field }, `column "${field}" is missing from the header; add it.`));
  }
  if (errors.length > 0) return { file, format: 'csv', models: [], errors };
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const { record, info } = parsed[i] as { record: string[]; info: { lines: number } };
    let newlines = 0;
    for (const cell of record) for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) newlines++;
    const line = info.lines - newlines;
    if (record.length !== columns.length) {
      errors.push(new FileRecordError({ file, line, model }, `row has ${record.length} cells but the header has ${columns.length}; fix the row (quote cells holding commas).`));
      continue;
    }
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as string;
      const type = fields[column];
      if (type !== undefined) row[column] = parseCell(type, record[c] as string);
    }
    rows.push(row);
    lines.push(line);
  }
  const locator: RecordLocator = { line: (_model, index) => lines[index] };
  return { file, format: 'csv', models: [{ model, rows, locator }], errors };
}
