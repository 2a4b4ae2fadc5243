// Command errors carrying MongoDB error codes, code names and error labels.

/** Well-known MongoDB error codes used by this server. */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  MaxTimeMSExpired: 50,
  TypeMismatch: 14,
  InvalidLength: 16,
  InvalidBSON: 22,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  UnknownReplWriteConcern: 79,
  UnsatisfiableWriteConcern: 100,
  WriteConflict: 112,
  NotImplemented: 238,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  OperationNotSupportedInTransaction: 263,
  Location31253: 31253,
  Location31254: 31254,
  Location17419: 17419,
  Location17420: 17420,
  Location40324: 40324,
  Location40066: 40066,
  DuplicateKey: 11000,
} as const;

const codeNames = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

/** Returns the MongoDB code name for a numeric error code (e.g. 59 → `CommandNotFound`). */
export function codeNameOf(code: number): string {
  return codeNames.get(code) ?? 'UnknownError';
}

/** An error that is reported to the client as `{ ok: 0, errmsg, code, codeName }`. */
export class CommandError extends Error {
  /** The numeric MongoDB error code. */
  readonly code: number;
  /** The MongoDB code name matching {@link CommandError.code}. */
  readonly codeName: string;
  /** Error labels such as `TransientTransactionError`. */
  readonly errorLabels: string[];
  /** Extra fields merged into the error reply (e.g. `keyPattern`, `keyValue`). */
  readonly extra: Record<string, unknown>;

  /**
   * Creates a command error.
   * @param code - MongoDB error code.
   * @param message - Human readable `errmsg`.
   * @param extra - Extra fields for the error reply.
   * @param errorLabels - Error labels for the reply.
   */
  constructor(code: number, message: string, extra: Record<string, unknown> = {}, errorLabels: string[] = []) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.codeName = codeNameOf(code);
    this.extra = extra;
    this.errorLabels = errorLabels;
  }
}

/** Creates a `NotImplemented` (238) error for an unsupported feature. */
export function notImplemented(what: string): CommandError {
  return new CommandError(ErrorCodes.NotImplemented, `mongo-test-server does not implement ${what}`);
}

/** Creates a `BadValue` (2) error. */
export function badValue(message: string): CommandError {
  return new CommandError(ErrorCodes.BadValue, message);
}

/** Converts any thrown value into a {@link CommandError}. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // mingo throws plain errors for unknown operators and invalid expressions.
  return new CommandError(ErrorCodes.BadValue, message);
}
