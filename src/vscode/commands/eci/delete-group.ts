import { deleteContainerGroup } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { groupLabel, groupTargets } from './group-target';

/** ECI: Delete Container Group — one or several, after a modal confirmation that names every group. */
export async function deleteGroup(services: ExtensionServices, ...args: unknown[]): Promise<string[]> {
  const targets = await groupTargets(services, args, true);
  if (targets.length === 0) return [];
  const names = targets.map(groupLabel).join(', ');
  const confirmed =
    args.includes('confirmed') ||
    (await services.prompter.confirm({ message: `Delete ${names}? This cannot be undone.`, action: 'Delete' }));
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
