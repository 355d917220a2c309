import * as vscode from '../../vscode-api';
import { describeGroup } from '../../../deploy/template-deploy';
import type { ExtensionServices } from '../../services';
import { age } from '../../tree/eci/event-node';
import { groupTargets } from './group-target';

/**
 * ECI: Show Events — a group's events, newest first, in a list one can filter by typing (reason, message, count,
 * age; warnings marked). Fresh from the API, not the tree's copy. Returns how many there are.
 */
export async function showEvents(services: ExtensionServices, ...args: unknown[]): Promise<number | undefined> {
  const [target] = await groupTargets(
    services,
    args.filter((a) => a !== 'noPicker'),
    false,
  );
  if (target === undefined) return undefined;
  const group = await describeGroup(target.client, target.group.ContainerGroupId, target.regionId);
  const events = [...group.Events].reverse();
  if (args.includes('noPicker')) return events.length;
  const picker = vscode.window.createQuickPick();
  picker.title = `Events of ${group.ContainerGroupName ?? group.ContainerGroupId} (${group.Status})`;
  picker.matchOnDetail = true;
  picker.items =
    events.length === 0
      ? [{ label: 'No events' }]
      : events.map((e) => ({
          label: `$(${e.Type === 'Warning' ? 'warning' : 'info'}) ${e.Reason ?? 'Event'}${(e.Count ?? 1) > 1 ? ` ×${e.Count}` : ''}`,
          description: `${age(e.LastTimestamp)} ago${e.Name === undefined ? '' : ` · ${e.Name}`}`,
          detail: e.Message,
        }));
  picker.onDidHide(() => picker.dispose());
  picker.show();
  return events.length;
}
