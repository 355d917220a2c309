import * as vscode from '../vscode-api';
import type { EciClient } from '../../eci/client';
import type { ContainerGroup } from '../../eci/records';
import { waitUntilSettled } from '../../deploy/template-deploy';
import { followInNotification } from '../follow-in-notification';

/**
 * Follows a group after a deploy or update, in a notification: its status and latest event as they change, until
 * it is Running or has failed. Cancelling stops the following, not the group.
 */
export async function followGroup(
  client: EciClient,
  containerGroupId: string,
  regionId: string,
  title: string,
  intervalMs = 2_000,
): Promise<ContainerGroup | undefined> {
  return followInNotification(title, async (signal, say) => {
    const { group, settled } = await waitUntilSettled(client, containerGroupId, regionId, {
      signal,
      intervalMs,
      onChange: (g) => {
        const event = g.Events.at(-1);
        say(`${g.Status}${event === undefined ? '' : ` — ${event.Reason ?? ''}: ${event.Message ?? ''}`}`);
      },
    });
    return settled ? group : undefined;
  });
}

/** How a settled group is reported: Running is good news, anything else shows its last warning. */
export function settledMessage(group: ContainerGroup): { ok: boolean; text: string } {
  const name = `${group.ContainerGroupName ?? group.ContainerGroupId} (${group.ContainerGroupId})`;
  if (group.Status === 'Running' || group.Status === 'Succeeded')
    return { ok: true, text: vscode.l10n.t('{0} is {1}.', name, group.Status) };
  const warning = [...group.Events].reverse().find((e) => e.Type === 'Warning');
  return {
    ok: false,
    text: `${vscode.l10n.t('{0} is {1}.', name, group.Status)}${warning === undefined ? '' : ` ${warning.Reason ?? ''}: ${warning.Message ?? ''}`}`,
  };
}
