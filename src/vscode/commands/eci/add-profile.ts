import { randomUUID } from 'node:crypto';
import { errorText, messageText } from '../../error-text';
import * as vscode from '../../vscode-api';
import { EciClient } from '../../../eci/client';
import type { EndpointType } from '../../../eci/endpoints';
import { endpointHost, parseEndpoint } from '../../../eci/endpoints';
import { CloudError } from '../../../core/errors';
import { describeRegions } from '../../../eci/operations';
import { KNOWN_REGIONS } from '../../../providers/regions';
import { clientSettings } from '../../client-settings';
import { RamRoleCredentials, stsEndpoint } from '../../../eci/ram-role';
import type { RoleSettings } from '../../../eci/role-settings';
import {
  DEFAULT_ROLE_DURATION_SECONDS,
  DEFAULT_ROLE_SESSION_NAME,
  roleSettingsProblem,
} from '../../../eci/role-settings';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import type { NewProfile } from '../command-args';
import { newProfileArg } from '../command-args';

/** Why the check of a new key failed, in the user's terms: the key refused, or the endpoint never reached. */
export function checkFailure(name: string, endpoint: string, error: unknown): string {
  const message = errorText(error);
  if (error instanceof CloudError && (error.code === 'NetworkError' || error.code === 'RequestTimeout'))
    return vscode.l10n.t(
      '{0} could not be reached, so the AccessKey of "{1}" was not tried: {2}',
      endpoint,
      name,
      message,
    );
  return vscode.l10n.t('The AccessKey of "{0}" did not work: {1}', name, message);
}

/**
 * ECI: Add Profile — name; a plain AccessKey or a RAM role that an AccessKey assumes (role ARN, session name,
 * duration: the key then only signs STS AssumeRole, and calls use the role's temporary keys, renewed before they
 * expire); the AccessKey ID and secret (into SecretStorage, never settings), an optional STS token, the home region,
 * the public or VPC endpoint (`eci-vpc.<region>`, from inside Alibaba Cloud's network), and an optional endpoint
 * override (for a role, then also STS's). The key (and the role) is tried with DescribeRegions before it is saved; a
 * profile that fails can still be saved if the user says so (offline, a proxy not reachable yet), but is then not
 * made the active profile. Returns the ID. The question is asked also when every answer was given.
 */
export async function addProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const preset = newProfileArg(given);
  // Given a key, nothing optional is asked: the command was run with its answers (a test, a script).
  const answered = preset.accessKeyId !== undefined;
  // The kind of credentials first: it decides the steps that follow.
  const withRole = answered
    ? preset.roleArn !== undefined
    : await askCredentialKind(services, vscode.l10n.t('Add ECI profile: credentials'));
  if (withRole === undefined) return undefined;
  let total = withRole ? 9 : 7;
  let step = 0;
  const title = (what: string): string => vscode.l10n.t('Add ECI profile ({0}/{1}): {2}', ++step, total, what);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });
  const name = await ask(preset.name, {
    title: title(vscode.l10n.t('name')),
    prompt: vscode.l10n.t('How the explorer shows this account'),
    value: withRole ? vscode.l10n.t('Alibaba Cloud role') : vscode.l10n.t('Alibaba Cloud'),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('A name is needed') : undefined),
  });
  if (name === undefined) return undefined;
  const accessKeyId = await ask(preset.accessKeyId, {
    title: title(withRole ? vscode.l10n.t('AccessKey ID that assumes the role') : vscode.l10n.t('AccessKey ID')),
    placeHolder: 'LTAI…',
    validateInput: (v) =>
      /^[\w.-]{8,}$/.test(v.trim()) ? undefined : vscode.l10n.t('An AccessKey ID is at least 8 letters and digits'),
  });
  if (accessKeyId === undefined) return undefined;
  const accessKeySecret = await ask(preset.accessKeySecret, {
    title: title(vscode.l10n.t('AccessKey secret')),
    password: true,
    prompt: vscode.l10n.t('Kept in the OS keychain through VS Code; never written to settings or logs'),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The secret is needed') : undefined),
  });
  if (accessKeySecret === undefined) return undefined;
  // A role's source key is a RAM user's AccessKey; an STS key that assumes a role is for the aliyun CLI's import.
  const securityToken =
    answered || withRole
      ? preset.securityToken
      : await ask(undefined, {
          title: title(vscode.l10n.t('STS token (optional)')),
          password: true,
          prompt: vscode.l10n.t(
            'Only for temporary credentials (an AccessKey ID starting with STS.); leave empty otherwise',
          ),
        });
  if (securityToken === undefined && !answered && !withRole) return undefined;
  const role = withRole ? await askRole(services, preset, answered, title) : undefined;
  if (role === null) return undefined;
  // Given the answers, only the region may still be asked: its step is the one it has when all are asked.
  if (answered) step = withRole ? 6 : 4;
  const regionId =
    preset.regionId ??
    (
      await services.prompter.pick(
        KNOWN_REGIONS.map((label) => ({ label })),
        { title: title(vscode.l10n.t('home region')), ignoreFocusOut: true },
      )
    )?.label;
  if (regionId === undefined) return undefined;
  const endpointType = await askEndpointType(
    services,
    answered,
    preset.endpointType,
    regionId,
    title(vscode.l10n.t('endpoint')),
  );
  if (endpointType === undefined) return undefined;
  const endpointText = answered
    ? (preset.endpoint ?? '')
    : await ask(undefined, {
        title: title(vscode.l10n.t('endpoint override (optional)')),
        prompt: vscode.l10n.t(
          "Leave empty for {0}; or another address (a finance region's endpoint, a gateway)",
          endpointHost(regionId, endpointType),
        ),
        placeHolder: endpointHost(regionId, endpointType),
        validateInput: endpointProblem,
      });
  if (endpointText === undefined) return undefined;
  const endpoint = endpointText.trim() === '' ? undefined : endpointText.trim();
  let roleSettings: RoleSettings | undefined;
  if (role !== undefined) {
    // STS of the profile's region (public or VPC, as the profile's endpoint), unless another address is given: with
    // an endpoint override (the emulator, a gateway), STS may be elsewhere too, so it is asked.
    let sts = preset.stsEndpoint;
    if (sts === undefined && endpoint !== undefined && !answered) {
      total = 10;
      sts = await ask(undefined, {
        title: title(vscode.l10n.t('STS endpoint override (optional)')),
        prompt: vscode.l10n.t(
          'Where the role is assumed. Leave empty for {0}',
          stsEndpoint({ ...role, stsRegionId: regionId }, endpointType),
        ),
        value: endpoint,
        validateInput: endpointProblem,
      });
      if (sts === undefined) return undefined;
    }
    roleSettings = {
      ...role,
      stsRegionId: regionId,
      stsEndpoint: sts === undefined || sts.trim() === '' ? undefined : sts.trim(),
    };
  }

  const credentials = {
    accessKeyId: accessKeyId.trim(),
    accessKeySecret: accessKeySecret.trim(),
    securityToken: securityToken === '' ? undefined : securityToken?.trim(),
  };
  const settings = clientSettings();
  // l10n-ignore: the credentials' origin, named in the core's (English) errors and the log
  const origin = `the new profile "${name}"`;
  const assumed =
    roleSettings === undefined
      ? undefined
      : new RamRoleCredentials({
          source: { ...credentials, source: origin },
          role: roleSettings,
          origin,
          endpointType,
          route: settings.route,
          timeoutMs: settings.timeoutMs,
          userAgent: 'vscode-eci',
          maxAttempts: 2,
        });
  const probe = new EciClient({
    ...settings,
    credentials: assumed === undefined ? { ...credentials, source: origin } : () => assumed.credentials(),
    regionId,
    endpoint,
    endpointType,
    userAgent: 'vscode-eci',
    maxAttempts: 2,
  });
  let checked = true;
  const checking =
    assumed === undefined
      ? vscode.l10n.t('Checking the AccessKey of "{0}"', name)
      : vscode.l10n.t('Checking the AccessKey and its role of "{0}"', name);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: checking }, () =>
      describeRegions(probe),
    );
  } catch (error) {
    const failure = checkFailure(name, endpoint ?? endpointHost(regionId, endpointType), error);
    if (!(await services.prompter.confirm({ message: failure, action: vscode.l10n.t('Save Anyway') })))
      return undefined;
    checked = false;
  } finally {
    await Promise.all([probe.close(), assumed?.close()]);
  }
  const id = `${roleSettings === undefined ? 'ak' : 'role'}-${randomUUID()}`;
  await services.credentials.save(id, credentials);
  await services.profiles.save({
    id,
    name: name.trim(),
    kind: 'accessKey',
    regionId,
    endpoint,
    endpointType,
    role: roleSettings,
  });
  // A profile whose check failed is kept, not put in use: the one that works stays active.
  if (checked || services.profiles.active() === undefined) await services.profiles.setActive(id);
  else
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '"{0}" was saved but not made the active profile, as its check failed. Select it once it works.',
        name.trim(),
      ),
    );
  services.log.info(
    `Added the ECI profile "${name.trim()}" (${regionId}, ${endpoint === undefined ? `${endpointType} endpoint` : `endpoint ${endpoint}`}${roleSettings === undefined ? '' : `, assuming the role ${roleSettings.roleArn}`})`,
  );
  return id;
}

function endpointProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  try {
    parseEndpoint(value.trim());
    return undefined;
  } catch (error) {
    return messageText(error);
  }
}

/** A plain AccessKey (false) or a RAM role the key assumes (true); undefined when the pick is dismissed. */
async function askCredentialKind(services: ExtensionServices, title: string): Promise<boolean | undefined> {
  const picked = await services.prompter.pick(
    [
      {
        label: vscode.l10n.t('AccessKey'),
        role: false,
        detail: vscode.l10n.t("A RAM user's AccessKey, or temporary STS credentials; calls are signed with it"),
      },
      {
        label: vscode.l10n.t('RAM role'),
        role: true,
        detail: vscode.l10n.t(
          "An AccessKey assumes a RAM role (STS AssumeRole); calls use the role's temporary keys, renewed before they expire",
        ),
      },
    ] as const,
    { title, ignoreFocusOut: true },
  );
  return picked?.role;
}

/**
 * The role's ARN, session name and duration (its STS address is settled once the region is known); null when a
 * question is dismissed. Given answers are checked as typed ones are.
 */
async function askRole(
  services: ExtensionServices,
  preset: NewProfile,
  answered: boolean,
  title: (what: string) => string,
): Promise<Omit<RoleSettings, 'stsRegionId' | 'stsEndpoint'> | null> {
  const input = (request: InputRequest): Promise<string | undefined> =>
    services.prompter.input({ ignoreFocusOut: true, ...request });
  const roleArn =
    preset.roleArn ??
    (await input({
      title: title(vscode.l10n.t('RAM role ARN')),
      placeHolder: roleArnForm(),
      prompt: vscode.l10n.t("The role's ARN, from the RAM console's role page"),
      validateInput: (v) =>
        roleSettingsProblem({ roleArn: v.trim() }) === undefined
          ? undefined
          : vscode.l10n.t('Not a role ARN: {0}', roleArnForm()),
    }));
  if (roleArn === undefined) return null;
  const sessionName =
    preset.roleSessionName ??
    (answered
      ? undefined
      : await input({
          title: title(vscode.l10n.t('role session name')),
          prompt: vscode.l10n.t("Shows in the account's audit trail (ActionTrail) beside each call"),
          value: DEFAULT_ROLE_SESSION_NAME,
          validateInput: (v) => roleSettingsProblem({ roleArn: roleArn.trim(), sessionName: v.trim() }),
        }));
  if (sessionName === undefined && !answered) return null;
  const durationText = answered
    ? undefined
    : await input({
        title: title(vscode.l10n.t('session duration in seconds')),
        prompt: vscode.l10n.t("900 to the role's maximum session duration (3600 unless the role allows up to 43200)"),
        value: String(DEFAULT_ROLE_DURATION_SECONDS),
        validateInput: (v) =>
          roleSettingsProblem({
            roleArn: roleArn.trim(),
            durationSeconds: /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN,
          }),
      });
  if (durationText === undefined && !answered) return null;
  const role = {
    roleArn: roleArn.trim(),
    sessionName: sessionName?.trim(),
    durationSeconds: preset.roleDurationSeconds ?? (durationText === undefined ? undefined : Number(durationText)),
  };
  const problem = roleSettingsProblem(role);
  if (problem !== undefined) throw new Error(vscode.l10n.t('The role: {0}.', problem));
  return role;
}

/** How a role's ARN is written, with its parts named. */
function roleArnForm(): string {
  return vscode.l10n.t('acs:ram::<account ID>:role/<role name>');
}

/**
 * The public or VPC endpoint: asked after the region, so that the hosts can be named; given (or public) when the
 * command is run with its answers. A VPC endpoint is reached only from inside Alibaba Cloud's network (an ECS
 * instance without a public IP, a Remote-SSH session on one).
 */
async function askEndpointType(
  services: ExtensionServices,
  given: boolean,
  preset: string | undefined,
  regionId: string,
  title: string,
): Promise<EndpointType | undefined> {
  if (preset !== undefined && preset !== 'public' && preset !== 'vpc')
    // l10n-ignore: a wrong argument from automation, refused in English as command-args.ts refuses them
    throw new Error(`endpointType must be "public" or "vpc", not ${JSON.stringify(preset)}.`);
  if (preset !== undefined || given) return preset ?? 'public';
  const picked = await services.prompter.pick(
    [
      {
        label: vscode.l10n.t('Public'),
        type: 'public',
        description: endpointHost(regionId, 'public'),
        detail: vscode.l10n.t('Over the internet'),
      },
      {
        label: vscode.l10n.t('VPC'),
        type: 'vpc',
        description: endpointHost(regionId, 'vpc'),
        detail: vscode.l10n.t(
          "From inside Alibaba Cloud's network: an ECS instance without a public IP, Remote-SSH on one",
        ),
      },
    ] as const,
    { title, ignoreFocusOut: true },
  );
  return picked?.type;
}
