import * as vscode from '../../vscode-api';
import type { ExtensionServices } from '../../services';
import { groupTargets } from './group-target';

/** ECI: Copy Container Group ID — to the clipboard; several selected give one per line. */
export async function copyGroupId(services: ExtensionServices, ...args: unknown[]): Promise<string | undefined> {
  const targets = await groupTargets(services, args, false);
  if (targets.length === 0) return undefined;
  const ids = targets.map((t) => t.group.ContainerGroupId).join('\n');
  await vscode.env.clipboard.writeText(ids);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', ids.replace(/\n/g, ', ')), 3000);
  return ids;
}
