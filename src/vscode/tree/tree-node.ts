import type * as vscode from 'vscode';

/** One node of the ECI explorer; each kind lives in a file of its own and knows its own children. */
export interface TreeNode {
  /**
   * The row's TreeItem.id: stable and unique, made of what the node shows (provider and profile, region, the ID or
   * name of the group, container, image cache or secret, the kind of folder or message), never of its position. VS
   * Code finds a row's node by it (`1/<id>`), so a row picked while the tree redraws still finds its new node.
   */
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]>;
  /** The node above, for reveal (VS Code walks up to find where a node is); undefined at the root. */
  parent?(): TreeNode | undefined;
  /**
   * Takes the data of a newer node with the same ID, so that the row VS Code holds redraws in place (the explorer
   * then redraws only that row). Nodes whose data is the model's own (regions, profiles) have nothing to take.
   */
  update?(newer: TreeNode): void;
  /** Its children are asked of the API each time they are shown (a group's events), not kept in the model. */
  readonly childrenFromApi?: boolean;
}

/** A child's ID: its parent's, then the kind of child and, for one of many, the ID or name of what it shows. */
export function childId(parentId: string, kind: string, key?: string): string {
  return key === undefined ? `${parentId}/${kind}` : `${parentId}/${kind}:${encodeURIComponent(key)}`;
}

/** A profile's row's ID: its provider and its own ID (the root of every ID below it). */
export function profileNodeId(profile: { readonly id: string; readonly provider?: string | undefined }): string {
  return `${profile.provider ?? 'eci'}:${encodeURIComponent(profile.id)}`;
}

/** A region's row's ID, under its profile's. */
export function regionNodeId(
  profile: { readonly id: string; readonly provider?: string | undefined },
  regionId: string,
): string {
  return childId(profileNodeId(profile), 'region', regionId);
}
