import * as vscode from '../../vscode-api';
import { startContainer } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/** JD Cloud: Start Container — a stopped Native Container (the API starts only stopped ones). */
export async function startJdcloudContainer(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const target = await jdcloudContainerTarget(services, arg, ['stopped']);
  if (target === undefined) return undefined;
  await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Starting {0}', containerLabel(target)) },
    () => startContainer(target.client, target.regionId, target.container.containerId),
  );
  services.log.info(`Started ${target.container.containerId} in ${target.regionId}`);
  services.explorer.refresh(target.profile.id);
  return target.container.containerId;
}
