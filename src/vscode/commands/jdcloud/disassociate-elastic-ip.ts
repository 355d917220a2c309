import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import { disassociateElasticIp, doneMessages } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { containerLabel, jdcloudContainerTarget, rememberContainersElasticIps } from './container-target';

/**
 * JD Cloud: Disassociate Elastic IP — the container's elastic IP is released from it (kept in the account, and
 * remembered so that Associate Elastic IP offers it), after a confirmation.
 */
export async function disassociateJdcloudElasticIp(
  services: ExtensionServices,
  arg?: unknown,
): Promise<string | undefined> {
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  const { elasticIpId, elasticIpAddress } = target.container;
  if (!elasticIpId) throw new Error(vscode.l10n.t('{0} has no elastic IP.', containerLabel(target)));
  const confirmed = await services.prompter.confirm({
    message: vscode.l10n.t(
      'Disassociate {0} ({1}) from {2}? The container is no longer reachable at that address.',
      elasticIpAddress ?? '',
      elasticIpId,
      containerLabel(target),
    ),
    action: vscode.l10n.t('Disassociate'),
  });
  if (!confirmed) return undefined;
  await disassociateElasticIp(target.client, target.regionId, target.container.containerId, elasticIpId);
  await rememberContainersElasticIps(services, target.profile, target.regionId, [target.container]);
  const { name, containerId } = target.container;
  const address = elasticIpAddress || elasticIpId;
  services.log.info(
    `${doneMessages.disassociated(name, address)} (${elasticIpId} from ${containerId} in ${target.regionId})`,
  );
  services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(doneMessages.disassociated(name, address, displayLocale()));
  return elasticIpId;
}
