// The generator's typed error: a code, a message saying what is wrong, and a hint saying what to do.

/** Why the generator refused to plan or write. */
export type GeneratorErrorCode =
  | 'INVALID_NAME'
  | 'INVALID_OPTION'
  | 'INTEGRATION_EXISTS'
  | 'UNKNOWN_INTEGRATION'
  | 'JOB_EXISTS'
  | 'INCOMPATIBLE_INTEGRATION'
  | 'NOT_EDITABLE'
  | 'TEMPLATE_MISSING'
  | 'WRITE_FAILED';

/** An error of the generator; nothing has been written when it is thrown while planning. */
export class GeneratorError extends Error {
  /** Machine-readable code. */
  readonly code: GeneratorErrorCode;
  /** What to do about it. */
  readonly hint: string;

  /**
   * @param code - machine-readable code
   * @param message - what is wrong
   * @param hint - what to do about it
   */
  constructor(code: GeneratorErrorCode, message: string, hint: string) {
    super(message);
    this.name = 'GeneratorError';
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Whether a value is a {@link GeneratorError}, optionally of one code.
 *
 * @param error - any value
 * @param code - the code to match, if any
 * @returns whether it is one
 */
export function isGeneratorError(error: unknown, code?: GeneratorErrorCode): error is GeneratorError {
  return error instanceof GeneratorError && (code === undefined || error.code === code);
}
