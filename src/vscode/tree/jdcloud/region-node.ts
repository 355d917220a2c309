import type * as vscode from '../../vscode-api';
import type { JdcloudRegionState } from '../../../jdcloud/region-state';
import type { Profile } from '../../profiles/profile-store';
import type { ExplorerProvider } from '../explorer-provider';
import { FolderNode } from '../folder-node';
import { MessageNode } from '../message-node';
import { JdcloudContainerNode } from './container-node';
import { regionTreeItem } from '../region-node';
import { SecretNode } from './secret-node';
import { childId, regionNodeId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A region of a Native Container profile: its containers, then its registry secrets in a folder. */
export class JdcloudRegionNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly state: JdcloudRegionState,
    private readonly explorer: ExplorerProvider,
    private readonly above?: TreeNode,
  ) {
    this.id = regionNodeId(profile, state.regionId);
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  get regionId(): string {
    return this.state.regionId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = regionTreeItem(this.profile, this.regionId, 'eci.jdcloud.region');
    if (this.state.loaded && this.state.error === undefined) {
      const { total } = this.state;
      const secrets = this.state.secrets.length;
      item.description = `${total} container${total === 1 ? '' : 's'}${secrets > 0 ? ` · ${secrets} secret${secrets === 1 ? '' : 's'}` : ''}`;
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.state.ensureLoaded();
    // A container on its way somewhere (stopping, starting) is polled until it settles, its row redrawn in place.
    this.explorer.loaded();
    if (this.state.error !== undefined) return [MessageNode.fromError(this.id, this.state.error)];
    const containers = this.state.containers.map((c) => new JdcloudContainerNode(this.profile, this.regionId, c, this));
    const secrets = this.state.secrets;
    const folderId = childId(this.id, 'secrets');
    const folder = new FolderNode(
      this.id,
      'secrets',
      'Secrets',
      'key',
      () =>
        Promise.resolve(
          secrets.length === 0
            ? [new MessageNode(folderId, 'No secrets', 'info')]
            : secrets.map((s) => new SecretNode(folderId, this.profile, this.regionId, s)),
        ),
      secrets.length === 0 ? undefined : String(secrets.length),
    );
    return [...(containers.length === 0 ? [new MessageNode(this.id, 'No containers', 'info')] : containers), folder];
  }
}
