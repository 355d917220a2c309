import type { ClientParams, Provider } from '../providers/provider';
import { PROVIDERS } from '../providers/providers';
import { message, say } from '../core/messages/messages';
import { metricCharts } from './metric-series';
import { EciClient } from './client';
import { eciHints } from './error-hints';
import { eciExecBackend } from './exec-session';
import { EciRegionList } from './region-list';
import { eciLogSource } from './log-source';
import {
  deleteContainerGroup,
  describeContainerGroupPages,
  describeContainerGroups,
  describeMultiContainerGroupMetric,
} from './operations';
import type { ContainerGroup } from './records';
import { EciRegionState } from './region-state';
import { runningCost } from './running-cost';

/** Alibaba Cloud ECI through the provider contract (src/providers/provider.ts): its workloads are container groups. */
export const ECI_PROVIDER: Provider<EciClient, EciRegionState, ContainerGroup> = {
  info: PROVIDERS.eci,
  hints: eciHints,

  client(params: ClientParams): Promise<EciClient> {
    // The key is read at each signature: a re-entered secret or a refreshed STS token applies at once.
    const client = new EciClient({
      credentials: async () => ({ ...(await params.accessKey()), source: params.accessKeyOrigin }),
      regionId: params.regionId,
      endpoint: params.endpoint,
      endpointType: params.endpointType,
      route: params.route,
      signatureVersion: params.signatureVersion,
      timeoutMs: params.timeoutMs,
      userAgent: params.userAgent,
      onCall: params.onCall,
    });
    return Promise.resolve(client);
  },

  regionList: (client) => new EciRegionList(client),
  region: (regionId, client) => new EciRegionState(regionId, client),
  items: (region) => region.groups,

  workload: (group) => ({
    id: group.ContainerGroupId,
    name: group.ContainerGroupName ?? group.ContainerGroupId,
    status: group.Status,
    containers: group.Containers.map((c) => c.Name),
    running: group.Status === 'Running',
    isContainer: false,
    tags: Object.fromEntries(group.Tags.map((t) => [t.Key, t.Value ?? ''])),
  }),

  row: (g) => ({
    label: g.ContainerGroupName ?? g.ContainerGroupId,
    description: [g.Status, g.Cpu === undefined ? undefined : `${g.Cpu} vCPU · ${g.Memory ?? '?'} GiB`, g.IntranetIp]
      .filter(Boolean)
      .join(' · '),
    status: g.Status,
    contextValue: `eci.group.${g.Status.toLowerCase()}`,
    expandable: true,
    tooltip: (locale) => [
      `**${g.ContainerGroupName ?? ''}** \`${g.ContainerGroupId}\``,
      '',
      ...[
        message('row.status', { status: g.Status }),
        message('row.zone', { zone: g.ZoneId ?? '' }),
        message('row.vSwitch', { id: g.VSwitchId ?? '' }),
        message('row.securityGroup', { id: g.SecurityGroupId ?? '' }),
        message('row.created', { time: g.CreationTime ?? '' }),
        message('row.restartPolicy', { policy: g.RestartPolicy ?? '' }),
      ].map((line) => say(line, locale)),
    ],
  }),

  async find(client, regionId, id, signal) {
    return (await describeContainerGroups(client, { ContainerGroupIds: [id] }, { regionId, signal }))
      .ContainerGroups[0];
  },

  async list(client, regionId, { runningOnly, limit }) {
    const groups: ContainerGroup[] = [];
    for await (const page of describeContainerGroupPages(client, {}, { regionId })) {
      groups.push(...page.ContainerGroups.filter((g) => !runningOnly || g.Status === 'Running'));
      if (groups.length >= limit) break;
    }
    return groups.slice(0, limit);
  },

  logSource: (client, regionId, group) => eciLogSource(client, group.ContainerGroupId, regionId),

  execBackend: (client, regionId, group, container) =>
    eciExecBackend(client, {
      regionId,
      containerGroupId: group.ContainerGroupId,
      groupName: group.ContainerGroupName ?? group.ContainerGroupId,
      containerName: container,
    }),

  async delete(client, regionId, group) {
    return (await deleteContainerGroup(client, group.ContainerGroupId, { regionId })).RequestId;
  },

  /**
   * A running group's latest CPU and memory (DescribeMultiContainerGroupMetric) and what it has cost so far (its
   * price per hour times its age): asked on hover, not per page.
   */
  async liveTooltip(client, regionId, group) {
    if (group.Status !== 'Running') return undefined;
    const [data, cost] = await Promise.all([
      describeMultiContainerGroupMetric(client, [group.ContainerGroupId], undefined, { regionId }),
      runningCost(client, regionId, group).catch(() => undefined),
    ]);
    const { latest } = metricCharts(data.MonitorDatas[0]?.Records ?? []);
    const lines = [
      latest.cpuCores === undefined
        ? undefined
        : `CPU: ${latest.cpuCores.toFixed(3)} cores · memory: ${(latest.memoryMiB ?? 0).toFixed(0)} MiB (${new Date(latest.time ?? Date.now()).toLocaleTimeString()})`,
      cost === undefined
        ? undefined
        : `Cost so far: about ${cost.currency}${cost.total.toFixed(2)} (${cost.currency}${cost.perHour.toFixed(4)} an hour × ${cost.hours.toFixed(1)} h)`,
    ].filter((line): line is string => line !== undefined);
    return lines.length === 0 ? undefined : lines.join('  \n');
  },
};
