// Reads per-operation failures out of a bulkWrite error (MongoBulkWriteError and mongoose's wrappers).

/** One failed operation of a bulk write. */
export interface OperationFailure {
  /** Index of the operation in the submitted list. */
  index: number;
  /** The server's message (for example an E11000 duplicate key error). */
  message: string;
}

/**
 * The failed operations of a bulk write error, or `undefined` when the error is not a bulk
 * write error (a lost connection, say), which must then fail the whole batch.
 *
 * @param error - what `bulkWrite` threw
 * @returns the failures by operation index
 */
export function writeErrorsOf(error: unknown): OperationFailure[] | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((entry: { index?: number; errmsg?: string; err?: { index?: number; errmsg?: string }; message?: string }) => ({
    index: entry.index ?? entry.err?.index ?? -1,
    message: entry.errmsg ?? entry.err?.errmsg ?? entry.message ?? 'write failed',
  }));
}
