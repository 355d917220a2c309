import type { CloudErrorInit } from '../core/errors';
import { CloudError } from '../core/errors';
import type { HintContext } from '../core/error-hints';
import { CLIENT_HINTS, nearestNames, orList } from '../core/error-hints';

/**
 * A plain-language hint for every error code the ECI API reference (2020) lists, plus the authentication codes
 * every Alibaba Cloud API returns and the credential codes of src/eci/credentials.ts (the client's own network and
 * answer codes are src/core/error-hints.ts's). The API's own messages are often a bare
 * `%s` or describe the symptom; a hint says what to do about it.
 */
export const ECI_ERROR_HINTS: Readonly<Record<string, string>> = {
  // Account and permission
  'Account.Arrearage':
    'Your Alibaba Cloud account has an overdue payment. Settle it in the billing console, then try again.',
  'Forbidden.AccessKeyDisabled':
    'This AccessKey is disabled. Enable it in the RAM console or switch to another profile.',
  'Forbidden.NotSupportRAM': "This operation cannot be called by a RAM user. Use the account owner's credentials.",
  'Forbidden.OnlyForInvitedTest':
    'This operation is only open to invited users. Ask Alibaba Cloud support to enable it for your account.',
  'Forbidden.RAM':
    'The RAM user lacks permission for this operation or resource. Grant an ECI policy (for example AliyunECIFullAccess) in the RAM console.',
  'Forbidden.RamRoleNotExist':
    'The RAM role named in the request does not exist. Check the role name or create it in the RAM console.',
  'Forbidden.RiskControl': 'Alibaba Cloud risk control blocked the operation. Contact support if it persists.',
  'Forbidden.SubUser': 'This RAM user may not perform the operation. Ask the account owner to grant it.',
  'Forbidden.Unauthorized': 'You are not authorized for this resource. Check the RAM policies of these credentials.',
  'Forbidden.UserBusinessStatus': 'The account has overdue bills. Pay them, then try again.',
  'Forbidden.UserBussinessStatus': 'The account has overdue bills. Pay them, then try again.',
  'Forbidden.UserNotRealNameAuthentication':
    'The account has not passed real-name verification. Complete it in the account console.',
  RealNameAuthenticationError: 'The account has not passed real-name verification. Complete it in the account console.',
  'InvalidPaymentMethod.InsufficientBalance':
    'No payment method or not enough balance. Add a payment method or top up the account.',
  'InvalidUser.PassRoleForbidden': 'The RAM user may not pass a RAM role to ECI. Grant it ram:PassRole for that role.',
  NoPermission: 'The RAM role cannot be assumed by ECS/ECI. Make sure its trust policy names the ECS service.',
  'RamRole.NotSupport': 'RAM roles are not supported for this request. Remove the RAM role name.',
  ServiceNotEnabled: 'A service this operation needs is not activated on the account. Activate it in the console.',
  containerRepositoryAuthorizationFailed:
    'Authenticating to the image registry failed. Check the registry credentials and that Container Registry is activated.',

  // Request problems
  InvalidAction:
    'This endpoint does not offer the operation. Check the action name (names are case-sensitive, e.g. DescribeContainerGroups) and the endpoint.',
  InvalidParameter: 'A parameter has an invalid value. The message names it.',
  'InvalidParameter.LengthExceeded':
    'A list has too many elements (for example more than 20 containers, volumes or tags).',
  'InvalidParameter.NotFound':
    'A resource named in the request does not exist in this region. Check the ID and the region.',
  'InvalidParameter.ValueExceeded': 'A parameter value is out of range.',
  'InvalidParameter.CPU.Memory':
    'This vCPU/memory combination is not offered. Pick a supported specification such as 2 vCPU / 4 GiB.',
  'InvalidParam.CpuOrMemorySpec': 'The vCPU or memory specification is invalid. Pick a supported combination.',
  'InvalidParameter.DuplicatedName':
    'Two containers in the group have the same name. Container names must be unique within a group.',
  'InvalidParameter.DuplicatedVolumeName':
    'Two volumes in the group have the same name. Volume names must be unique within a group.',
  MissingParameter: 'A required parameter is missing. The message names it.',
  IncorrectUserTemplateFormat:
    'The template is not in the expected format. Validate it with `eci validate` and fix the reported problems.',
  IdempotentParameterMismatch:
    'This ClientToken was already used for a different request. Retry with a new token, or send the original parameters.',
  LastTokenProcessing: 'A request with the same ClientToken is still being processed. Wait a moment and try again.',
  SignatureNonceUsed: 'The request nonce was reused. This is a client bug or a replayed request; try again.',
  UnsupportedHTTPMethod: 'The HTTP method is not supported by this operation.',
  DryRunOperation: 'The request passed validation; nothing was created because DryRun was set.',
  NoNeedUpdate: 'The update changes nothing; the container group already matches.',

  // Resource state
  IncorrectStatus:
    'The container group is in a state that does not allow this operation (for example restarting a Succeeded group, or updating a Failed one). Refresh and check its status.',
  IncorrectOperation: 'This operation is not allowed on the specified resource.',
  'ImageCache.IncorrectStatus':
    'The image cache is in a state that does not allow this operation. Wait until it is Ready or Failed.',
  ImageCacheNotSupport: 'Image caches are not enabled for this account. Contact Alibaba Cloud support to enable them.',
  'ImageSnapshot.IncorrectStatus': 'The image-cache snapshot is not in a usable state.',
  'ImageSnapshot.NotFound': 'The image-cache snapshot does not exist.',
  'ImageSnapshot.NotSupport': 'Image-cache snapshots are not supported for this request.',
  OperationConflict: 'Another operation on the same resource is in progress. Wait for it to finish and try again.',
  QuotaExceeded:
    'An account quota is exhausted (for example the number of container groups or vCPUs). Delete unused groups or raise the quota.',

  // Placement and capacity
  'OperationDenied.NoStock':
    'This specification is sold out in the zone. Try another zone (or several vSwitches in different zones) or another specification.',
  'OperationDenied.SecurityGroupMismatch':
    "The vSwitch and the security group belong to different VPCs. Pick a security group from the vSwitch's VPC.",
  'OperationDenied.VswZoneMismatch':
    'The vSwitch is not in the zone given by ZoneId. Leave ZoneId out or pick a vSwitch in that zone.',
  'InvalidVSwitchId.IpNotEnough': 'The vSwitch has no free IP addresses. Use another vSwitch or free some addresses.',
  'Zone.NotOnSale': 'The zone is not available for purchase. Pick another zone.',
  RegionNotSupported: 'ECI is not offered in this region. Pick another region.',
  'DiskNumber.LimitExceed': 'Too many disks are attached to the instance.',
  'DiskVolume.NotInSameZone': 'The disk is in a different zone than the container group.',
  'DiskVolume.NotSupport': 'This disk volume is not supported.',
  'InvalidDiskId.NotFound': 'The disk does not exist.',

  // Throttling and service availability (retried automatically)
  Throttling: 'Too many requests in a short time. The client retried with backoff; wait a moment and try again.',
  'Throttling.User':
    'Too many requests from this account. The client retried with backoff; wait a moment and try again.',
  'Throttling.Api':
    'Too many requests to this operation. The client retried with backoff; wait a moment and try again.',
  'Rejected.Throttling': 'Requests are being throttled. The client retried with backoff; wait a moment and try again.',
  'Throttling.Vcpu.PerDay':
    'The daily limit of vCPU creation requests is reached. Try again tomorrow or ask for a higher limit.',
  ServiceUnavailable: 'ECI had a temporary server error. The client retried; try again shortly.',
  'ServiceUnavailable.RegionMaintaining': 'The region is under maintenance. Try again in a few minutes.',
  InternalServerError:
    'ECI had an internal error. Try again; if it persists, report the request ID to Alibaba Cloud support.',
  InternalError:
    'ECI had an internal error. Try again; if it persists, report the request ID to Alibaba Cloud support.',
  UnknownError:
    'ECI reported an unknown error. Try again; if it persists, report the request ID to Alibaba Cloud support.',

  // Authentication (common to every Alibaba Cloud API)
  'InvalidAccessKeyId.NotFound':
    "The AccessKey ID is not known. Check the profile's AccessKey ID, or the endpoint (the emulator accepts only its own keys).",
  'InvalidAccessKeyId.Inactive': 'The AccessKey is inactive. Enable it in the RAM console.',
  SignatureDoesNotMatch: 'The AccessKey secret does not match the AccessKey ID. Re-enter the secret for this profile.',
  IncompleteSignature: 'The request signature is incomplete. This usually means a proxy altered the request.',
  'InvalidTimeStamp.Expired': "The request timestamp is more than 15 minutes off. Check this machine's clock.",
  'InvalidSecurityToken.Expired': 'The STS security token has expired. Obtain a new token for this profile.',
  'InvalidSecurityToken.Malformed': 'The STS security token is malformed. Re-enter it for this profile.',
  'InvalidSecurityToken.MismatchWithAccessKey': 'The STS token does not belong to this AccessKey ID.',
  InvalidVersion: 'The API version is not supported by this endpoint.',
  UnsupportedSignatureVersion:
    'The endpoint does not accept this signature version. Switch `eci.signatureVersion` to the other one.',

  // Raised by this client while finding credentials (src/eci/credentials.ts)
  CredentialsNotFound:
    'No credentials were found. Add a profile, set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure the aliyun CLI.',
  UnsupportedCredentialMode:
    'This credential mode is not supported. Use an AccessKey, an STS token, a RAM role, an ECS instance role, OIDC, a credentials URI, an external command or CloudSSO.',
  InvalidCredentials: 'The credentials configuration is malformed.',
  // Raised by the temporary-credential sources (src/eci/credential-providers.ts, src/eci/external-process.ts)
  ExternalCredentialsFailed:
    "The profile's credentials command failed. Run it by hand to see why; its output is never shown here, as it holds secrets.",
  CloudSsoSignInExpired: 'The CloudSSO sign-in has expired. Sign in again with the aliyun CLI, as the message says.',
  EcsMetadataUnavailable:
    "The ECS metadata service did not give the instance's RAM role credentials. This works only on an ECS instance with a RAM role attached.",
  ...CLIENT_HINTS,
};

/** ECI's hint for an error code (given to every CloudError ECI's client makes). */
export function eciHints(code: string, context: HintContext = {}): string | undefined {
  if (isUnknownActionAnswer(code, context.message)) return unknownActionHint(context.action);
  if (Object.prototype.hasOwnProperty.call(ECI_ERROR_HINTS, code)) {
    return ECI_ERROR_HINTS[code];
  }
  // Families the table does not spell out one by one.
  if (/Throttling/.test(code)) return ECI_ERROR_HINTS['Throttling'];
  if (code.startsWith('ServiceUnavailable')) return ECI_ERROR_HINTS['ServiceUnavailable'];
  if (code.startsWith('Forbidden')) return ECI_ERROR_HINTS['Forbidden.Unauthorized'];
  if (code.startsWith('InvalidParameter')) return ECI_ERROR_HINTS['InvalidParameter'];
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

function unknownActionHint(action: string | undefined): string | undefined {
  if (action === undefined || action === '') return ECI_ERROR_HINTS['InvalidAction'];
  if (TEMPLATE_ACTIONS.includes(action))
    return `${action} is one of the template actions, which were removed from the public ECI API in 2022. Use CreateContainerGroup, UpdateContainerGroup or DescribeContainerGroups instead (deploying a template from the extension converts it to them), or an endpoint that still offers them, such as the local emulator.`;
  if (ECI_ACTIONS.includes(action))
    return `${action} is an ECI action, but this endpoint does not offer it. Check the endpoint (the local emulator implements only part of the API).`;
  const near = nearestNames(action, ECI_ACTIONS);
  if (near.length > 0) return `${action} is not an ECI action. Did you mean ${orList(near)}?`;
  return `${action} is not an ECI action (API 2018-08-08). Action names are case-sensitive, e.g. DescribeContainerGroups.`;
}

/** A CloudError with ECI's hints: what every error ECI's code makes is. */
export function eciError(init: CloudErrorInit): CloudError {
  return new CloudError({ ...init, hints: eciHints });
}
