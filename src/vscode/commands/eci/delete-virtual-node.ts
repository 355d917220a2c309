import { l10n } from '../../vscode-api';
import { deleteVirtualNode } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { placeText } from './group-target';
import { named, virtualNodeTarget } from './ops-targets';

/** ECI: Delete Virtual Node — from its node, by `{ virtualNodeId, regionId? }` or picked; after a modal confirmation. */
export async function deleteVirtualNodeCommand(
  services: ExtensionServices,
  node?: unknown,
): Promise<string | undefined> {
  const target = await virtualNodeTarget(services, node);
  if (target === undefined) return undefined;
  const label = named(target.node.VirtualNodeName, target.node.VirtualNodeId);
  const confirmed = await services.prompter.confirm({
    message: l10n.t('Delete the virtual node {0}? Its cluster can no longer schedule pods on it.', label),
    detail: placeText(target.regionId, target.profile.name),
    action: l10n.t('Delete'),
  });
  if (!confirmed) return undefined;
  const { RequestId } = await deleteVirtualNode(target.client, target.node.VirtualNodeId, {
    regionId: target.regionId,
  });
  services.log.info(`Deleted virtual node ${label} in ${target.regionId} (request ${RequestId ?? 'n/a'})`);
  await services.explorer.refresh(target.profile.id);
  return target.node.VirtualNodeId;
}
