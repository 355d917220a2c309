/**
 * Cloud disk sizes by type (GB) for createContainers: the seed's types (docs/reference/jdcloud-notes.md: ssd and
 * premium-hdd) beside today's (jdcloud-sdk-js's createContainers: hdd.std1, ssd.gp1 and ssd.io1, a system disk of
 * 10–100 GB and a data disk of 20–2,000 GB). One table for the spec files' checks and the emulator's, so that the
 * two cannot disagree.
 */
export type DiskSizes = Readonly<Record<string, readonly [number, number]>>;

/** The system disk (rootVolume). */
export const SYSTEM_DISK_SIZES: DiskSizes = {
  ssd: [10, 100],
  'premium-hdd': [20, 1000],
  'hdd.std1': [10, 100],
  'ssd.gp1': [10, 100],
  'ssd.io1': [10, 100],
};
/** A data disk (dataVolumes). */
export const DATA_DISK_SIZES: DiskSizes = {
  ssd: [20, 1000],
  'premium-hdd': [20, 3000],
  'hdd.std1': [20, 2000],
  'ssd.gp1': [20, 2000],
  'ssd.io1': [20, 2000],
};

/** The one type whose IOPS may be chosen (jdcloud-sdk-js: on another type, or an existing disk, they do nothing). */
export const IOPS_DISK_TYPE = 'ssd.io1';

/** ssd.io1's IOPS: in steps of 10, from 200 to 50 per GB (at most 32,000); 30 per GB when not given. */
export function iopsRange(sizeGB: number): { min: number; max: number; default: number } {
  return { min: 200, max: Math.min(32_000, sizeGB * 50), default: sizeGB * 30 };
}

/** Within the type's range and in steps of 10 GB. */
export function fitsDiskSize(range: readonly [number, number], size: number): boolean {
  return size >= range[0] && size <= range[1] && size % 10 === 0;
}
