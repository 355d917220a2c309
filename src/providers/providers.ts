import { KNOWN_REGIONS, JDCLOUD_REGIONS } from './regions';

/**
 * The provider boundary: what Alibaba Cloud ECI and JD Cloud Native Container share, said once. Both have profiles
 * with an AccessKey pair and an endpoint, regions, a list of workloads with a status, logs (followed by the one
 * follower over a LogSource, src/logs/), interactive terminals (one terminal over an ExecBackend, src/exec/), delete,
 * and registry credentials; each keeps what is its own (ECI's container groups of several containers, templates and
 * image caches; Native Container's single containers, elastic IPs, secrets and quotas) in its own folder, src/eci/
 * and src/jdcloud/.
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
  readonly defaultRegion: string;
  /** The default endpoint. */
  readonly endpoint: string;
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
    defaultRegion: 'cn-hangzhou',
    endpoint: 'https://eci.aliyuncs.com',
    accessKeyIdPattern: /^[\w.-]{8,}$/,
  },
  jdcloud: {
    id: 'jdcloud',
    title: 'JD Cloud Native Container',
    short: 'JD',
    workload: 'container',
    workloads: 'containers',
    regions: JDCLOUD_REGIONS,
    defaultRegion: 'cn-north-1',
    endpoint: 'https://nativecontainer.jdcloud-api.com',
    accessKeyIdPattern: /^[\w.-]{8,}$/,
  },
};

/** A profile's provider: profiles saved before there were two have none and are ECI's. */
export function providerOf(profile: { readonly provider?: ProviderId | undefined }): ProviderInfo {
  return PROVIDERS[profile.provider ?? 'eci'];
}

/**
 * Status words of both APIs ("Running", "running", "Stopped", "stopping") in one form, so that one table of icons
 * serves both: the first letter upper-case.
 */
export function statusWord(status: string): string {
  return status === '' ? 'Unknown' : `${status.charAt(0).toUpperCase()}${status.slice(1)}`;
}

/** Native Container states on the way to another: the explorer looks again until they settle. */
export const JDCLOUD_TRANSITIONAL = new Set(['pending', 'starting', 'stopping', 'rebuilding', 'deleting']);
