// Writes records as YAML, JSON or CSV text: fields in model order (identifiers first), children lists left out.
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { Document, isMap, isSeq, type Node } from 'yaml';
import { formatCell } from './csv-cells.js';
import { fileFields } from './fields.js';
import type { FileModelName } from './models.js';
import type { FileFormat } from './options.js';

/** Records per model, in the order they are written. */
export type RecordsByModel = Partial<Record<FileModelName, readonly object[]>>;

/**
 * A record as stored in files: the model's fields only, in the model's order.
 *
 * @param model - the model
 * @param record - a stored record
 * @returns a new plain object
 */
export function fileRecord(model: FileModelName, record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  for (const field of Object.keys(fileFields[model])) out[field] = source[field] ?? (fileFields[model][field]?.kind === 'list' ? [] : null);
  return out;
}

// Lists inside records are written in flow style (`tags: [uplink, core]`), one record per block.
function flowLists(node: Node | null | undefined, depth: number, recordDepth: number): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (depth === recordDepth && isSeq(pair.value)) pair.value.flow = true;
      else flowLists(pair.value as Node | null, depth + 1, recordDepth);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) flowLists(item as Node | null, depth + 1, recordDepth);
  }
}

function toYaml(value: unknown, recordDepth: number): string {
  const document = new Document(value);
  flowLists(document.contents as Node | null, 0, recordDepth);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * A document: every model's records under its name, models in file order.
 *
 * @param format - `yaml` or `json`
 * @param records - records per model (models without records are written as empty lists)
 * @param models - the models to write, in order
 * @returns the text
 */
export function serializeDocument(format: 'yaml' | 'json', records: RecordsByModel, models: readonly FileModelName[]): string {
  const data: Record<string, Record<string, unknown>[]> = {};
  for (const model of models) data[model] = (records[model] ?? []).map((record) => fileRecord(model, record));
  return format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toYaml(data, 2);
}

/**
 * One model's file: a YAML or JSON list of records, or CSV with a header row (see `formatCell` for cells).
 *
 * @param format - the file's format
 * @param model - the model
 * @param records - its records
 * @returns the text
 */
export function serializeModelFile(format: FileFormat, model: FileModelName, records: readonly object[]): string {
  if (format === 'csv') {
    const fields = fileFields[model];
    const columns = Object.keys(fields);
    const rows = records.map((record) => columns.map((column) => formatCell(fields[column] as (typeof fields)[string], (record as Record<string, unknown>)[column])));
    return stringifyCsv([columns, ...rows], { eof: true });
  }
  const data = records.map((record) => fileRecord(model, record));
  return format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : data.length === 0 ? '[]\n' : toYaml(data, 1);
}
