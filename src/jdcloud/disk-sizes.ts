/**
 * Cloud disk sizes by type (GB), as JD Cloud's API overview gives them for createContainers
 * (docs/reference/jdcloud-notes.md): one table for the spec files' checks and the emulator's, so that
 * the two cannot disagree.
 */
export type DiskSizes = Readonly<Record<string, readonly [number, number]>>;

/** The system disk (rootVolume). */
export const SYSTEM_DISK_SIZES: DiskSizes = { ssd: [10, 100], 'premium-hdd': [20, 1000] };
/** A data disk (dataVolumes). */
export const DATA_DISK_SIZES: DiskSizes = { ssd: [20, 1000], 'premium-hdd': [20, 3000] };

/** Within the type's range and in steps of 10 GB. */
export function fitsDiskSize(range: readonly [number, number], size: number): boolean {
  return size >= range[0] && size <= range[1] && size % 10 === 0;
}
