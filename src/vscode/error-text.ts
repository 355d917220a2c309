import { displayLocale } from './display-locale';
import { CloudError } from '../core/errors';
import { MessageError, say } from '../core/messages/messages';

/**
 * A cloud error in one line for a person (`code: message. Hint: … (request ID …)`), its hint and our own words in
 * VS Code's display language; the code and the API's message as the API sent them.
 */
export function describeCloudError(error: CloudError): string {
  return error.describe(displayLocale());
}

/**
 * Any error for a person, in VS Code's display language where the core made it of its catalog's messages: a cloud
 * error described with its hint, an error of the core's own words (MessageError: a port forward's, a container
 * file's) said anew, anything else by its message.
 */
export function errorText(error: unknown): string {
  if (error instanceof CloudError) return describeCloudError(error);
  if (error instanceof MessageError) return say(error.said, displayLocale());
  return error instanceof Error ? error.message : String(error);
}

/**
 * An error's message for a person, in VS Code's display language where the core made it of its catalog's messages
 * (a cloud error's own words or a MessageError's), without a cloud error's code and hint: where the English showed
 * `error.message`, the same words.
 */
export function messageText(error: unknown): string {
  if (error instanceof CloudError) return error.messageIn(displayLocale());
  if (error instanceof MessageError) return say(error.said, displayLocale());
  return error instanceof Error ? error.message : String(error);
}
