import { restartContainerGroup } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { groupLabel, groupTargets } from './group-target';

/** ECI: Restart Container Group — one or several (tree multi-select), after a modal confirmation naming them. */
export async function restartGroup(services: ExtensionServices, ...args: unknown[]): Promise<string[]> {
  const targets = await groupTargets(services, args, true);
  if (targets.length === 0) return [];
  const names = targets.map(groupLabel).join(', ');
  const confirmed =
    args.includes('confirmed') ||
    (await services.prompter.confirm({
      message: `Restart ${names}? Its containers stop and start again.`,
      action: 'Restart',
    }));
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
