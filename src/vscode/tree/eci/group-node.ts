import { l10n } from '../../vscode-api';
import type { ContainerGroup, ContainerGroupEvent } from '../../../eci/records';
import type { EventSummary } from '../../../eci/region-state';
import { summarizeEvents } from '../../../eci/region-state';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { Profile } from '../../profiles/profile-store';
import { ContainerNode } from './container-node';
import { eventNodes } from './event-node';
import { FolderNode } from '../folder-node';
import { MessageNode } from '../message-node';
import { WorkloadNode } from '../workload-node';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A group's events as the tree gets them: a summary for the folder's description, the list when it opens. */
export interface GroupEvents {
  readonly summary: EventSummary;
  load(): Promise<ContainerGroupEvent[]>;
}

/**
 * A container group: a workload row (ECI's `row()`: status icon, name, vCPU/memory and IP) with its containers and
 * its events under it.
 */
export class GroupNode extends WorkloadNode<ContainerGroup> {
  private events: GroupEvents;

  constructor(profile: Profile, regionId: string, group: ContainerGroup, above: TreeNode, events?: GroupEvents) {
    super(profile, regionId, ECI_PROVIDER, group, above, 'group');
    // A group given whole (a fresh record, as after a deploy) has its events with it.
    this.events = events ?? { summary: summarizeEvents(group.Events), load: () => Promise.resolve(group.Events) };
  }

  get group(): ContainerGroup {
    return this.item;
  }

  override getChildren(): Promise<TreeNode[]> {
    const { count, warnings } = this.events.summary;
    const events = this.events;
    const folderId = childId(this.id, 'events');
    return Promise.resolve([
      ...this.group.Containers.map((c) => new ContainerNode(this.profile, this.regionId, this.group, c, this)),
      new FolderNode(
        this.id,
        'events',
        l10n.t('Events'),
        'history',
        async () => {
          try {
            const list = await events.load();
            return list.length === 0
              ? [new MessageNode(folderId, l10n.t('No events'), 'info')]
              : eventNodes(folderId, list);
          } catch (error) {
            return [MessageNode.fromError(folderId, error)];
          }
        },
        `${count}${warnings === 0 ? '' : warnings === 1 ? l10n.t(' · 1 warning') : l10n.t(' · {0} warnings', warnings)}`,
        true,
      ),
    ]);
  }

  override update(newer: TreeNode): void {
    if (!(newer instanceof GroupNode)) return;
    super.update(newer);
    this.events = newer.events;
  }
}
