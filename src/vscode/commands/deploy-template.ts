import * as vscode from '../vscode-api';
import type { EciClient } from '../../eci/client';
import { describeContainerGroupPrice } from '../../eci/operations';
import type { DeployMethod } from '../../deploy/template-deploy';
import { deployTemplate } from '../../deploy/template-deploy';
import { reportDeployError } from '../deploy/deploy-errors';
import { followGroup, settledMessage } from '../deploy/follow-group';
import type { TemplateObject } from '../deploy/template-target';
import { templateFromEditor } from '../deploy/template-target';
import type { ExtensionServices } from '../services';

/** What a deploy may be told instead of asking (for automation: other extensions, tests). */
export interface DeployOptions {
  readonly vSwitchId?: string;
  readonly securityGroupId?: string;
  /** Skip the confirmation. */
  readonly confirmed?: boolean;
  readonly followIntervalMs?: number;
}

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
  const options: DeployOptions = given !== null && typeof given === 'object' ? (given as DeployOptions) : {};
  const target = await templateFromEditor(uri);
  if (target === undefined) return undefined;
  const { document, template } = target;
  const profile = services.profiles.active();
  if (profile === undefined) {
    const choice = await vscode.window.showWarningMessage(
      'Deploy where? There is no ECI profile yet.',
      'Use Local Emulator',
    );
    if (choice === 'Use Local Emulator') await vscode.commands.executeCommand('eci.useLocalEmulator');
    return undefined;
  }
  const regionId = typeof template['regionId'] === 'string' ? template['regionId'] : profile.regionId;
  const network = await networkSettings(services, template, `${profile.id}/${regionId}`, options);
  if (network === undefined) return undefined;
  const client = await services.clients.for(profile);
  const name = String(template['containerGroupName'] ?? 'the group');
  const price = await priceEstimate(client, template, regionId);
  if (options.confirmed !== true) {
    const answer = await vscode.window.showInformationMessage(
      `Deploy ${name} to ${regionId} with ${profile.name}?`,
      { modal: true, detail: price },
      'Deploy',
    );
    if (answer !== 'Deploy') return undefined;
  }
  const method = vscode.workspace.getConfiguration('eci').get<DeployMethod>('deploy.method', 'auto');
  services.deployProblems.delete(document.uri);
  let outcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${name} to ${regionId}` },
      () => deployTemplate(client, { ...template, ...network }, regionId, method),
    );
  } catch (error) {
    reportDeployError(services.deployProblems, document, error, `Deploying ${name}`);
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
      .reveal(services.explorer.groupNode(profile, regionId, settled), { select: true, focus: false, expand: false })
      .then(undefined, () => undefined);
    const { ok, text } = settledMessage(settled);
    if (ok) void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text);
  }
  return outcome.containerGroupId;
}

/** vSwitch and security group: from the template, the options, what was answered before here, or by asking. */
async function networkSettings(
  services: ExtensionServices,
  template: TemplateObject,
  place: string,
  options: DeployOptions,
): Promise<{ vSwitchId: string; securityGroupId: string } | undefined> {
  const key = `eci.deploy.network/${place}`;
  const remembered = services.context.workspaceState.get<{ vSwitchId?: string; securityGroupId?: string }>(key, {});
  const ask = async (
    field: 'vSwitchId' | 'securityGroupId',
    prompt: string,
    pattern: RegExp,
  ): Promise<string | undefined> => {
    const given = template[field] ?? options[field];
    if (typeof given === 'string' && given !== '') return given;
    return vscode.window.showInputBox({
      title: `Deploy: ${prompt}`,
      prompt: `The template gives no ${field}; the answer is remembered for this workspace and region.`,
      value: remembered[field],
      ignoreFocusOut: true,
      validateInput: (value) =>
        pattern.test(value) ? undefined : `Expected an ID like ${field === 'vSwitchId' ? 'vsw-…' : 'sg-…'}`,
    });
  };
  const vSwitchId = await ask(
    'vSwitchId',
    'the vSwitch (and with it the zone) to place the group in',
    /^vsw-[\w-]+(,vsw-[\w-]+)*$/,
  );
  if (vSwitchId === undefined) return undefined;
  const securityGroupId = await ask('securityGroupId', 'the security group', /^sg-[\w-]+$/);
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
    return 'No price estimate: the template gives neither group resources nor an instance type.';
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
      ? 'No price estimate was given.'
      : `Estimated price: about ${currency}${price.toFixed(4)} per hour (pay-as-you-go, ${instanceType ?? `${cpu} vCPU, ${memory} GiB`}).`;
  } catch (error) {
    return `No price estimate: ${error instanceof Error ? error.message : String(error)}`;
  }
}
