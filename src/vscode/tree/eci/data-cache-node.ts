import * as vscode from '../../vscode-api';
import type { DataCache } from '../../../eci/records';
import { formatSourceOptions } from '../../../eci/data-cache-input';
import type { Profile } from '../../profiles/profile-store';
import { statusIcon } from '../status-icon';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A data cache: name, status and size; where it is and its data source in the tooltip. */
export class DataCacheNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly profile: Profile,
    readonly regionId: string,
    public cache: DataCache,
  ) {
    this.id = childId(parentId, 'data-cache', cache.DataCacheId);
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.cache;
    const status = c.Status ?? 'Unknown'; // l10n-ignore: a status as the API writes them (in contextValue too)
    const item = new vscode.TreeItem(c.Name ?? c.DataCacheId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [
      status,
      status === 'Available' || c.Progress === undefined || c.Progress === '' ? undefined : c.Progress,
      c.Size === undefined ? undefined : `${c.Size} GiB`,
    ]
      .filter(Boolean)
      .join(' · ');
    // Available is a data cache's done; a status the table does not know is one still in progress.
    // l10n-ignore: statuses the API sends, "Failed" being the icon table's for UpdateFailed
    const iconStatus = status === 'UpdateFailed' ? 'Failed' : status;
    item.iconPath =
      status === 'Available'
        ? new vscode.ThemeIcon('database', new vscode.ThemeColor('testing.iconPassed'))
        : statusIcon(iconStatus, ['sync~spin', 'charts.yellow']);
    const source = c.DataSource;
    const options = source?.Options === undefined ? '' : formatSourceOptions(source.Options);
    item.tooltip = new vscode.MarkdownString(
      [
        `**${c.Name ?? ''}** \`${c.DataCacheId}\``,
        c.Progress === undefined || c.Progress === ''
          ? vscode.l10n.t('Status: {0}', status)
          : vscode.l10n.t('Status: {0} ({1})', status, c.Progress),
        c.Size === undefined ? vscode.l10n.t('Size: unknown') : vscode.l10n.t('Size: {0} GiB', c.Size),
        vscode.l10n.t('Place: `{0}:{1}`', c.Bucket ?? 'default', c.Path ?? ''),
        options === ''
          ? vscode.l10n.t('Data source: {0}', source?.Type ?? vscode.l10n.t('unknown'))
          : vscode.l10n.t('Data source: {0} `{1}`', source?.Type ?? vscode.l10n.t('unknown'), options),
        ...(c.ExpireDateTime === undefined || c.ExpireDateTime === ''
          ? []
          : [vscode.l10n.t('Expires: {0}', c.ExpireDateTime)]),
      ].join('\n\n'),
    );
    item.contextValue = `eci.dataCache.${status.toLowerCase()}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (newer instanceof DataCacheNode) this.cache = newer.cache;
  }
}
