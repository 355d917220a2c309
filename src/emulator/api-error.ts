/** An error answer of the emulated API: ECI's code, HTTP status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const missing = (name: string): ApiError =>
  new ApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
export const invalid = (name: string, why: string): ApiError =>
  new ApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid: ${why}`);
export const notFound = (what: string, id: string): ApiError =>
  new ApiError(404, 'InvalidParameter.NotFound', `The specified ${what} "${id}" does not exist.`);
