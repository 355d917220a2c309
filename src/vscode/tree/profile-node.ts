import * as vscode from 'vscode';
import { describeRegions } from '../../eci/operations';
import type { ProfileClients } from '../profiles/clients';
import type { Profile } from '../profiles/profile-store';
import { MessageNode } from './message-node';
import { RegionNode } from './region-node';
import type { TreeNode } from './tree-node';

/** A profile at the root of the explorer: its regions, from DescribeRegions. */
export class ProfileNode implements TreeNode {
  constructor(
    readonly profile: Profile,
    private readonly clients: ProfileClients,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.profile.id;
    item.iconPath = new vscode.ThemeIcon(this.profile.kind === 'emulator' ? 'vm' : 'account');
    item.description = this.profile.kind === 'emulator' ? 'local emulator' : this.profile.endpoint;
    item.contextValue = `eci.profile.${this.profile.kind}`;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const client = await this.clients.for(this.profile);
      const { Regions } = await describeRegions(client);
      return Regions.map((region) => new RegionNode(this.profile, region.RegionId, this.clients));
    } catch (error) {
      return [MessageNode.fromError(error)];
    }
  }
}
