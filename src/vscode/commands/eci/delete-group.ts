import { deleteContainerGroup } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { groupLabel, groupPlaces, groupTargets } from './group-target';

/**
 * ECI: Delete Container Group — one or several, after a modal confirmation that names every group, its region and
 * profile.
 */
export async function deleteGroup(services: ExtensionServices, ...args: unknown[]): Promise<string[]> {
  const targets = await groupTargets(services, args, true);
  if (targets.length === 0) return [];
  const confirmed = await services.prompter.confirm({
    message: `Delete ${targets.map(groupLabel).join(', ')}? This cannot be undone.`,
    detail: groupPlaces(targets),
    action: 'Delete',
  });
  if (!confirmed) return [];
  const deleted: string[] = [];
  for (const target of targets) {
    const { RequestId } = await deleteContainerGroup(target.client, target.group.ContainerGroupId, {
      regionId: target.regionId,
    });
    services.log.info(`Deleted ${target.group.ContainerGroupId} in ${target.regionId} (request ${RequestId ?? 'n/a'})`);
    deleted.push(target.group.ContainerGroupId);
  }
  services.explorer.refresh();
  return deleted;
}
