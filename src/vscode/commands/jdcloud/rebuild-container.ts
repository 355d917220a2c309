import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import {
  describeContainer,
  doneMessages,
  rebuildContainer,
  stopContainer,
  waitForContainerStatus,
} from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { jdcloudContainerFields } from '../command-args';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/**
 * JD Cloud: Rebuild Container with a New Image — the container keeps its ID, disks and addresses and runs the new
 * image from its next start. The API rebuilds only stopped containers: a running one is stopped first, when the
 * user says so. Automation may pass `{ containerId, image }`.
 */
export async function rebuildJdcloudContainer(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const given = jdcloudContainerFields(arg);
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  const image =
    given.image !== undefined
      ? given.image
      : await services.prompter.input({
          title: vscode.l10n.t('Rebuild {0}', containerLabel(target)),
          prompt: vscode.l10n.t('The new image (with its tag)'),
          value: target.container.image,
          ignoreFocusOut: true,
          validateInput: (v) =>
            /^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('An image such as nginx:1.27-alpine'),
        });
  if (image === undefined) return undefined;
  const { client, regionId } = target;
  const id = target.container.containerId;
  const status = (await describeContainer(client, regionId, id)).container.status;
  if (status !== 'stopped') {
    const confirmed = await services.prompter.confirm({
      message: vscode.l10n.t(
        '{0} is {1}; it is rebuilt only when stopped. Stop it now and rebuild it with {2}?',
        containerLabel(target),
        status,
        image.trim(),
      ),
      action: vscode.l10n.t('Stop and Rebuild'),
    });
    if (!confirmed) return undefined;
  }
  await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Rebuilding {0}', containerLabel(target)) },
    async () => {
      // Stopping takes a while on JD Cloud: the rebuild waits until the container is stopped. One still starting
      // is let run first, as it can be stopped only then.
      let now = status;
      if (now === 'pending' || now === 'starting')
        now = (await waitForContainerStatus(client, regionId, id, 'running')).status;
      if (now === 'running') await stopContainer(client, regionId, id);
      if (now !== 'stopped') await waitForContainerStatus(client, regionId, id, 'stopped');
      await rebuildContainer(client, regionId, id, image.trim());
      // Rebuilding takes a while too: the message below says it is stopped, so it is.
      await waitForContainerStatus(client, regionId, id, 'stopped');
    },
  );
  services.log.info(`${doneMessages.rebuilt(target.container.name, image.trim())} (${id} in ${regionId})`);
  services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(doneMessages.rebuilt(target.container.name, image.trim(), displayLocale()));
  return id;
}
