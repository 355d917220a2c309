import { deleteContainer } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { JdcloudContainerNode } from '../../tree/jdcloud/container-node';
import type { JdcloudContainerTarget } from './container-target';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/**
 * JD Cloud: Delete Container — one or several (the tree's selection), after a modal confirmation that names each,
 * and their region and profile.
 */
export async function deleteJdcloudContainer(services: ExtensionServices, ...args: unknown[]): Promise<string[]> {
  const [clicked, selected] = args;
  const nodes =
    Array.isArray(selected) && selected.length > 0 && selected.every((n) => n instanceof JdcloudContainerNode)
      ? (selected as JdcloudContainerNode[])
      : [];
  const targets: JdcloudContainerTarget[] = [];
  if (nodes.length > 0)
    for (const node of nodes)
      targets.push({
        profile: node.profile,
        regionId: node.regionId,
        container: node.container,
        client: await services.clients.jdcloudFor(node.profile),
      });
  else {
    const one = await jdcloudContainerTarget(services, clicked);
    if (one !== undefined) targets.push(one);
  }
  if (targets.length === 0) return [];
  const places = [...new Set(targets.map((t) => `${t.regionId} with ${t.profile.name}`))];
  const confirmed = await services.prompter.confirm({
    message: `Delete ${targets.map(containerLabel).join(', ')}? This cannot be undone.`,
    detail: `In ${places.join('; ')}.`,
    action: 'Delete',
  });
  if (!confirmed) return [];
  const deleted: string[] = [];
  for (const target of targets) {
    await deleteContainer(target.client, target.regionId, target.container.containerId);
    services.log.info(`Deleted ${target.container.containerId} in ${target.regionId}`);
    deleted.push(target.container.containerId);
  }
  for (const profileId of new Set(targets.map((t) => t.profile.id))) services.explorer.refresh(profileId);
  return deleted;
}
