import type { CloudErrorInit } from '../core/errors';
import { CloudError } from '../core/errors';
import type { HintContext } from '../core/error-hints';
import { CLIENT_HINT_MESSAGES, englishHints, hintTable } from '../core/error-hints';
import type { Message } from '../core/messages/messages';

/**
 * JD Cloud's error statuses (the `error.status` of an error answer, which JD Cloud's client makes the CloudError's
 * code), in plain language: what to do about each. The hints are the catalog's `hint.jdcloud.<status>`
 * (src/core/messages/).
 */
export const JDCLOUD_HINT_MESSAGES: Readonly<Record<string, Message>> = {
  ...hintTable('hint.jdcloud.'),
  ...CLIENT_HINT_MESSAGES,
};

/** The same hints in English. */
export const JDCLOUD_ERROR_HINTS: Readonly<Record<string, string>> = englishHints(JDCLOUD_HINT_MESSAGES);

/** JD Cloud's hint for an error status (given to every CloudError JD Cloud's client makes). */
export function jdcloudHints(code: string, _context: HintContext = {}): Message | undefined {
  return Object.prototype.hasOwnProperty.call(JDCLOUD_HINT_MESSAGES, code) ? JDCLOUD_HINT_MESSAGES[code] : undefined;
}

/** A CloudError with JD Cloud's hints: what every error JD Cloud's code makes is. */
export function jdcloudError(init: CloudErrorInit): CloudError {
  return new CloudError({ ...init, hints: jdcloudHints });
}
