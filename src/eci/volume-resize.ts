import type { ContainerGroup, Volume } from './records';

/**
 * Which volumes of a group ResizeContainerGroupVolume can grow, and how big each is now: cloud disks only (a
 * DiskVolume, or a FlexVolume of Alibaba Cloud's disk driver, as ECI creates them), which only grow, up to 32 TiB.
 */
export const DISK_MAX_GIB = 32_768;
/** The smallest disk ECI creates, what a disk of unknown size is taken to have at least. */
export const DISK_MIN_GIB = 20;

export interface ResizableVolume {
  readonly name: string;
  /** DiskVolume or FlexVolume. */
  readonly type: string;
  /** GiB now, when the group says: its last ResizeVolume event, else the FlexVolume's `volumeSize` option. */
  readonly sizeGiB?: number | undefined;
}

function isDisk(volume: Volume): boolean {
  return volume.Type === 'DiskVolume' || (volume.Type === 'FlexVolume' && /disk/i.test(volume.FlexVolumeDriver ?? ''));
}

/** "Resized volume data from 50 GiB to 60 GiB", the event a resize leaves. */
const RESIZED = /^Resized volume (\S+) from \d+ GiB to (\d+) GiB/;

function sizeOf(group: ContainerGroup, volume: Volume): number | undefined {
  const resized = group.Events.filter((e) => e.Reason === 'ResizeVolume')
    .map((e) => RESIZED.exec(e.Message ?? ''))
    .filter((m) => m?.[1] === volume.Name)
    .at(-1)?.[2];
  if (resized !== undefined) return Number(resized);
  try {
    const size = Number((JSON.parse(volume.FlexVolumeOptions ?? '{}') as { volumeSize?: unknown }).volumeSize);
    if (Number.isInteger(size) && size > 0) return size;
  } catch {
    // Options that are not JSON name no size.
  }
  return undefined;
}

export function resizableVolumes(group: ContainerGroup): ResizableVolume[] {
  return group.Volumes.filter(isDisk).map((v) => ({ name: v.Name, type: v.Type ?? '', sizeGiB: sizeOf(group, v) }));
}

/** Why a new size is refused (undefined: taken): a whole number of GiB, larger than now, at most 32 TiB. */
export function newSizeProblem(volume: ResizableVolume, text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'A whole number of GiB';
  const size = Number(text.trim());
  const smallest = volume.sizeGiB === undefined ? DISK_MIN_GIB : volume.sizeGiB + 1;
  if (size < smallest)
    return volume.sizeGiB === undefined
      ? `At least ${DISK_MIN_GIB} GiB`
      : `Larger than the ${volume.sizeGiB} GiB it has: disks only grow`;
  if (size > DISK_MAX_GIB) return `At most ${DISK_MAX_GIB} GiB (32 TiB)`;
  return undefined;
}
