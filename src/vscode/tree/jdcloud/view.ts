import type * as vscode from 'vscode';
import { l10n } from '../../vscode-api';
import type { JdcloudContainer } from '../../../jdcloud/operations';
import type { JdcloudRegionState } from '../../../jdcloud/region-state';
import type { ProviderView } from '../../provider-views';
import { FolderNode } from '../folder-node';
import { MessageNode } from '../message-node';
import { childId } from '../tree-node';
import { JdcloudContainerNode } from './container-node';
import { SecretNode } from './secret-node';

/** JD Cloud in the explorer: a region's containers, then its registry secrets in a folder. */
export const JDCLOUD_VIEW: ProviderView<JdcloudRegionState, JdcloudContainer> = {
  contextPrefix: 'eci.jdcloud',
  namesItself: true,
  oneErrorForAllRegions: true,
  treeSettings: ['eci.jdcloud.regions', 'eci.nativeContainer.regions'],
  workloadNode: (region, container) => new JdcloudContainerNode(region.profile, region.regionId, container, region),
  pinnedRegions: jdcloudPinnedRegions,

  regionChildren(node, state) {
    if (state.error !== undefined) return [MessageNode.fromError(node.id, state.error)];
    const containers = state.containers.map((c) => new JdcloudContainerNode(node.profile, node.regionId, c, node));
    const secrets = state.secrets;
    const folderId = childId(node.id, 'secrets');
    const folder = new FolderNode(
      node.id,
      'secrets',
      l10n.t('Secrets'),
      'key',
      () =>
        Promise.resolve(
          secrets.length === 0
            ? [new MessageNode(folderId, l10n.t('No secrets'), 'info')]
            : secrets.map((s) => new SecretNode(folderId, node.profile, node.regionId, s)),
        ),
      secrets.length === 0 ? undefined : String(secrets.length),
    );
    return [
      ...(containers.length === 0 ? [new MessageNode(node.id, l10n.t('No containers'), 'info')] : containers),
      folder,
    ];
  },
};

/** `eci.jdcloud.regions`; its former name, `eci.nativeContainer.regions`, while the new one is not set anywhere. */
function jdcloudPinnedRegions(settings: vscode.WorkspaceConfiguration): string[] {
  const now = settings.inspect<string[]>('jdcloud.regions');
  const set = now?.workspaceFolderValue ?? now?.workspaceValue ?? now?.globalValue;
  return set ?? settings.get<string[]>('nativeContainer.regions', []);
}
