import * as vscode from '../vscode-api';
import type { RegionState } from '../../eci/region-state';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { FolderNode } from './folder-node';
import { GroupNode } from './eci/group-node';
import { ImageCacheNode } from './eci/image-cache-node';
import { LoadMoreNode } from './load-more-node';
import { MessageNode } from './message-node';
import { childId, regionNodeId } from './tree-node';
import type { TreeNode } from './tree-node';

/** A region's row, of either provider: the profile's own region opens at once, the others on demand. */
export function regionTreeItem(profile: Profile, regionId: string, contextValue: string): vscode.TreeItem {
  const item = new vscode.TreeItem(
    regionId,
    regionId === profile.regionId
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = regionNodeId(profile, regionId);
  item.iconPath = new vscode.ThemeIcon('globe');
  item.contextValue = contextValue;
  return item;
}

/** A region of a profile: its container groups, a page of 20 at a time, and its image caches. */
export class RegionNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly state: RegionState,
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
    const item = regionTreeItem(this.profile, this.regionId, 'eci.region');
    if (this.state.loaded && this.state.error === undefined) {
      const total = this.state.total ?? this.state.groups.length;
      item.description = `${total} group${total === 1 ? '' : 's'}${this.state.imageCaches.length > 0 ? ` · ${this.state.imageCaches.length} image cache${this.state.imageCaches.length === 1 ? '' : 's'}` : ''}`;
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.state.ensureLoaded();
    this.explorer.loaded();
    if (this.state.error !== undefined && this.state.groups.length === 0)
      return [MessageNode.fromError(this.id, this.state.error)];
    const state = this.state;
    const groups: TreeNode[] = state.groups.map(
      // The summary is read when the row is drawn: a poll that redraws the row shows the new count.
      (group) =>
        new GroupNode(this.profile, this.regionId, group, this, {
          get summary() {
            return state.events(group.ContainerGroupId);
          },
          load: () => state.loadEvents(group.ContainerGroupId),
        }),
    );
    const more = this.state.hasMore
      ? [new LoadMoreNode(this.id, this.profile.id, this.regionId, this.state.groups.length, this.state.total)]
      : [];
    const caches = this.state.imageCaches;
    const folderId = childId(this.id, 'image-caches');
    const imageCaches = new FolderNode(
      this.id,
      'image-caches',
      'Image caches',
      'database',
      () =>
        Promise.resolve(
          caches.length === 0
            ? [new MessageNode(folderId, 'No image caches', 'info')]
            : caches.map((cache) => new ImageCacheNode(folderId, this.profile, this.regionId, cache)),
        ),
      caches.length === 0 ? undefined : String(caches.length),
    );
    return [
      ...(groups.length === 0 ? [new MessageNode(this.id, 'No container groups', 'info')] : groups),
      ...more,
      imageCaches,
    ];
  }
}
