import type { CloudErrorInit } from '../core/errors';
import { CloudError } from '../core/errors';
import type { HintContext } from '../core/error-hints';
import { CLIENT_HINTS } from '../core/error-hints';

/**
 * JD Cloud's error statuses (the `error.status` of an error answer, which JD Cloud's client makes the CloudError's
 * code), in plain language: what to do about each.
 */
export const JDCLOUD_ERROR_HINTS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED:
    "JD Cloud did not accept the AccessKey or its signature. Check the profile's AccessKey ID and secret (add the profile again) and this machine's clock.",
  PERMISSION_DENIED:
    'The JD Cloud AccessKey may not do this. Grant its sub-user the Native Container permissions in the IAM console.',
  NOT_FOUND: 'It does not exist (any more) in that region. Refresh the explorer.',
  INVALID_ARGUMENT: 'A parameter has an invalid value; the message names it.',
  FAILED_PRECONDITION:
    'The container is not in the state this needs (start and rebuild need it stopped, stop needs it running). Wait for it to settle, or change its state first.',
  ALREADY_EXISTS: 'Something with that name exists already in the region. Choose another name.',
  QUOTA_EXCEEDED:
    "The region's quota is used up (JD Cloud: Show Quota). Delete what is not needed, or ask JD Cloud for a higher quota.",
  TOO_MANY_REQUESTS: 'JD Cloud throttled the requests. The client retried; wait a moment and try again.',
  UNAVAILABLE: 'JD Cloud is unavailable for the moment. The client retried; try again shortly.',
  UNIMPLEMENTED:
    "The endpoint does not offer this operation. Check the profile's endpoint (the local emulator runs no processes when it was started without a work folder).",
  INTERNAL: 'JD Cloud failed on its side. Try again; if it persists, contact JD Cloud support with the request ID.',
  ...CLIENT_HINTS,
};

/** JD Cloud's hint for an error status (given to every CloudError JD Cloud's client makes). */
export function jdcloudHints(code: string, _context: HintContext = {}): string | undefined {
  return Object.prototype.hasOwnProperty.call(JDCLOUD_ERROR_HINTS, code) ? JDCLOUD_ERROR_HINTS[code] : undefined;
}

/** A CloudError with JD Cloud's hints: what every error JD Cloud's code makes is. */
export function jdcloudError(init: CloudErrorInit): CloudError {
  return new CloudError({ ...init, hints: jdcloudHints });
}
