import { l10n } from '../../vscode-api';
import type { EciClient } from '../../../eci/client';
import type { ContainerGroup } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { ContainerNode } from '../../tree/eci/container-node';
import { GroupNode } from '../../tree/eci/group-node';
import { containerArg } from '../command-args';
import { resolveGroups } from './group-target';
import { ECI_PROVIDER } from '../../../eci/provider';

/** A container a command acts on, with its group, region and client. */
export interface ContainerTarget {
  readonly profile: Profile;
  readonly client: EciClient;
  readonly regionId: string;
  readonly group: ContainerGroup;
  /** One container, or undefined for "all of the group's" (when the command allows it). */
  readonly containerName: string | undefined;
}

/**
 * From a container node, a group node (a pick of its containers when it has several), a `{ containerGroupId,
 * containerName?, allContainers?, regionId? }` from automation (containerArg()), or the palette (a group, then a
 * container).
 */
export async function containerTarget(
  services: ExtensionServices,
  arg: unknown,
  allowAll: boolean,
): Promise<ContainerTarget | undefined> {
  const given = containerArg(arg);
  if (given instanceof ContainerNode)
    return {
      profile: given.profile,
      client: await services.clients.of(given.profile, ECI_PROVIDER),
      regionId: given.regionId,
      group: given.group,
      containerName: given.container.Name,
    };
  const [target] = await resolveGroups(services, given instanceof GroupNode ? [given] : given?.group, false);
  if (target === undefined) return undefined;
  const ref = given instanceof GroupNode ? undefined : given;
  const names = target.group.Containers.map((c) => c.Name);
  if (ref?.containerName !== undefined) {
    if (!names.includes(ref.containerName))
      throw new Error(
        l10n.t(
          '{0} has no container named {1}; it has {2}.',
          target.group.ContainerGroupName ?? target.group.ContainerGroupId,
          ref.containerName,
          names.join(', '),
        ),
      );
    return {
      profile: target.profile,
      client: target.client,
      regionId: target.regionId,
      group: target.group,
      containerName: ref.containerName,
    };
  }
  if (ref?.allContainers === true && allowAll)
    return {
      profile: target.profile,
      client: target.client,
      regionId: target.regionId,
      group: target.group,
      containerName: undefined,
    };
  if (names.length === 1)
    return {
      profile: target.profile,
      client: target.client,
      regionId: target.regionId,
      group: target.group,
      containerName: names[0],
    };
  const items = [
    ...(allowAll ? [{ label: `$(list-flat) ${l10n.t('All containers')}`, name: undefined as string | undefined }] : []),
    ...names.map((name) => ({ label: name, name: name as string | undefined })),
  ];
  const picked = await services.prompter.pick(items, {
    title: l10n.t('Container of {0}', target.group.ContainerGroupName ?? target.group.ContainerGroupId),
  });
  if (picked === undefined) return undefined;
  return {
    profile: target.profile,
    client: target.client,
    regionId: target.regionId,
    group: target.group,
    containerName: picked.name,
  };
}
