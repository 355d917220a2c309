import * as vscode from 'vscode';
import { describeContainerGroups, describeImageCaches } from '../../eci/operations';
import type { ProfileClients } from '../profiles/clients';
import type { Profile } from '../profiles/profile-store';
import { FolderNode } from './folder-node';
import { GroupNode } from './group-node';
import { ImageCacheNode } from './image-cache-node';
import { MessageNode } from './message-node';
import type { TreeNode } from './tree-node';

/** A region of a profile: its container groups (the first page of 20). */
export class RegionNode implements TreeNode {
  constructor(
    private readonly profile: Profile,
    readonly regionId: string,
    private readonly clients: ProfileClients,
  ) {}

  getTreeItem(): vscode.TreeItem {
    // The profile's own region opens at once; the others on demand.
    const item = new vscode.TreeItem(this.regionId, this.regionId === this.profile.regionId ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.profile.id}/${this.regionId}`;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'eci.region';
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const imageCaches = new FolderNode('Image caches', 'database', `${this.profile.id}/${this.regionId}/image-caches`, () => this.imageCaches());
    try {
      const client = await this.clients.for(this.profile);
      const page = await describeContainerGroups(client, { Limit: 20 }, { regionId: this.regionId });
      const groups = page.ContainerGroups.map((group): TreeNode => new GroupNode(this.profile, this.regionId, group));
      return [...(groups.length === 0 ? [new MessageNode('No container groups', 'info')] : groups), imageCaches];
    } catch (error) {
      return [MessageNode.fromError(error)];
    }
  }

  private async imageCaches(): Promise<TreeNode[]> {
    try {
      const client = await this.clients.for(this.profile);
      const { ImageCaches } = await describeImageCaches(client, {}, { regionId: this.regionId });
      return ImageCaches.length === 0 ? [new MessageNode('No image caches', 'info')] : ImageCaches.map((cache) => new ImageCacheNode(cache));
    } catch (error) {
      return [MessageNode.fromError(error)];
    }
  }
}
