import * as vscode from '../../vscode-api';
import type { ContainerGroup, ContainerGroupEvent } from '../../../eci/records';
import type { EventSummary } from '../../../eci/region-state';
import { summarizeEvents } from '../../../eci/region-state';
import type { Profile } from '../../profiles/profile-store';
import { ContainerNode } from './container-node';
import { eventNodes } from './event-node';
import { FolderNode } from '../folder-node';
import { MessageNode } from '../message-node';
import { statusIcon } from '../status-icon';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A group's events as the tree gets them: a summary for the folder's description, the list when it opens. */
export interface GroupEvents {
  readonly summary: EventSummary;
  load(): Promise<ContainerGroupEvent[]>;
}

/** A container group: status as a coloured icon, name, vCPU/memory and IP, the details in its tooltip. */
export class GroupNode implements TreeNode {
  readonly id: string;
  private events: GroupEvents;

  constructor(
    readonly profile: Profile,
    readonly regionId: string,
    /** Replaced in place when a poll or a refresh finds the group changed (the tree then redraws this row only). */
    public group: ContainerGroup,
    private readonly above: TreeNode,
    events?: GroupEvents,
  ) {
    this.id = childId(above.id, 'group', group.ContainerGroupId);
    // A group given whole (a fresh record, as after a deploy) has its events with it.
    this.events = events ?? { summary: summarizeEvents(group.Events), load: () => Promise.resolve(group.Events) };
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  getTreeItem(): vscode.TreeItem {
    const g = this.group;
    const item = new vscode.TreeItem(
      g.ContainerGroupName ?? g.ContainerGroupId,
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = [
      g.Status,
      g.Cpu === undefined ? undefined : `${g.Cpu} vCPU · ${g.Memory ?? '?'} GiB`,
      g.IntranetIp || undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = statusIcon(g.Status);
    // The tooltip is made on hover (ExplorerProvider.resolveTreeItem): 10,000 groups need not carry 10,000 of them.
    item.contextValue = `eci.group.${g.Status.toLowerCase()}`;
    return item;
  }

  /** The details shown on hover. */
  tooltip(): vscode.MarkdownString {
    const g = this.group;
    return new vscode.MarkdownString(
      [
        `**${g.ContainerGroupName ?? ''}** \`${g.ContainerGroupId}\``,
        '',
        `Status: ${g.Status}`,
        `Zone: ${g.ZoneId ?? ''}`,
        `vSwitch: ${g.VSwitchId ?? ''}`,
        `Security group: ${g.SecurityGroupId ?? ''}`,
        `Created: ${g.CreationTime ?? ''}`,
        `Restart policy: ${g.RestartPolicy ?? ''}`,
      ].join('  \n'),
    );
  }

  getChildren(): Promise<TreeNode[]> {
    const { count, warnings } = this.events.summary;
    const events = this.events;
    const folderId = childId(this.id, 'events');
    return Promise.resolve([
      ...this.group.Containers.map((c) => new ContainerNode(this.profile, this.regionId, this.group, c, this)),
      new FolderNode(
        this.id,
        'events',
        'Events',
        'history',
        async () => {
          try {
            const list = await events.load();
            return list.length === 0 ? [new MessageNode(folderId, 'No events', 'info')] : eventNodes(folderId, list);
          } catch (error) {
            return [MessageNode.fromError(folderId, error)];
          }
        },
        `${count}${warnings > 0 ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
        true,
      ),
    ]);
  }

  update(newer: TreeNode): void {
    if (!(newer instanceof GroupNode)) return;
    this.group = newer.group;
    this.events = newer.events;
  }
}
