import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import { associateElasticIp, describeContainer, doneMessages, freeElasticIps } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import type { JdcloudContainerTarget } from './container-target';
import {
  allJdcloudContainers,
  containerLabel,
  jdcloudContainerTarget,
  rememberContainersElasticIps,
} from './container-target';
import { jdcloudContainerFields } from '../command-args';

const ELASTIC_IP_ID = /^fip-[\w-]+$/;

/**
 * JD Cloud: Associate Elastic IP — an existing elastic IP on the container's primary interface (one per interface).
 * Picked from the elastic IPs known to be on no container of the region (the API lists none: see KnownElasticIp),
 * or an ID typed in; automation passes `{ containerId, elasticIpId }`.
 */
export async function associateJdcloudElasticIp(
  services: ExtensionServices,
  arg?: unknown,
): Promise<string | undefined> {
  const given = jdcloudContainerFields(arg).elasticIpId;
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  if (target.container.elasticIpId)
    throw new Error(
      vscode.l10n.t(
        '{0} has the elastic IP {1} already; a primary interface takes one. Disassociate it first.',
        containerLabel(target),
        target.container.elasticIpAddress ?? target.container.elasticIpId,
      ),
    );
  const elasticIpId = given !== undefined ? given.trim() : await pickElasticIp(services, target);
  if (elasticIpId === undefined) return undefined;
  const { client, regionId } = target;
  const id = target.container.containerId;
  await associateElasticIp(client, regionId, id, elasticIpId);
  // The address is the elastic IP's, which only the container now shows.
  const { container } = await describeContainer(client, regionId, id);
  await rememberContainersElasticIps(services, target.profile, regionId, [container]);
  const address = container.elasticIpAddress || elasticIpId;
  services.log.info(`${doneMessages.associated(container.name, address)} (${elasticIpId} on ${id} in ${regionId})`);
  services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(doneMessages.associated(container.name, address, displayLocale()));
  return elasticIpId;
}

/** The user's choice: one of the known elastic IPs that no container of the region has, or an ID typed in. */
async function pickElasticIp(services: ExtensionServices, target: JdcloudContainerTarget): Promise<string | undefined> {
  const containers = await allJdcloudContainers(target.client, target.regionId);
  const known = await rememberContainersElasticIps(services, target.profile, target.regionId, containers);
  const free = freeElasticIps(known, containers);
  const title = vscode.l10n.t('Associate an elastic IP with {0}', containerLabel(target));
  if (free.length > 0) {
    const enter = {
      label: vscode.l10n.t('$(edit) Enter an ID…'),
      description: vscode.l10n.t('an elastic IP of the account not listed here'),
    };
    const picked = await services.prompter.pick(
      [
        ...free.map((eip) => ({
          label: eip.elasticIpAddress ?? eip.elasticIpId,
          description: eip.elasticIpAddress === undefined ? undefined : eip.elasticIpId,
          detail:
            eip.lastOn === undefined
              ? vscode.l10n.t('On no container in {0} now', target.regionId)
              : vscode.l10n.t('On no container in {0} now; last on {1}', target.regionId, eip.lastOn),
          elasticIpId: eip.elasticIpId,
        })),
        { ...enter, elasticIpId: undefined },
      ],
      {
        title,
        placeHolder: vscode.l10n.t('A free elastic IP of the account in this region'),
        matchOnDescription: true,
      },
    );
    if (picked === undefined) return undefined;
    if (picked.elasticIpId !== undefined) return picked.elasticIpId;
  }
  const typed = await services.prompter.input({
    title,
    prompt: vscode.l10n.t(
      'The ID of an elastic IP of the account in {0} that is on no container (JD Cloud console: Elastic IP)',
      target.regionId,
    ),
    placeHolder: 'fip-2e5d8c1f0a',
    ignoreFocusOut: true,
    validateInput: (v) =>
      ELASTIC_IP_ID.test(v.trim()) ? undefined : vscode.l10n.t('An elastic IP ID, such as fip-2e5d8c1f0a'),
  });
  return typed?.trim();
}
