import * as vscode from '../../vscode-api';
import { describeContainerGroups, resizeContainerGroupVolume } from '../../../eci/operations';
import type { ResizableVolume } from '../../../eci/volume-resize';
import { DISK_MAX_GIB, newSizeProblem, resizableVolumes } from '../../../eci/volume-resize';
import type { ExtensionServices } from '../../services';
import { GroupNode } from '../../tree/eci/group-node';
import { groupArg } from '../command-args';
import { groupLabel, resolveGroups } from './group-target';

/**
 * ECI: Resize Volume… — grows a cloud disk volume of a running group (ResizeContainerGroupVolume): the group from
 * its node, by `{ containerGroupId }` or picked; the disk picked when it has several; the new size asked and held to
 * what the API takes (larger than now, at most 32 TiB). Returns what it resized.
 */
export async function resizeVolume(
  services: ExtensionServices,
  arg?: unknown,
): Promise<{ containerGroupId: string; volumeName: string; newSizeGiB: number } | undefined> {
  const given = groupArg(arg);
  const [target] = await resolveGroups(services, given instanceof GroupNode ? [given] : given, false);
  if (target === undefined) return undefined;
  const label = groupLabel(target);
  // Afresh, with its events: the explorer's copy carries a summary of them, and a disk's size after a resize is
  // only in its ResizeVolume event.
  const group = (
    await describeContainerGroups(
      target.client,
      { ContainerGroupIds: [target.group.ContainerGroupId] },
      {
        regionId: target.regionId,
      },
    )
  ).ContainerGroups[0];
  if (group === undefined)
    throw new Error(vscode.l10n.t('The container group {0} is gone from {1}.', label, target.regionId));
  const volumes = resizableVolumes(group);
  if (volumes.length === 0)
    throw new Error(
      vscode.l10n.t(
        '{0} has no cloud disk volume: only disks (DiskVolume, or a disk FlexVolume) can be resized.',
        label,
      ),
    );
  if (group.Status !== 'Running')
    throw new Error(vscode.l10n.t('{0} is {1}; volumes are resized in a Running group.', label, group.Status));
  const sizeText = (v: ResizableVolume): string =>
    v.sizeGiB === undefined ? vscode.l10n.t('size unknown') : `${v.sizeGiB} GiB`;
  const volume =
    volumes.length === 1
      ? volumes[0]
      : (
          await services.prompter.pick(
            volumes.map((v) => ({ label: v.name, description: `${v.type} · ${sizeText(v)}`, volume: v })),
            { title: vscode.l10n.t('Resize which volume of {0}?', label) },
          )
        )?.volume;
  if (volume === undefined) return undefined;
  const answer = await services.prompter.input({
    title: vscode.l10n.t('Resize {0} of {1} ({2})', volume.name, label, sizeText(volume)),
    prompt: vscode.l10n.t('The new size in GiB, up to {0}. Disks only grow.', DISK_MAX_GIB),
    value: volume.sizeGiB === undefined ? undefined : String(volume.sizeGiB * 2),
    validateInput: (value) => newSizeProblem(volume, value),
    ignoreFocusOut: true,
  });
  if (answer === undefined) return undefined;
  const newSizeGiB = Number(answer.trim());
  const { RequestId } = await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Resizing {0} of {1}', volume.name, label) },
    () =>
      resizeContainerGroupVolume(
        target.client,
        { ContainerGroupId: group.ContainerGroupId, VolumeName: volume.name, NewSize: newSizeGiB },
        { regionId: target.regionId },
      ),
  );
  services.log.info(
    `Resized ${volume.name} of ${label} from ${volume.sizeGiB === undefined ? 'an unknown size' : `${volume.sizeGiB} GiB`} to ${newSizeGiB} GiB in ${target.regionId} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(target.profile.id);
  return { containerGroupId: group.ContainerGroupId, volumeName: volume.name, newSizeGiB };
}
