import type * as vscode from '../vscode-api';
import type { NativeRegionState } from '../../explorer/native-region-state';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { FolderNode } from './folder-node';
import { MessageNode } from './message-node';
import { NativeContainerNode } from './native-container-node';
import { regionTreeItem } from './region-node';
import { SecretNode } from './secret-node';
import type { TreeNode } from './tree-node';

/** A region of a Native Container profile: its containers, then its registry secrets in a folder. */
export class NativeRegionNode implements TreeNode {
  constructor(
    readonly profile: Profile,
    readonly state: NativeRegionState,
    private readonly explorer: ExplorerProvider,
    private readonly above?: TreeNode,
  ) {}

  parent(): TreeNode | undefined {
    return this.above;
  }

  get regionId(): string {
    return this.state.regionId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = regionTreeItem(this.profile, this.regionId, 'eci.nc.region');
    if (this.state.loaded && this.state.error === undefined) {
      const { total } = this.state;
      const secrets = this.state.secrets.length;
      item.description = `${total} container${total === 1 ? '' : 's'}${secrets > 0 ? ` · ${secrets} secret${secrets === 1 ? '' : 's'}` : ''}`;
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.state.ensureLoaded();
    // A container on its way somewhere (stopping, starting) is looked at again until it settles.
    if (this.state.isTransitional) this.explorer.refreshSoon(this.profile.id);
    if (this.state.error !== undefined) return [MessageNode.fromError(this.state.error)];
    const containers = this.state.containers.map((c) => new NativeContainerNode(this.profile, this.regionId, c, this));
    const secrets = this.state.secrets;
    const folder = new FolderNode(
      'Secrets',
      'key',
      `${this.profile.id}/${this.regionId}/secrets`,
      () =>
        Promise.resolve(
          secrets.length === 0
            ? [new MessageNode('No secrets', 'info')]
            : secrets.map((s) => new SecretNode(this.profile, this.regionId, s)),
        ),
      secrets.length === 0 ? undefined : String(secrets.length),
    );
    return [...(containers.length === 0 ? [new MessageNode('No containers', 'info')] : containers), folder];
  }
}
