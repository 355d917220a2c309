import type { CloudErrorInit } from '../core/errors';
import { CloudError } from '../core/errors';
import type { HintContext } from '../core/error-hints';
import { CLIENT_HINT_MESSAGES, englishHints, hintTable, nearestNames, orListMessage } from '../core/error-hints';
import type { Message } from '../core/messages/messages';
import { message } from '../core/messages/messages';

/**
 * A plain-language hint for every error code the ECI API reference (2020) lists, plus the authentication codes
 * every Alibaba Cloud API returns and the credential codes of src/eci/credentials.ts (the client's own network and
 * answer codes are src/core/error-hints.ts's). The API's own messages are often a bare
 * `%s` or describe the symptom; a hint says what to do about it. The hints are the catalog's `hint.eci.<code>`
 * (src/core/messages/), grouped there as account and permission, request problems, resource state, placement and
 * capacity, throttling and availability, authentication, and the credential sources' own codes.
 */
export const ECI_HINT_MESSAGES: Readonly<Record<string, Message>> = {
  ...hintTable('hint.eci.'),
  ...CLIENT_HINT_MESSAGES,
};

/** The same hints in English. */
export const ECI_ERROR_HINTS: Readonly<Record<string, string>> = englishHints(ECI_HINT_MESSAGES);

/** ECI's hint for an error code (given to every CloudError ECI's client makes). */
export function eciHints(code: string, context: HintContext = {}): Message | undefined {
  if (isUnknownActionAnswer(code, context.message)) return unknownActionHint(context.action);
  if (Object.prototype.hasOwnProperty.call(ECI_HINT_MESSAGES, code)) {
    return ECI_HINT_MESSAGES[code];
  }
  // Families the table does not spell out one by one.
  if (/Throttling/.test(code)) return ECI_HINT_MESSAGES['Throttling'];
  if (code.startsWith('ServiceUnavailable')) return ECI_HINT_MESSAGES['ServiceUnavailable'];
  if (code.startsWith('Forbidden')) return ECI_HINT_MESSAGES['Forbidden.Unauthorized'];
  if (code.startsWith('InvalidParameter')) return ECI_HINT_MESSAGES['InvalidParameter'];
  return undefined;
}

/**
 * The actions of the ECI API 2018-08-08 today: the 36 operations of the current generated SDK
 * (alibabacloud-go/eci-20180808, client/client.go, June 2025). Every action src/eci/operations.ts calls and the
 * emulator's handler table (src/emulator/api.ts) answers is one of these or of TEMPLATE_ACTIONS.
 */
export const ECI_ACTIONS: readonly string[] = [
  'CommitContainer',
  'CopyDataCache',
  'CreateContainerGroup',
  'CreateDataCache',
  'CreateImageCache',
  'CreateInstanceOpsTask',
  'CreateVirtualNode',
  'DeleteContainerGroup',
  'DeleteDataCache',
  'DeleteImageCache',
  'DeleteVirtualNode',
  'DescribeAvailableResource',
  'DescribeCommitContainerTask',
  'DescribeContainerGroupEvents',
  'DescribeContainerGroupMetric',
  'DescribeContainerGroupPrice',
  'DescribeContainerGroupStatus',
  'DescribeContainerGroups',
  'DescribeContainerLog',
  'DescribeDataCaches',
  'DescribeImageCaches',
  'DescribeInstanceOpsRecords',
  'DescribeMultiContainerGroupMetric',
  'DescribeRegions',
  'DescribeVirtualNodes',
  'ExecContainerCommand',
  'ListTagResources',
  'ListUsage',
  'ResizeContainerGroupVolume',
  'RestartContainerGroup',
  'TagResources',
  'UntagResources',
  'UpdateContainerGroup',
  'UpdateDataCache',
  'UpdateImageCache',
  'UpdateVirtualNode',
];

/**
 * The template actions, removed from the public API in late 2022 (docs/reference/eci-api.md §6.1); the emulator may
 * still offer them.
 */
export const TEMPLATE_ACTIONS: readonly string[] = [
  'CreateContainerGroupFromTemplate',
  'UpdateContainerGroupByTemplate',
  'ExportContainerGroupTemplate',
];

/** The answers that mean "no such action here": ECI's own code, the API gateway's, and the gateway's message. */
function isUnknownActionAnswer(code: string, message: string | undefined): boolean {
  return (
    code === 'InvalidAction' ||
    code.startsWith('InvalidAction.') ||
    code === 'InvalidApi.NotFound' ||
    (message !== undefined && /specified api is not found/i.test(message))
  );
}

function unknownActionHint(action: string | undefined): Message | undefined {
  if (action === undefined || action === '') return ECI_HINT_MESSAGES['InvalidAction'];
  if (TEMPLATE_ACTIONS.includes(action)) return message('hint.action.template', { action });
  if (ECI_ACTIONS.includes(action)) return message('hint.action.notOffered', { action });
  const near = nearestNames(action, ECI_ACTIONS);
  if (near.length > 0) return message('hint.action.didYouMean', { action, names: orListMessage(near) });
  return message('hint.action.unknown', { action });
}

/** A CloudError with ECI's hints: what every error ECI's code makes is. */
export function eciError(init: CloudErrorInit): CloudError {
  return new CloudError({ ...init, hints: eciHints });
}
