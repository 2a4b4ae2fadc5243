// The error of a parameter that does not pass the job's schema (or is not one of its parameters).
import { SsotError } from '../errors.js';

/** A parameter did not pass the job's schema. Code `INVALID_PARAMETER` (or a subclass's own code). */
export class JobParameterError extends SsotError {
  /**
   * @param job - the job's name
   * @param parameter - the parameter's path
   * @param message - what is wrong
   * @param code - the error code (default `INVALID_PARAMETER`)
   */
  constructor(job: string, parameter: string, message: string, code = 'INVALID_PARAMETER') {
    super(code, `Job "${job}": parameter "${parameter}" ${message}`, { field: parameter });
  }
}
