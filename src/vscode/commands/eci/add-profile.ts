import { randomUUID } from 'node:crypto';
import * as vscode from '../../vscode-api';
import { EciClient } from '../../../eci/client';
import type { EndpointType } from '../../../eci/endpoints';
import { endpointHost, parseEndpoint } from '../../../eci/endpoints';
import { CloudError } from '../../../core/errors';
import { describeRegions } from '../../../eci/operations';
import { KNOWN_REGIONS } from '../../../providers/regions';
import { clientSettings } from '../../client-settings';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { newProfileArg } from '../command-args';

/** Why the check of a new key failed, in the user's terms: the key refused, or the endpoint never reached. */
export function checkFailure(name: string, endpoint: string, error: unknown): string {
  const message =
    error instanceof CloudError ? error.describe() : error instanceof Error ? error.message : String(error);
  if (error instanceof CloudError && (error.code === 'NetworkError' || error.code === 'RequestTimeout'))
    return `${endpoint} could not be reached, so the AccessKey of "${name}" was not tried: ${message}`;
  return `The AccessKey of "${name}" did not work: ${message}`;
}

/**
 * ECI: Add Profile — name, AccessKey ID and secret (into SecretStorage, never settings), an optional STS token,
 * the home region, the public or VPC endpoint (`eci-vpc.<region>`, from inside Alibaba Cloud's network), and an
 * optional endpoint override. The key is tried with DescribeRegions before
 * it is saved; a key that fails can still be saved if the user says so (offline, a proxy not reachable yet), but is
 * then not made the active profile. Returns the ID. The question is asked also when every answer was given.
 */
export async function addProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const preset = newProfileArg(given);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });
  const name = await ask(preset.name, {
    title: 'Add ECI profile (1/7): name',
    prompt: 'How the explorer shows this account',
    value: 'Alibaba Cloud',
    validateInput: (v) => (v.trim() === '' ? 'A name is needed' : undefined),
  });
  if (name === undefined) return undefined;
  const accessKeyId = await ask(preset.accessKeyId, {
    title: 'Add ECI profile (2/7): AccessKey ID',
    placeHolder: 'LTAI…',
    validateInput: (v) =>
      /^[\w.-]{8,}$/.test(v.trim()) ? undefined : 'An AccessKey ID is at least 8 letters and digits',
  });
  if (accessKeyId === undefined) return undefined;
  const accessKeySecret = await ask(preset.accessKeySecret, {
    title: 'Add ECI profile (3/7): AccessKey secret',
    password: true,
    prompt: 'Kept in the OS keychain through VS Code; never written to settings or logs',
    validateInput: (v) => (v.trim() === '' ? 'The secret is needed' : undefined),
  });
  if (accessKeySecret === undefined) return undefined;
  const securityToken =
    preset.accessKeyId !== undefined
      ? preset.securityToken
      : await ask(undefined, {
          title: 'Add ECI profile (4/7): STS token (optional)',
          password: true,
          prompt: 'Only for temporary credentials (an AccessKey ID starting with STS.); leave empty otherwise',
        });
  if (securityToken === undefined && preset.accessKeyId === undefined) return undefined;
  const regionId =
    preset.regionId ??
    (
      await services.prompter.pick(
        KNOWN_REGIONS.map((label) => ({ label })),
        { title: 'Add ECI profile (5/7): home region', ignoreFocusOut: true },
      )
    )?.label;
  if (regionId === undefined) return undefined;
  const endpointType = await askEndpointType(services, preset.accessKeyId !== undefined, preset.endpointType, regionId);
  if (endpointType === undefined) return undefined;
  const endpointText =
    preset.accessKeyId !== undefined
      ? (preset.endpoint ?? '')
      : await ask(undefined, {
          title: 'Add ECI profile (7/7): endpoint override (optional)',
          prompt: `Leave empty for ${endpointHost(regionId, endpointType)}; or another address (a finance region's endpoint, a gateway)`,
          placeHolder: endpointHost(regionId, endpointType),
          validateInput: (v) => {
            if (v.trim() === '') return undefined;
            try {
              parseEndpoint(v.trim());
              return undefined;
            } catch (error) {
              return error instanceof Error ? error.message : String(error);
            }
          },
        });
  if (endpointText === undefined) return undefined;
  const endpoint = endpointText.trim() === '' ? undefined : endpointText.trim();

  const credentials = {
    accessKeyId: accessKeyId.trim(),
    accessKeySecret: accessKeySecret.trim(),
    securityToken: securityToken === '' ? undefined : securityToken?.trim(),
  };
  const probe = new EciClient({
    ...clientSettings(),
    credentials: { ...credentials, source: `the new profile "${name}"` },
    regionId,
    endpoint,
    endpointType,
    userAgent: 'vscode-eci',
    maxAttempts: 2,
  });
  let checked = true;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the AccessKey of "${name}"` },
      () => describeRegions(probe),
    );
  } catch (error) {
    const failure = checkFailure(name, endpoint ?? endpointHost(regionId, endpointType), error);
    if (!(await services.prompter.confirm({ message: failure, action: 'Save Anyway' }))) return undefined;
    checked = false;
  } finally {
    await probe.close();
  }
  const id = `ak-${randomUUID()}`;
  await services.credentials.save(id, credentials);
  await services.profiles.save({ id, name: name.trim(), kind: 'accessKey', regionId, endpoint, endpointType });
  // A profile whose check failed is kept, not put in use: the one that works stays active.
  if (checked || services.profiles.active() === undefined) await services.profiles.setActive(id);
  else
    void vscode.window.showInformationMessage(
      `"${name.trim()}" was saved but not made the active profile, as its check failed. Select it once it works.`,
    );
  services.log.info(
    `Added the ECI profile "${name.trim()}" (${regionId}, ${endpoint === undefined ? `${endpointType} endpoint` : `endpoint ${endpoint}`})`,
  );
  return id;
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
): Promise<EndpointType | undefined> {
  if (preset !== undefined && preset !== 'public' && preset !== 'vpc')
    throw new Error(`endpointType must be "public" or "vpc", not ${JSON.stringify(preset)}.`);
  if (preset !== undefined || given) return preset ?? 'public';
  const picked = await services.prompter.pick(
    [
      { label: 'Public', type: 'public', description: endpointHost(regionId, 'public'), detail: 'Over the internet' },
      {
        label: 'VPC',
        type: 'vpc',
        description: endpointHost(regionId, 'vpc'),
        detail: "From inside Alibaba Cloud's network: an ECS instance without a public IP, Remote-SSH on one",
      },
    ] as const,
    { title: 'Add ECI profile (6/7): endpoint', ignoreFocusOut: true },
  );
  return picked?.type;
}
