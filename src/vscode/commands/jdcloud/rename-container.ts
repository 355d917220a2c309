import { modifyContainerAttribute } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { containerLabel, jdcloudContainerTarget } from './container-target';

/** JD Cloud: Rename Container — its name (and, from automation, its description) through modifyContainerAttribute. */
export async function renameJdcloudContainer(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  const given = arg as { name?: unknown; description?: unknown } | undefined;
  const name =
    typeof given?.name === 'string'
      ? given.name
      : await services.prompter.input({
          title: `Rename ${containerLabel(target)}`,
          value: target.container.name,
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim().length >= 2 && v.trim().length <= 32 ? undefined : 'A name of 2 to 32 characters',
        });
  if (name === undefined || name.trim() === target.container.name) return undefined;
  await modifyContainerAttribute(target.client, target.regionId, target.container.containerId, {
    name: name.trim(),
    description: typeof given?.description === 'string' ? given.description : undefined,
  });
  services.log.info(`Renamed ${target.container.containerId} to ${name.trim()}`);
  services.explorer.refresh(target.profile.id);
  return name.trim();
}
