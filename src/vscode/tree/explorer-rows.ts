import type { ExtensionServices } from '../services';
import type { TreeNode } from './tree-node';

/**
 * The rows the explorer shows under a profile, rendered by the tree's own nodes (see EciExtensionApi.explorerRows),
 * once the refreshes asked for so far are in (as the tree shows them then).
 */
export async function explorerRows(services: ExtensionServices, profileId: string, depth = 3): Promise<string[]> {
  await services.explorer.idle();
  const rows: string[] = [];
  const walk = async (nodes: TreeNode[], level: number): Promise<void> => {
    for (const node of nodes) {
      const item = node.getTreeItem();
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const description =
        typeof item.description === 'string' && item.description !== '' ? ` — ${item.description}` : '';
      rows.push(`${'  '.repeat(level)}${label}${description}`);
      // 1 is TreeItemCollapsibleState.Collapsed, 2 Expanded: a node with children.
      if (level + 1 < depth && (item.collapsibleState ?? 0) > 0) await walk(await node.getChildren(), level + 1);
    }
  };
  const roots = services.explorer.roots().filter((node) => node.profile.id === profileId);
  await walk(roots, 0);
  return rows;
}
