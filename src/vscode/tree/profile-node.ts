import * as vscode from '../vscode-api';
import { regionsToShow } from '../../eci/explorer-model';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { MessageNode } from './message-node';
import { JdcloudRegionNode } from './jdcloud/region-node';
import { RegionNode } from './region-node';
import { providerOf } from '../../providers/providers';
import { profileNodeId } from './tree-node';
import type { TreeNode } from './tree-node';

/**
 * A profile at the root of the explorer: its regions, from DescribeRegions or the `eci.regions` setting. When empty
 * regions are hidden, every region's first page loads in parallel to know which are empty.
 */
export class ProfileNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    private readonly explorer: ExplorerProvider,
  ) {
    this.id = profileNodeId(profile);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const provider = providerOf(this.profile);
    item.iconPath = new vscode.ThemeIcon(this.profile.kind === 'emulator' ? 'vm' : 'account');
    // The provider is said for JD Cloud's profiles only: ECI's look as they always did.
    const where = this.profile.kind === 'emulator' ? 'local emulator' : this.profile.endpoint;
    item.description = provider.id === 'eci' ? where : [provider.title, where].filter(Boolean).join(' · ');
    item.contextValue =
      provider.id === 'eci' ? `eci.profile.${this.profile.kind}` : `eci.jdcloud.profile.${this.profile.kind}`;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (this.profile.provider === 'jdcloud') return this.jdcloudRegions();
    const settings = vscode.workspace.getConfiguration('eci');
    const pinned = settings.get<string[]>('regions', []);
    const hideEmpty = settings.get<boolean>('hideEmptyRegions', true);
    const client = this.explorer.clientFor(this.profile);
    let available = pinned;
    if (pinned.length === 0) {
      // DescribeRegions' answer is kept in the model (asked again on refresh, before the tree redraws).
      const list = this.explorer.model.regionList(this.profile.id, client);
      await list.ensureLoaded();
      if (list.error !== undefined) return [MessageNode.fromError(this.id, list.error)];
      available = list.ids;
    }
    const states = available.map((regionId) => this.explorer.model.region(this.profile.id, regionId, client));
    if (hideEmpty) {
      await Promise.all(states.map((s) => s.ensureLoaded()));
      this.explorer.loaded();
    }
    const shown = regionsToShow(
      available,
      pinned,
      (regionId) => states.find((s) => s.regionId === regionId)?.isEmpty === true,
      hideEmpty,
      this.profile.regionId,
    );
    return shown.map(
      (regionId) =>
        new RegionNode(
          this.profile,
          this.explorer.model.region(this.profile.id, regionId, client),
          this.explorer,
          this,
        ),
    );
  }

  /** Native Container has no region list call: JD Cloud's regions (or `eci.jdcloud.regions`), the empty ones hidden like ECI's. */
  private async jdcloudRegions(): Promise<TreeNode[]> {
    const settings = vscode.workspace.getConfiguration('eci');
    const pinned = jdcloudPinnedRegions(settings);
    const hideEmpty = settings.get<boolean>('hideEmptyRegions', true);
    const client = this.explorer.jdcloudClientFor(this.profile);
    const states = (pinned.length > 0 ? pinned : providerOf(this.profile).regions).map((regionId) =>
      this.explorer.jdcloudModel.region(this.profile.id, regionId, client),
    );
    if (hideEmpty) await Promise.all(states.map((s) => s.ensureLoaded()));
    // One error for the whole profile (a wrong key fails everywhere alike), not one per region.
    const failed = states.find((s) => s.error !== undefined);
    if (failed !== undefined && states.every((s) => s.error !== undefined))
      return [MessageNode.fromError(this.id, failed.error)];
    const shown = regionsToShow(
      states.map((s) => s.regionId),
      pinned,
      (regionId) => states.find((s) => s.regionId === regionId)?.isEmpty === true,
      hideEmpty,
      this.profile.regionId,
    );
    return shown.map(
      (regionId) =>
        new JdcloudRegionNode(
          this.profile,
          this.explorer.jdcloudModel.region(this.profile.id, regionId, client),
          this.explorer,
          this,
        ),
    );
  }
}

/** `eci.jdcloud.regions`; its former name, `eci.nativeContainer.regions`, while the new one is not set anywhere. */
function jdcloudPinnedRegions(settings: vscode.WorkspaceConfiguration): string[] {
  const now = settings.inspect<string[]>('jdcloud.regions');
  const set = now?.workspaceFolderValue ?? now?.workspaceValue ?? now?.globalValue;
  return set ?? settings.get<string[]>('nativeContainer.regions', []);
}
