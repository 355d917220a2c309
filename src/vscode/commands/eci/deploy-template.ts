import * as vscode from '../../vscode-api';
import { messageText } from '../../error-text';
import type { EciClient } from '../../../eci/client';
import {
  describeContainerGroupPages,
  describeContainerGroupPrice,
  describeContainerGroups,
} from '../../../eci/operations';
import type { ContainerGroup } from '../../../eci/records';
import type { DeployMethod } from '../../../deploy/template-deploy';
import { deployTemplate } from '../../../deploy/template-deploy';
import { reportDeployError } from '../../deploy/deploy-errors';
import { followGroup, settledMessage } from '../../deploy/follow-group';
import type { TemplateObject } from '../../deploy/template-target';
import { templateFromEditor } from '../../deploy/template-target';
import type { ExtensionServices } from '../../services';
import type { DeployOptions } from '../command-args';
import { deployOptionsArg } from '../command-args';
import { ECI_PROVIDER } from '../../../eci/provider';

/**
 * ECI: Deploy Template — validates the template (refusing an invalid one with its problems in view), asks for the
 * network settings it leaves out (remembered per workspace, profile and region), shows the price estimate, region
 * and profile in one confirmation, deploys (template action or CreateContainerGroup, by `eci.deploy.method`),
 * follows the group until it runs or fails, and shows it in the explorer. Returns the new group's ID.
 */
export async function deployTemplateCommand(
  services: ExtensionServices,
  uri?: unknown,
  given?: unknown,
): Promise<string | undefined> {
  const options = deployOptionsArg(given);
  const target = await templateFromEditor(uri);
  if (target === undefined) return undefined;
  const { document, template } = target;
  const profile = services.profiles.active();
  if (profile === undefined) {
    const useEmulator = vscode.l10n.t('Use Local Emulator');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Deploy where? There is no ECI profile yet.'),
      useEmulator,
    );
    if (choice === useEmulator) await vscode.commands.executeCommand('eci.useLocalEmulator');
    return undefined;
  }
  const regionId = typeof template['regionId'] === 'string' ? template['regionId'] : profile.regionId;
  const client = await services.clients.of(profile, ECI_PROVIDER);
  const network = await networkSettings(services, client, template, regionId, `${profile.id}/${regionId}`, options);
  if (network === undefined) return undefined;
  const name = String(template['containerGroupName'] ?? vscode.l10n.t('the group'));
  const [price, namesakes] = await Promise.all([
    priceEstimate(client, template, regionId),
    sameName(client, name, regionId),
  ]);
  // A second group of the same name is allowed by the API, and rarely meant: said before, not after.
  const namesakeList = namesakes.map((g) => `${g.ContainerGroupId}, ${g.Status}`).join(vscode.l10n.t('; '));
  const twice =
    namesakes.length === 0
      ? ''
      : `\n\n${
          namesakes.length === 1
            ? vscode.l10n.t(
                'A group named {0} already exists in {1} ({2}): this makes another. To change it, export it (Export Template) and use Update Group.',
                name,
                regionId,
                namesakeList,
              )
            : vscode.l10n.t(
                '{0} groups named {1} already exist in {2} ({3}): this makes another. To change one, export it (Export Template) and use Update Group.',
                namesakes.length,
                name,
                regionId,
                namesakeList,
              )
        }`;
  const confirmed = await services.prompter.confirm({
    message:
      namesakes.length === 0
        ? vscode.l10n.t('Deploy {0} to {1} with {2}?', name, regionId, profile.name)
        : vscode.l10n.t('Deploy another {0} to {1} with {2}?', name, regionId, profile.name),
    detail: `${price}${twice}`,
    action: namesakes.length === 0 ? vscode.l10n.t('Deploy') : vscode.l10n.t('Deploy Another'),
    severity: 'info',
  });
  if (!confirmed) return undefined;
  const method = vscode.workspace.getConfiguration('eci').get<DeployMethod>('deploy.method', 'auto');
  services.deployProblems.delete(document.uri);
  let outcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deploying {0} to {1}', name, regionId) },
      () => deployTemplate(client, { ...template, ...network }, regionId, method),
    );
  } catch (error) {
    reportDeployError(services.deployProblems, document, error, vscode.l10n.t('Deploying {0}', name));
    return undefined;
  }
  services.log.info(
    `Deployed ${name} as ${outcome.containerGroupId} in ${regionId} with ${profile.name} through ${outcome.method === 'template' ? 'CreateContainerGroupFromTemplate' : 'CreateContainerGroup'} (request ${outcome.requestId})`,
  );
  services.explorer.refresh(profile.id);
  const settled = await followGroup(
    client,
    outcome.containerGroupId,
    regionId,
    `${name} (${outcome.containerGroupId})`,
    options.followIntervalMs,
  );
  // The new group is in the model before it is revealed (a refresh keeps the old rows until its answers are in).
  await services.explorer.refresh(profile.id);
  if (settled !== undefined) {
    // Shown where it now is in the tree; a tree that cannot reveal it (collapsed, hidden) is no reason to fail.
    await services.explorerView
      .reveal(services.explorer.workloadNode(profile, regionId, settled), { select: true, focus: false, expand: false })
      .then(undefined, () => undefined);
    const { ok, text } = settledMessage(settled);
    if (ok) void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text);
  }
  return outcome.containerGroupId;
}

/** The region's groups of that name, not deleted (a lookup that fails says nothing: the deploy goes on). */
async function sameName(client: EciClient, name: string, regionId: string): Promise<ContainerGroup[]> {
  try {
    const { ContainerGroups } = await describeContainerGroups(client, { ContainerGroupName: name }, { regionId });
    return ContainerGroups.filter((g) => g.ContainerGroupName === name && g.Status !== 'Deleted');
  } catch {
    return [];
  }
}

/**
 * vSwitch and security group: from the template, the options, or asked with a pick of what the account uses in that
 * region (its groups' vSwitches with their zones, and security groups; the last answer here first), or typed.
 */
async function networkSettings(
  services: ExtensionServices,
  client: EciClient,
  template: TemplateObject,
  regionId: string,
  place: string,
  options: DeployOptions,
): Promise<{ vSwitchId: string; securityGroupId: string } | undefined> {
  const key = `eci.deploy.network/${place}`;
  const remembered = services.context.workspaceState.get<{ vSwitchId?: string; securityGroupId?: string }>(key, {});
  const given = (field: 'vSwitchId' | 'securityGroupId'): string | undefined => {
    const value = template[field] ?? options[field];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  let inUse: ContainerGroup[] | undefined;
  const groups = async (): Promise<ContainerGroup[]> => {
    if (inUse !== undefined) return inUse;
    inUse = [];
    try {
      for await (const page of describeContainerGroupPages(client, {}, { regionId })) {
        inUse.push(...page.ContainerGroups);
        if (inUse.length >= 200) break;
      }
    } catch {
      // Nothing to offer: the ID is typed.
    }
    return inUse;
  };
  const ask = async (
    field: 'vSwitchId' | 'securityGroupId',
    what: string,
    example: string,
    pattern: RegExp,
    describe: (id: string, users: ContainerGroup[]) => string,
  ): Promise<string | undefined> => {
    const value = given(field);
    if (value !== undefined) return value;
    const byId = new Map<string, ContainerGroup[]>();
    for (const group of await groups()) {
      const id = field === 'vSwitchId' ? group.VSwitchId : group.SecurityGroupId;
      if (id !== undefined && id !== '') byId.set(id, [...(byId.get(id) ?? []), group]);
    }
    const last = remembered[field];
    const ids = [...new Set([...(last === undefined ? [] : [last]), ...byId.keys()])];
    const enter = {
      label: `$(edit) ${vscode.l10n.t('Enter an ID…')}`,
      id: undefined as string | undefined,
      description: vscode.l10n.t('like {0}', example),
    };
    const picked =
      ids.length === 0
        ? enter
        : await services.prompter.pick(
            [
              ...ids.map((id) => ({
                label: id,
                id: id as string | undefined,
                description: [id === last ? vscode.l10n.t('used here last time') : '', describe(id, byId.get(id) ?? [])]
                  .filter((t) => t !== '')
                  .join(' · '),
              })),
              enter,
            ],
            {
              title: vscode.l10n.t('Deploy: {0}', what),
              placeHolder: vscode.l10n.t(
                'The template gives no {0}: one your groups in {1} use, or another',
                field,
                regionId,
              ),
              ignoreFocusOut: true,
              matchOnDescription: true,
            },
          );
    if (picked === undefined) return undefined;
    if (picked.id !== undefined) return picked.id;
    return services.prompter.input({
      title: vscode.l10n.t('Deploy: {0}', what),
      prompt: vscode.l10n.t(
        'The template gives no {0}; the answer is remembered for this workspace and region.',
        field,
      ),
      placeHolder: example,
      value: last,
      ignoreFocusOut: true,
      validateInput: (text) => (pattern.test(text) ? undefined : vscode.l10n.t('Expected an ID like {0}', example)),
    });
  };
  const groupNames = (users: ContainerGroup[]): string => {
    if (users.length === 0) return '';
    const first = users
      .slice(0, 3)
      .map((g) => g.ContainerGroupName ?? g.ContainerGroupId)
      .join(', ');
    return users.length > 3
      ? vscode.l10n.t('used by {0} and {1} more', first, users.length - 3)
      : vscode.l10n.t('used by {0}', first);
  };
  const vSwitchId = await ask(
    'vSwitchId',
    vscode.l10n.t('the vSwitch (and with it the zone) to place the group in'),
    'vsw-bp1jfjsdy54ky7gerhcf8bc',
    /^vsw-[\w-]+(,vsw-[\w-]+)*$/,
    (_id, users) => [users[0]?.ZoneId ?? '', groupNames(users)].filter((t) => t !== '').join(' · '),
  );
  if (vSwitchId === undefined) return undefined;
  const securityGroupId = await ask(
    'securityGroupId',
    vscode.l10n.t('the security group'),
    'sg-bp1fg655nh68xyz9i9yh',
    /^sg-[\w-]+$/,
    (_id, users) => groupNames(users),
  );
  if (securityGroupId === undefined) return undefined;
  await services.context.workspaceState.update(key, { vSwitchId, securityGroupId });
  return { vSwitchId, securityGroupId };
}

/** "About ¥0.12 per hour", or why there is no estimate: a price that cannot be fetched never blocks a deploy. */
async function priceEstimate(client: EciClient, template: TemplateObject, regionId: string): Promise<string> {
  const resources = template['resources'] as { cpu?: unknown; memory?: unknown } | undefined;
  const cpu = typeof resources?.cpu === 'number' ? resources.cpu : undefined;
  const memory = typeof resources?.memory === 'number' ? resources.memory : undefined;
  const instanceType = typeof template['instanceType'] === 'string' ? template['instanceType'] : undefined;
  if (instanceType === undefined && (cpu === undefined || memory === undefined))
    return vscode.l10n.t('No price estimate: the template gives neither group resources nor an instance type.');
  try {
    const { PriceInfo } = await describeContainerGroupPrice(
      client,
      {
        Cpu: cpu,
        Memory: memory,
        InstanceType: instanceType,
        ZoneId: typeof template['zoneId'] === 'string' ? template['zoneId'] : undefined,
      },
      { regionId },
    );
    const price = PriceInfo.Price.TradePrice ?? PriceInfo.Price.OriginalPrice;
    const currency =
      PriceInfo.Price.Currency === 'CNY' || PriceInfo.Price.Currency === undefined
        ? '¥'
        : `${PriceInfo.Price.Currency} `;
    return price === undefined
      ? vscode.l10n.t('No price estimate was given.')
      : vscode.l10n.t(
          'Estimated price: about {0} per hour (pay-as-you-go, {1}).',
          `${currency}${price.toFixed(4)}`,
          instanceType ?? `${cpu} vCPU, ${memory} GiB`,
        );
  } catch (error) {
    return vscode.l10n.t('No price estimate: {0}', messageText(error));
  }
}
