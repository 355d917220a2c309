import * as vscode from '../../vscode-api';
import { stopContainer } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/** JD Cloud: Stop Container — a running Native Container; its disks and addresses stay. */
export async function stopJdcloudContainer(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const target = await jdcloudContainerTarget(services, arg, ['running']);
  if (target === undefined) return undefined;
  await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Stopping {0}', containerLabel(target)) },
    () => stopContainer(target.client, target.regionId, target.container.containerId),
  );
  // JD Cloud stops it in a moment; the explorer polls it until it is stopped.
  services.log.info(`Stopping ${target.container.containerId} in ${target.regionId}`);
  services.explorer.refresh(target.profile.id);
  return target.container.containerId;
}
