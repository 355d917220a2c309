import * as vscode from '../vscode-api';
import { describeRegions } from '../../eci/operations';
import { regionsToShow } from '../../explorer/explorer-model';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { MessageNode } from './message-node';
import { RegionNode } from './region-node';
import type { TreeNode } from './tree-node';

/**
 * A profile at the root of the explorer: its regions, from DescribeRegions or the `eci.regions` setting. When empty
 * regions are hidden, every region's first page loads in parallel to know which are empty.
 */
export class ProfileNode implements TreeNode {
  constructor(
    readonly profile: Profile,
    private readonly explorer: ExplorerProvider,
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
    const settings = vscode.workspace.getConfiguration('eci');
    const pinned = settings.get<string[]>('regions', []);
    const hideEmpty = settings.get<boolean>('hideEmptyRegions', true);
    const client = this.explorer.clientFor(this.profile);
    try {
      const available = pinned.length > 0 ? pinned : (await describeRegions(await client())).Regions.map((r) => r.RegionId);
      const states = available.map((regionId) => this.explorer.model.region(this.profile.id, regionId, client));
      if (hideEmpty) {
        await Promise.all(states.map((s) => s.ensureLoaded()));
        this.explorer.loaded();
      }
      const shown = regionsToShow(available, pinned, (regionId) => states.find((s) => s.regionId === regionId)?.isEmpty === true, hideEmpty, this.profile.regionId);
      return shown.map((regionId) => new RegionNode(this.profile, this.explorer.model.region(this.profile.id, regionId, client), this.explorer, this));
    } catch (error) {
      return [MessageNode.fromError(error)];
    }
  }
}
