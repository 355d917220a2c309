import type { JdcloudClient } from './client';

/**
 * Typed Native Container operations (eci-api.md §8), the first of the seed's table: containers' create, list,
 * describe, start, stop and delete. Field names are JD Cloud's (camelCase).
 */
export interface ContainerSpec {
  readonly instanceType: string;
  readonly az: string;
  readonly name: string;
  readonly image: string;
  readonly hostname?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  readonly envs?: readonly { readonly name: string; readonly value: string }[] | undefined;
  readonly workingDir?: string | undefined;
  readonly tty?: boolean | undefined;
  readonly rootVolume?: { readonly category: string; readonly cloudDiskSpec?: { readonly diskType: string; readonly diskSizeGB: number } | undefined } | undefined;
  readonly primaryNetworkInterface: {
    readonly networkInterface: { readonly subnetId: string; readonly securityGroups?: readonly string[] | undefined; readonly primaryIpAddress?: string | undefined };
  };
  readonly description?: string | undefined;
}

export interface NativeContainer {
  readonly containerId: string;
  readonly name: string;
  readonly status: string;
  readonly image: string;
  readonly instanceType: string;
  readonly az: string;
  readonly hostname?: string | undefined;
  readonly privateIpAddress?: string | undefined;
  readonly elasticIpAddress?: string | undefined;
  readonly launchTime?: string | undefined;
  readonly reason?: string | undefined;
}

export interface ContainerFilter {
  readonly name: 'containerId' | 'privateIpAddress' | 'az' | 'vpcId' | 'status' | 'name' | 'subnetId' | 'agId';
  readonly values: readonly string[];
}

/** `filters.1.name=status&filters.1.values.1=running`, as the API reads lists from a query. */
function filterQuery(filters: readonly ContainerFilter[] = []): Record<string, string> {
  const query: Record<string, string> = {};
  filters.forEach((filter, i) => {
    query[`filters.${i + 1}.name`] = filter.name;
    filter.values.forEach((value, j) => (query[`filters.${i + 1}.values.${j + 1}`] = value));
  });
  return query;
}

export function createContainers(client: JdcloudClient, regionId: string, containerSpec: ContainerSpec, options: { maxCount?: number; clientToken?: string } = {}): Promise<{ containerIds: string[] }> {
  return client.call({ operation: 'createContainers', method: 'POST', regionId, path: '/containers', body: { regionId, containerSpec, maxCount: options.maxCount ?? 1, clientToken: options.clientToken } });
}

export function describeContainers(client: JdcloudClient, regionId: string, options: { pageNumber?: number; pageSize?: number; filters?: readonly ContainerFilter[] } = {}): Promise<{ containers: NativeContainer[]; totalCount: number }> {
  return client.call({ operation: 'describeContainers', method: 'GET', regionId, path: '/containers', query: { pageNumber: options.pageNumber, pageSize: options.pageSize, ...filterQuery(options.filters) } });
}

export function describeContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<{ container: NativeContainer }> {
  return client.call({ operation: 'describeContainer', method: 'GET', regionId, path: `/containers/${containerId}` });
}

export function startContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({ operation: 'startContainer', method: 'POST', regionId, path: `/containers/${containerId}:startContainer`, body: { regionId, containerId } });
}

export function stopContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({ operation: 'stopContainer', method: 'POST', regionId, path: `/containers/${containerId}:stopContainer`, body: { regionId, containerId } });
}

export function deleteContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({ operation: 'deleteContainer', method: 'DELETE', regionId, path: `/containers/${containerId}` });
}
