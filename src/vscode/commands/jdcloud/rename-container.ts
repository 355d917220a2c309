import * as vscode from '../../vscode-api';
import { modifyContainerAttribute } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { jdcloudContainerFields } from '../command-args';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/** JD Cloud: Rename Container — its name (and, from automation, its description) through modifyContainerAttribute. */
export async function renameJdcloudContainer(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const given = jdcloudContainerFields(arg);
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  const name =
    given.name !== undefined
      ? given.name
      : await services.prompter.input({
          title: vscode.l10n.t('Rename {0}', containerLabel(target)),
          value: target.container.name,
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim().length >= 2 && v.trim().length <= 32 ? undefined : vscode.l10n.t('A name of 2 to 32 characters'),
        });
  if (name === undefined || name.trim() === target.container.name) return undefined;
  await modifyContainerAttribute(target.client, target.regionId, target.container.containerId, {
    name: name.trim(),
    description: given.description,
  });
  services.log.info(`Renamed ${target.container.containerId} to ${name.trim()}`);
  services.explorer.refresh(target.profile.id);
  return name.trim();
}
