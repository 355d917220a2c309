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

/**
 * The node of the row reached from a profile's row through rows labelled `labels` (the region's first), for tests
 * that act on a row as a person's click does; undefined when there is none.
 */
export async function explorerNode(
  services: ExtensionServices,
  profileId: string,
  labels: readonly string[],
): Promise<TreeNode | undefined> {
  await services.explorer.idle();
  let node: TreeNode | undefined = services.explorer.roots().find((root) => root.profile.id === profileId);
  for (const label of labels) {
    if (node === undefined) return undefined;
    const children: TreeNode[] = await node.getChildren();
    node = children.find((child) => {
      const item = child.getTreeItem();
      return (typeof item.label === 'string' ? item.label : item.label?.label) === label;
    });
  }
  return node;
}
