import * as vscode from './vscode-api';
import type { CloudError } from '../core/errors';
import { localeOf } from '../core/messages/messages';

/**
 * A cloud error in one line for a person (`code: message. Hint: … (request ID …)`), its hint and our own words in
 * VS Code's display language; the code and the API's message as the API sent them.
 */
export function describeCloudError(error: CloudError): string {
  return error.describe(localeOf(vscode.env.language));
}
