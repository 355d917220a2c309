import * as vscode from '../vscode-api';
import type { ImageCache } from '../../eci/records';
import type { Profile } from '../profiles/profile-store';
import { statusIcon } from './status-icon';
import type { TreeNode } from './tree-node';

/** An image cache: status and progress, its images in the tooltip. */
export class ImageCacheNode implements TreeNode {
  constructor(
    readonly profile: Profile,
    readonly regionId: string,
    readonly cache: ImageCache,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const c = this.cache;
    const item = new vscode.TreeItem(c.ImageCacheName ?? c.ImageCacheId, vscode.TreeItemCollapsibleState.None);
    item.id = c.ImageCacheId;
    item.description = [c.Status, c.Status === 'Ready' ? undefined : c.Progress].filter(Boolean).join(' · ');
    // A status the table does not know is one still in progress.
    item.iconPath = statusIcon(c.Status, ['sync~spin', 'charts.yellow']);
    item.tooltip = new vscode.MarkdownString(
      `**${c.ImageCacheName ?? ''}** \`${c.ImageCacheId}\`\n\nStatus: ${c.Status} (${c.Progress ?? ''})\n\nImages:\n${(c.Images ?? []).map((i) => `* \`${i}\``).join('\n')}`,
    );
    item.contextValue = `eci.imageCache.${c.Status.toLowerCase()}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
