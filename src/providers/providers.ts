import { KNOWN_REGIONS, JDCLOUD_REGIONS } from './regions';

/**
 * Each provider's names and labels, as its vendor and the extension's messages use them. What a provider does is its
 * implementation of the contract (src/providers/provider.ts), found through src/providers/registry.ts.
 */
export type ProviderId = 'eci' | 'jdcloud';

export interface ProviderInfo {
  readonly id: ProviderId;
  /** The service, as its vendor names it. */
  readonly title: string;
  /** A short prefix for the status bar and messages. */
  readonly short: string;
  /** What one workload is called. */
  readonly workload: string;
  readonly workloads: string;
  /** Where the explorer looks (ECI asks DescribeRegions; Native Container has no such call). */
  readonly regions: readonly string[];
  /** The field automation names one of its workloads by (`{ containerGroupId }`, `{ containerId }`). */
  readonly idField: string;
  /** How to get a first profile of it, for "no profile yet" messages. */
  readonly firstProfile: string;
  /**
   * The local emulator's profile of it (the same emulator serves every provider's API), added by Use Local Emulator,
   * which names it in the display language (src/vscode/commands/use-local-emulator.ts).
   */
  readonly emulatorProfile: { readonly id: string; readonly regionId: string };
  /** The status bar item's ID (VS Code remembers by it whether the user hid the item). */
  readonly statusBarItemId: string;
  /** How an AccessKey ID of this vendor looks, for the input's check. */
  readonly accessKeyIdPattern: RegExp;
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  eci: {
    id: 'eci',
    title: 'Alibaba Cloud ECI',
    short: 'ECI',
    workload: 'container group',
    workloads: 'container groups',
    regions: KNOWN_REGIONS,
    idField: 'containerGroupId',
    firstProfile: 'add one (ECI: Add Profile), import the aliyun CLI ones, or use the local emulator',
    statusBarItemId: 'eci.profile',
    emulatorProfile: { id: 'local-emulator', regionId: 'cn-hangzhou' },
    accessKeyIdPattern: /^[\w.-]{8,}$/,
  },
  jdcloud: {
    id: 'jdcloud',
    title: 'JD Cloud Native Container',
    short: 'JD',
    workload: 'container',
    workloads: 'containers',
    regions: JDCLOUD_REGIONS,
    idField: 'containerId',
    firstProfile: 'add one (JD Cloud: Add Profile) or use the local emulator',
    // Its ID from before the provider was named jdcloud: a user who hid the item keeps it hidden.
    statusBarItemId: 'eci.profile.native-container',
    emulatorProfile: { id: 'local-emulator-jdcloud', regionId: 'cn-north-1' },
    accessKeyIdPattern: /^[\w.-]{8,}$/,
  },
};

/**
 * Status words of both APIs ("Running", "running", "Stopped", "stopping") in one form, so that one table of icons
 * serves both: the first letter upper-case.
 */
export function statusWord(status: string): string {
  return status === '' ? 'Unknown' : `${status.charAt(0).toUpperCase()}${status.slice(1)}`;
}
