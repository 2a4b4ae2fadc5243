// Typed errors of the file integration: bad records with file, line and field; unreadable, empty or wrong-kind files; failed writes.
import { relative, isAbsolute } from 'node:path';
import { SsotError } from '@ssot/core';

/** Where a bad record is: its file and line, model, record and field. */
export interface FileRecordLocation {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line of the record (or of the field, when known); `undefined` when the line cannot be found. */
  line: number | undefined;
  /** Model of the record. */
  model: string;
  /** The record's unique id, when its identifiers could be read. */
  uid?: string | undefined;
  /** The field at fault, if one is. */
  field?: string | undefined;
}

/**
 * A path for messages: relative to the working directory when it is inside it, else absolute.
 *
 * @param file - an absolute path
 * @returns the path to show
 */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** A record in an inventory file is invalid: wrong type, missing field, unknown field, duplicate id or unknown parent. */
export class FileRecordError extends SsotError {
  /** Absolute path of the file holding the record. */
  readonly file: string;
  /** 1-based line of the record or field, when known. */
  readonly line: number | undefined;
  /** The problem alone, without the location (the message has both). */
  readonly problem: string;

  /**
   * @param location - file, line, model, record and field
   * @param problem - what is wrong and what to do, e.g. `expected an integer, got "x"`
   */
  constructor(location: FileRecordLocation, problem: string) {
    const where = `${displayPath(location.file)}${location.line === undefined ? '' : ` line ${location.line}`}`;
    const record = location.uid === undefined ? location.model : `${location.model} "${location.uid}"`;
    const field = location.field === undefined ? '' : `, field "${location.field}"`;
    super('INVALID_FILE_RECORD', `${where}, ${record}${field}: ${problem}`, { model: location.model, uid: location.uid, field: location.field });
    this.file = location.file;
    this.line = location.line;
    this.problem = problem;
  }
}

/** An inventory file cannot be read as a whole: missing, malformed YAML/JSON/CSV, wrong shape, unknown model. */
export class FileFormatError extends SsotError {
  /** Absolute path of the file or directory. */
  readonly file: string;
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;

  /**
   * @param file - the file or directory at fault
   * @param line - 1-based line, when known
   * @param problem - what is wrong and what to do
   * @param options - standard error options (`cause`)
   */
  constructor(file: string, line: number | undefined, problem: string, options?: ErrorOptions) {
    super('INVALID_FILE', `${displayPath(file)}${line === undefined ? '' : ` line ${line}`}: ${problem}`, {}, options);
    this.file = file;
    this.line = line;
  }
}

/** Loading found bad records: every one found (up to the adapter's `maxErrors`), so a file can be fixed in one pass. */
export class FileLoadError extends SsotError {
  /** The bad records, in the order they were found. */
  readonly errors: readonly FileRecordError[];
  /** Whether reading stopped at `maxErrors` (there may be more). */
  readonly truncated: boolean;

  /**
   * @param errors - the bad records (at least one)
   * @param truncated - whether reading stopped at the error limit
   */
  constructor(errors: readonly FileRecordError[], truncated: boolean) {
    const count = `${errors.length}${truncated ? '+' : ''} invalid record${errors.length === 1 && !truncated ? '' : 's'}`;
    const lines = errors.map((error) => `  - ${error.message}`).join('\n');
    super('INVALID_FILE_RECORDS', `${count} in the inventory files; fix ${errors.length === 1 ? 'it' : 'them'} and run again:\n${lines}`);
    this.errors = errors;
    this.truncated = truncated;
  }
}

/**
 * A source holds no records at all: a 0-byte or blank file, a document that is `null`, `{}` or `[]`
 * (or names models without lists), an empty directory, a directory without model files, or a
 * model file with no content (a CSV file without even a header row). Read as "no records", it would
 * make a sync delete every record of the target, so it is refused unless the adapter was told the
 * source may be empty (`allowEmpty: true`, the jobs' `allowEmpty` parameter).
 */
export class EmptySourceError extends SsotError {
  /** Absolute path of the empty file or directory. */
  readonly file: string;
  /** What is empty, without the location and advice (the message has all three), e.g. `is empty (0 bytes)`. */
  readonly problem: string;

  /**
   * @param file - the empty file or directory
   * @param problem - what is empty, e.g. `is empty (0 bytes)` or `is an empty directory`
   */
  constructor(file: string, problem: string) {
    super(
      'EMPTY_SOURCE',
      `${displayPath(file)}: ${problem}. A source with no records would delete every record of the target; check the path, or, if the inventory really is empty, say so with allowEmpty: true (job parameter: --param allowEmpty=true).`,
    );
    this.file = file;
    this.problem = problem;
  }
}

/**
 * An inventory path is of the wrong kind: a directory where a document (file) is expected, or a file
 * where a directory is expected, by the `layout` option or by the path's own name (a directory named
 * `inventory.yaml`).
 */
export class SourceKindError extends SsotError {
  /** Absolute path of the file or directory. */
  readonly file: string;

  /**
   * @param file - the file or directory at fault
   * @param problem - what kind it is, what was expected and what to do
   */
  constructor(file: string, problem: string) {
    super('SOURCE_KIND', `${displayPath(file)}: ${problem}`);
    this.file = file;
  }
}
