import * as vscode from 'vscode';
import type { ProfileClients } from '../profiles/clients';
import type { ProfileStore } from '../profiles/profile-store';
import { ProfileNode } from './profile-node';
import type { TreeNode } from './tree-node';

/**
 * The ECI explorer: profiles at the root, then regions, container groups and containers (one node kind per file).
 * With no profile it is empty, so that the welcome view offers to add one.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly profiles: ProfileStore,
    private readonly clients: ProfileClients,
  ) {}

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element.getTreeItem();
  }

  getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element !== undefined) return element.getChildren();
    return Promise.resolve(this.profiles.all().map((profile) => new ProfileNode(profile, this.clients)));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
