import { l10n } from '../../vscode-api';
import { restartContainerGroup } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { groupLabel, groupPlaces, groupTargets } from './group-target';

/**
 * ECI: Restart Container Group — one or several (tree multi-select), after a modal confirmation naming them, their
 * region and profile.
 */
export async function restartGroup(services: ExtensionServices, ...args: unknown[]): Promise<string[]> {
  const targets = await groupTargets(services, args, true);
  if (targets.length === 0) return [];
  const confirmed = await services.prompter.confirm({
    message: l10n.t('Restart {0}? Its containers stop and start again.', targets.map(groupLabel).join(', ')),
    detail: groupPlaces(targets),
    action: l10n.t('Restart'),
  });
  if (!confirmed) return [];
  const restarted: string[] = [];
  for (const target of targets) {
    const { RequestId } = await restartContainerGroup(target.client, target.group.ContainerGroupId, {
      regionId: target.regionId,
    });
    services.log.info(
      `Restarted ${target.group.ContainerGroupId} in ${target.regionId} (request ${RequestId ?? 'n/a'})`,
    );
    restarted.push(target.group.ContainerGroupId);
  }
  services.explorer.refresh();
  return restarted;
}
