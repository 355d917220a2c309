/** The regions, zones and networks the emulator offers. */
export interface EmulatedRegion {
  readonly regionId: string;
  readonly zones: readonly string[];
}

export const REGIONS: readonly EmulatedRegion[] = [
  { regionId: 'cn-hangzhou', zones: ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j'] },
  { regionId: 'cn-shanghai', zones: ['cn-shanghai-b', 'cn-shanghai-l'] },
  { regionId: 'cn-beijing', zones: ['cn-beijing-h', 'cn-beijing-k'] },
  { regionId: 'ap-southeast-1', zones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
  { regionId: 'eu-central-1', zones: ['eu-central-1a', 'eu-central-1b'] },
];

export function findRegion(regionId: string): EmulatedRegion | undefined {
  return REGIONS.find((region) => region.regionId === regionId);
}

/**
 * Which zone a vSwitch is in. A vSwitch named after its zone (`vsw-cn-hangzhou-i-web`, how the demo data names
 * them) is in that zone; any other vSwitch is taken to be in the zone the request asks for, or the region's first.
 */
export function zoneOfVSwitch(region: EmulatedRegion, vSwitchId: string): string | undefined {
  return region.zones.find((zone) => vSwitchId.startsWith(`vsw-${zone}-`) || vSwitchId === `vsw-${zone}`);
}
