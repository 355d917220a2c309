import type { ClientParams, Provider, RegionList } from '../providers/provider';
import { PROVIDERS } from '../providers/providers';
import type { Message } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';
import { JdcloudClient } from './client';
import { jdcloudHints } from './error-hints';
import { jdcloudExecBackend } from './exec-session';
import { jdcloudLogSource } from './log-source';
import type { JdcloudContainer } from './operations';
import { deleteContainer, describeContainer, describeContainers } from './operations';
import { JdcloudRegionState } from './region-state';
import { CloudError } from '../core/errors';

/** JD Cloud has no region list call: its regions are known (src/providers/regions.ts), loaded from the start. */
function knownRegions(): RegionList {
  return {
    loaded: true,
    ids: PROVIDERS.jdcloud.regions,
    error: undefined,
    ensureLoaded: () => Promise.resolve(),
    reload: () => Promise.resolve(),
  };
}

/** The primary interface's security groups, for the tooltip (` · security groups a, b`). */
function groupsOf(c: JdcloudContainer): Message | string {
  const groups = c.primaryNetworkInterface?.networkInterface?.securityGroups?.map((g) => g.groupId) ?? [];
  return groups.length === 0 ? '' : message('row.securityGroups', { ids: groups.join(', ') });
}

/** JD Cloud Native Container through the provider contract (src/providers/provider.ts): its workloads are containers. */
export const JDCLOUD_PROVIDER: Provider<JdcloudClient, JdcloudRegionState, JdcloudContainer> = {
  info: PROVIDERS.jdcloud,
  hints: jdcloudHints,

  async client(params: ClientParams): Promise<JdcloudClient> {
    // JD Cloud's signer takes the key pair itself: read once per client (a re-entered key makes a new client, as
    // adding a profile again resets the clients).
    const { accessKeyId, accessKeySecret } = await params.accessKey();
    return new JdcloudClient({
      credentials: { accessKeyId, accessKeySecret },
      endpoint: params.endpoint,
      route: params.route,
      timeoutMs: params.timeoutMs,
      onCall: params.onCall,
    });
  },

  regionList: () => knownRegions(),
  region: (regionId, client) => new JdcloudRegionState(regionId, client),
  items: (region) => region.containers,

  workload: (c) => ({
    id: c.containerId,
    name: c.name,
    status: c.status,
    containers: [c.name],
    running: c.status === 'running',
    isContainer: true,
    tags: {},
  }),

  row(c) {
    const eip = c.elasticIpAddress !== undefined && c.elasticIpAddress !== '' ? `EIP ${c.elasticIpAddress}` : undefined;
    return {
      label: c.name,
      description: [c.status, c.privateIpAddress || undefined, eip].filter(Boolean).join(' · '),
      status: c.status,
      // The elastic IP's presence is in the context value, so that the menu offers associate or disassociate.
      contextValue: `eci.jdcloud.container.${c.status}${eip === undefined ? '' : '.eip'}`,
      expandable: false,
      tooltip: (locale) => [
        `**${c.name}** \`${c.containerId}\``,
        '',
        ...[
          c.reason
            ? message('row.statusWithReason', { status: c.status, reason: c.reason })
            : message('row.status', { status: c.status }),
          message('row.image', { image: `\`${c.image}\`` }),
          message('row.instanceType', { type: c.instanceType, zone: c.az }),
          message('row.hostName', { name: c.hostname ?? '' }),
          message('row.privateIp', { ip: c.privateIpAddress ?? '' }),
          message('row.network', {
            vpc: `\`${c.vpcId ?? ''}\``,
            subnet: `\`${c.subnetId ?? ''}\``,
            groups: groupsOf(c),
          }),
          message('row.elasticIp', {
            address:
              eip === undefined
                ? message('row.elasticIp.none')
                : message('row.elasticIp.withId', {
                    address: c.elasticIpAddress ?? '',
                    id: `\`${c.elasticIpId ?? ''}\``,
                  }),
          }),
          message('row.launched', { time: c.launchTime ?? '' }),
        ].map((line) => say(line, locale)),
      ],
    };
  },

  async find(client, regionId, id) {
    try {
      return (await describeContainer(client, regionId, id)).container;
    } catch (error) {
      if (error instanceof CloudError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  },

  async list(client, regionId, { runningOnly, limit }) {
    // describeContainers' pageSize is 10 to 100 (smaller is refused, as the emulator does): whole pages, then the limit.
    const containers: JdcloudContainer[] = [];
    for (let pageNumber = 1; containers.length < limit; pageNumber++) {
      const page = await describeContainers(client, regionId, {
        pageNumber,
        pageSize: 100,
        filters: runningOnly ? [{ name: 'status', values: ['running'] }] : undefined,
      });
      containers.push(...page.containers);
      if (page.containers.length < 100 || containers.length >= page.totalCount) break;
    }
    return containers.slice(0, limit);
  },

  async delete(client, regionId, c) {
    // JD Cloud's answer to deleteContainer carries its request ID only in the envelope, which the client logs.
    await deleteContainer(client, regionId, c.containerId);
    return undefined;
  },

  logSource: (client, regionId, c) => jdcloudLogSource(client, regionId, c.containerId),
  execBackend: (client, regionId, c) => jdcloudExecBackend(client, regionId, c),
};
