import * as vscode from '../../vscode-api';
import type { Container, ContainerGroup } from '../../../eci/records';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { WorkloadRef, WorkloadRefNode } from '../../commands/workload-target';
import type { Profile } from '../../profiles/profile-store';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';
import { ContainerFileNode } from '../container-file-node';

/** A container of a group: its state, ready flag and restart count. */
export class ContainerNode implements TreeNode, WorkloadRefNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly regionId: string,
    public group: ContainerGroup,
    public container: Container,
    private readonly above: TreeNode,
  ) {
    // A group's containers have unique names.
    this.id = childId(above.id, 'container', container.Name);
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.container;
    const state = c.CurrentState?.State ?? 'Unknown'; // l10n-ignore: a state as the API writes them (in contextValue too)
    // A running container has its files under it (read over exec).
    const item = new vscode.TreeItem(
      c.Name,
      state === 'Running' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = [
      state,
      c.Ready === true ? vscode.l10n.t('ready') : vscode.l10n.t('not ready'),
      vscode.l10n.t('{0} restarts', c.RestartCount ?? 0),
    ].join(' · ');
    const exitCode = c.CurrentState?.ExitCode;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${c.Name}**`,
        vscode.l10n.t('Image: `{0}`', c.Image),
        exitCode === undefined
          ? vscode.l10n.t('State: {0}', state)
          : vscode.l10n.t('State: {0} (exit code {1})', state, exitCode),
      ].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(
      state === 'Running' ? 'circle-filled' : state === 'Terminated' ? 'circle-slash' : 'circle-outline',
      new vscode.ThemeColor(state === 'Running' ? 'testing.iconPassed' : 'disabledForeground'),
    );
    item.contextValue = `eci.container.${state.toLowerCase()}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    if (this.container.CurrentState?.State !== 'Running') return Promise.resolve([]);
    const place = {
      provider: 'eci' as const,
      profileId: this.profile.id,
      regionId: this.regionId,
      workloadId: this.group.ContainerGroupId,
      container: this.container.Name,
    };
    const owner = { profile: this.profile, provider: ECI_PROVIDER, regionId: this.regionId, item: this.group, place };
    return Promise.resolve([ContainerFileNode.filesRow(owner, this)]);
  }

  /** Its group, and this container of it, for the shared commands (logs, terminal). */
  workloadRef(): WorkloadRef {
    return {
      profile: this.profile,
      provider: ECI_PROVIDER,
      regionId: this.regionId,
      item: this.group,
      container: this.container.Name,
    };
  }

  update(newer: TreeNode): void {
    if (!(newer instanceof ContainerNode)) return;
    this.group = newer.group;
    this.container = newer.container;
  }
}
