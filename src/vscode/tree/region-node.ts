import * as vscode from 'vscode';
import { describeContainerGroups } from '../../eci/operations';
import type { ProfileClients } from '../profiles/clients';
import type { Profile } from '../profiles/profile-store';
import { GroupNode } from './group-node';
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
    try {
      const client = await this.clients.for(this.profile);
      const page = await describeContainerGroups(client, { Limit: 20 }, { regionId: this.regionId });
      if (page.ContainerGroups.length === 0) return [new MessageNode('No container groups', 'info')];
      return page.ContainerGroups.map((group) => new GroupNode(group));
    } catch (error) {
      return [MessageNode.fromError(error)];
    }
  }
}
