import * as vscode from '../../vscode-api';
import { loadGroupEvents } from '../../../eci/group-events';
import { describeContainerGroupStatus } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { age } from '../../tree/eci/event-node';
import { groupTargets } from './group-target';

/**
 * ECI: Show Events — a group's events, newest first, in a list one can filter by typing (reason, message, count,
 * age; warnings marked). Fresh from the API (DescribeContainerGroupEvents, and DescribeContainerGroupStatus for the
 * title), not the tree's copy. Returns how many there are.
 */
export async function showEvents(services: ExtensionServices, ...args: unknown[]): Promise<number | undefined> {
  const [target] = await groupTargets(
    services,
    args.filter((a) => a !== 'noPicker'),
    false,
  );
  if (target === undefined) return undefined;
  const { client, regionId } = target;
  const id = target.group.ContainerGroupId;
  const [status, history] = await Promise.all([
    describeContainerGroupStatus(client, { ContainerGroupIds: [id] }, { regionId }),
    loadGroupEvents(client, regionId, id),
  ]);
  // The status is for the title only: events found are shown even when it does not list the group.
  const group = status.Data.find((g) => g.ContainerGroupId === id);
  if (group === undefined && history.length === 0)
    throw new Error(vscode.l10n.t('No container group {0} in {1}.', id, regionId));
  const events = [...history].reverse();
  if (args.includes('noPicker')) return events.length;
  const name = group?.Name ?? target.group.ContainerGroupName ?? id;
  const picker = vscode.window.createQuickPick();
  picker.title = vscode.l10n.t('Events of {0} ({1})', name, group?.Status ?? target.group.Status);
  picker.matchOnDetail = true;
  picker.items =
    events.length === 0
      ? [{ label: vscode.l10n.t('No events') }]
      : events.map((e) => ({
          label: `$(${e.Type === 'Warning' ? 'warning' : 'info'}) ${e.Reason ?? vscode.l10n.t('Event')}${(e.Count ?? 1) > 1 ? ` ×${e.Count}` : ''}`,
          // Each event is about the group (DescribeContainerGroupEvents names no container): no need to say so.
          description: `${vscode.l10n.t('{0} ago', age(e.LastTimestamp))}${e.Name === undefined || e.Name === name ? '' : ` · ${e.Name}`}`,
          detail: e.Message,
        }));
  picker.onDidHide(() => picker.dispose());
  picker.show();
  return events.length;
}
