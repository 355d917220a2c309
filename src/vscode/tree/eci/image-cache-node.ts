import * as vscode from '../../vscode-api';
import { tagsMarkdown } from '../../../explorer/tag-grouping';
import type { ImageCache } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import { statusIcon } from '../status-icon';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** An image cache: status and progress, its images and tags in the tooltip. */
export class ImageCacheNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly profile: Profile,
    readonly regionId: string,
    public cache: ImageCache,
  ) {
    this.id = childId(parentId, 'image-cache', cache.ImageCacheId);
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.cache;
    const item = new vscode.TreeItem(c.ImageCacheName ?? c.ImageCacheId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [c.Status, c.Status === 'Ready' ? undefined : c.Progress].filter(Boolean).join(' · ');
    // A status the table does not know is one still in progress.
    item.iconPath = statusIcon(c.Status, ['sync~spin', 'charts.yellow']);
    // Size and expiry too: what Update Image Cache… changes besides the images.
    const kept = [
      c.ImageCacheSize === undefined ? undefined : vscode.l10n.t('Size: {0} GiB', c.ImageCacheSize),
      c.ExpireDateTime ? vscode.l10n.t('Expires: {0}', c.ExpireDateTime) : vscode.l10n.t('Kept until deleted'),
    ].filter(Boolean);
    const tags =
      c.Tags.length === 0
        ? ''
        : `\n\n${vscode.l10n.t('Tags: {0}', tagsMarkdown(c.Tags.map((t) => [t.Key, t.Value] as const)))}`;
    item.tooltip = new vscode.MarkdownString(
      `**${c.ImageCacheName ?? ''}** \`${c.ImageCacheId}\`\n\n${vscode.l10n.t('Status: {0} ({1})', c.Status, c.Progress ?? '')}\n\n${kept.join(' · ')}\n\n${vscode.l10n.t('Images:')}\n${(c.Images ?? []).map((i) => `* \`${i}\``).join('\n')}${tags}`,
    );
    item.contextValue = `eci.imageCache.${c.Status.toLowerCase()}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (newer instanceof ImageCacheNode) this.cache = newer.cache;
  }
}
