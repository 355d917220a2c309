/**
 * The errors JD Cloud's Native Container API answers with, in its `{requestId, error: {code, status, message}}`
 * envelope: the HTTP code and JD Cloud's status word. Every status the emulator's JD API answers with is made here,
 * so this file lists them all (the extension has a hint for each).
 */
export class JdcloudError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): JdcloudError => new JdcloudError(400, 'INVALID_ARGUMENT', message);
/** Not allowed in the state the resource is in (a container that is not stopped cannot be started). */
export const failedPrecondition = (message: string): JdcloudError =>
  new JdcloudError(400, 'FAILED_PRECONDITION', message);
export const quotaExceeded = (message: string): JdcloudError => new JdcloudError(400, 'QUOTA_EXCEEDED', message);
export const unauthenticated = (message: string): JdcloudError => new JdcloudError(401, 'UNAUTHENTICATED', message);
export const notFound = (message: string): JdcloudError => new JdcloudError(404, 'NOT_FOUND', message);
export const alreadyExists = (message: string): JdcloudError => new JdcloudError(409, 'ALREADY_EXISTS', message);
/** The emulator's bound on what it remembers was reached (see NonceMemory in auth.ts): try again shortly. */
export const tooManyRequests = (message: string): JdcloudError => new JdcloudError(429, 'TOO_MANY_REQUESTS', message);
export const internal = (message: string): JdcloudError => new JdcloudError(500, 'INTERNAL', message);
export const unimplemented = (message: string): JdcloudError => new JdcloudError(501, 'UNIMPLEMENTED', message);
