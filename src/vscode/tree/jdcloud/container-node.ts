import * as vscode from '../../vscode-api';
import type { JdcloudContainer } from '../../../jdcloud/operations';
import { JDCLOUD_PROVIDER } from '../../../jdcloud/provider';
import type { Profile } from '../../profiles/profile-store';
import type { TreeNode } from '../tree-node';
import { WorkloadNode } from '../workload-node';
import { ContainerFileNode } from '../container-file-node';

/**
 * A JD Cloud container: a workload row (its provider's `row()`), for JD Cloud's commands, with its files under it
 * while it runs (read over exec).
 */
export class JdcloudContainerNode extends WorkloadNode<JdcloudContainer> {
  constructor(profile: Profile, regionId: string, container: JdcloudContainer, above: TreeNode) {
    super(profile, regionId, JDCLOUD_PROVIDER, container, above, 'container');
  }

  get container(): JdcloudContainer {
    return this.item;
  }

  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    if (this.item.status === 'running') item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    if (this.item.status !== 'running') return Promise.resolve([]);
    const place = {
      provider: 'jdcloud' as const,
      profileId: this.profile.id,
      regionId: this.regionId,
      workloadId: this.item.containerId,
      container: this.item.name,
    };
    const owner = { profile: this.profile, provider: this.provider, regionId: this.regionId, item: this.item, place };
    return Promise.resolve([ContainerFileNode.filesRow(owner, this)]);
  }
}
