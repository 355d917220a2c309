import { list, num, object, opt, str } from '../core/decode';
import type { JdcloudClient } from './client';

/**
 * Typed Native Container operations (docs/reference/eci-api.md §8), every one of
 * docs/reference/jdcloud-notes.md but the exec ones (which are in exec-session.ts): containers,
 * elastic IPs, logs, registry secrets and quotas. Field names are JD Cloud's (camelCase).
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
  readonly rootVolume?: VolumeSpec | undefined;
  /** At most 7. */
  readonly dataVolumes?: readonly VolumeSpec[] | undefined;
  /** A new elastic IP for the primary interface, 1–200 Mbps. */
  readonly elasticIp?: { readonly bandwidthMbps: number; readonly provider?: string | undefined } | undefined;
  readonly primaryNetworkInterface: {
    readonly networkInterface: {
      readonly subnetId: string;
      readonly securityGroups?: readonly string[] | undefined;
      readonly primaryIpAddress?: string | undefined;
    };
  };
  readonly description?: string | undefined;
}

export interface VolumeSpec {
  readonly category: string;
  readonly mountPath?: string | undefined;
  /** ssd or premium-hdd, sizes in steps of 10 GB. */
  readonly cloudDiskSpec?: { readonly diskType: string; readonly diskSizeGB: number } | undefined;
}

export interface JdcloudContainer {
  readonly containerId: string;
  readonly name: string;
  readonly status: string;
  readonly image: string;
  readonly instanceType: string;
  readonly az: string;
  readonly hostname?: string | undefined;
  readonly privateIpAddress?: string | undefined;
  readonly elasticIpId?: string | undefined;
  readonly elasticIpAddress?: string | undefined;
  readonly launchTime?: string | undefined;
  readonly reason?: string | undefined;
}

/** Answers decoded at the client: a result of another shape is an InvalidResponse naming the field. */
const jdcloudContainer = object({
  containerId: str,
  name: str,
  status: str,
  image: str,
  instanceType: str,
  az: str,
  hostname: opt(str),
  privateIpAddress: opt(str),
  elasticIpId: opt(str),
  elasticIpAddress: opt(str),
  launchTime: opt(str),
  reason: opt(str),
});
const containerList = object({ containers: list(jdcloudContainer), totalCount: opt(num) });
const jdcloudSecret = object({
  name: str,
  secretType: str,
  createdTime: opt(str),
  data: opt(object({ server: opt(str), username: opt(str), email: opt(str) })),
});
type ContainerList = ReturnType<typeof containerList>;

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

export function createContainers(
  client: JdcloudClient,
  regionId: string,
  containerSpec: ContainerSpec,
  options: { maxCount?: number; clientToken?: string } = {},
): Promise<{ containerIds: string[] }> {
  return client.call({
    operation: 'createContainers',
    method: 'POST',
    regionId,
    path: '/containers',
    body: { regionId, containerSpec, maxCount: options.maxCount ?? 1, clientToken: options.clientToken },
    decode: object({ containerIds: list(str) }),
  });
}

export async function describeContainers(
  client: JdcloudClient,
  regionId: string,
  options: { pageNumber?: number; pageSize?: number; filters?: readonly ContainerFilter[] } = {},
): Promise<{ containers: JdcloudContainer[]; totalCount: number }> {
  const page: ContainerList = await client.call({
    operation: 'describeContainers',
    method: 'GET',
    regionId,
    path: '/containers',
    query: { pageNumber: options.pageNumber, pageSize: options.pageSize, ...filterQuery(options.filters) },
    decode: containerList,
  });
  return { containers: page.containers, totalCount: page.totalCount ?? page.containers.length };
}

export function describeContainer(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
): Promise<{ container: JdcloudContainer }> {
  return client.call({
    operation: 'describeContainer',
    method: 'GET',
    regionId,
    path: `/containers/${containerId}`,
    decode: object({ container: jdcloudContainer }),
  });
}

export function startContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({
    operation: 'startContainer',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:startContainer`,
    body: { regionId, containerId },
  });
}

export function stopContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({
    operation: 'stopContainer',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:stopContainer`,
    body: { regionId, containerId },
  });
}

export function deleteContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({ operation: 'deleteContainer', method: 'DELETE', regionId, path: `/containers/${containerId}` });
}

export function modifyContainerAttribute(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  change: { name?: string; description?: string },
): Promise<unknown> {
  return client.call({
    operation: 'modifyContainerAttribute',
    method: 'PATCH',
    regionId,
    path: `/containers/${containerId}:modifyContainerAttribute`,
    body: { regionId, containerId, ...change },
  });
}

/** A stopped container started afresh from a new image (its ID stays). */
export function rebuildContainer(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  image: string,
): Promise<unknown> {
  return client.call({
    operation: 'rebuildContainer',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:rebuildContainer`,
    body: { regionId, containerId, image },
  });
}

export function associateElasticIp(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  elasticIpId: string,
): Promise<unknown> {
  return client.call({
    operation: 'associateElasticIp',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:associateElasticIp`,
    body: { regionId, containerId, elasticIpId },
  });
}

export function disassociateElasticIp(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  elasticIpId: string,
): Promise<unknown> {
  return client.call({
    operation: 'disassociateElasticIp',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:disassociateElasticIp`,
    body: { regionId, containerId, elasticIpId },
  });
}

export function getLogs(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  options: { tailLines?: number; sinceSeconds?: number; limitBytes?: number } = {},
): Promise<{ logs: string }> {
  return client.call({
    operation: 'getLogs',
    method: 'GET',
    regionId,
    path: `/containers/${containerId}:getLogs`,
    query: options,
    decode: object({ logs: (value, path) => (value === undefined || value === null ? '' : str(value, path)) }),
  });
}

export interface RegistrySecretData {
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly email?: string | undefined;
}

export interface JdcloudSecret {
  readonly name: string;
  readonly secretType: string;
  readonly createdTime?: string | undefined;
  /** Server, user name and e-mail; the API never returns the password. */
  readonly data?: { readonly server?: string; readonly username?: string; readonly email?: string } | undefined;
}

export function createSecret(
  client: JdcloudClient,
  regionId: string,
  name: string,
  data: RegistrySecretData,
): Promise<{ secretName: string }> {
  return client.call({
    operation: 'createSecret',
    method: 'POST',
    regionId,
    path: '/secrets',
    body: { regionId, name, secretType: 'docker-registry', data },
    decode: object({ secretName: str }),
  });
}

export async function describeSecrets(
  client: JdcloudClient,
  regionId: string,
  options: { pageNumber?: number; pageSize?: number } = {},
): Promise<{ secrets: JdcloudSecret[]; totalCount: number }> {
  const page = await client.call({
    operation: 'describeSecrets',
    method: 'GET',
    regionId,
    path: '/secrets',
    query: options,
    decode: object({ secrets: list(jdcloudSecret), totalCount: opt(num) }),
  });
  return { secrets: page.secrets, totalCount: page.totalCount ?? page.secrets.length };
}

export function describeSecret(
  client: JdcloudClient,
  regionId: string,
  name: string,
): Promise<{ secret: JdcloudSecret }> {
  return client.call({
    operation: 'describeSecret',
    method: 'GET',
    regionId,
    path: `/secrets/${name}`,
    decode: object({ secret: jdcloudSecret }),
  });
}

export function deleteSecret(client: JdcloudClient, regionId: string, name: string): Promise<unknown> {
  return client.call({ operation: 'deleteSecret', method: 'DELETE', regionId, path: `/secrets/${name}` });
}

export function describeQuota(
  client: JdcloudClient,
  regionId: string,
): Promise<{ quotas: { resourceType: string; limit: number; used: number }[] }> {
  return client.call({
    operation: 'describeQuota',
    method: 'GET',
    regionId,
    path: '/quotas',
    query: { resourceTypes: 'container,secret' },
    decode: object({ quotas: list(object({ resourceType: str, limit: num, used: num })) }),
  });
}

/**
 * Waits until a container reaches a status (create, stop, start and rebuild take a while on JD Cloud, and on the
 * emulator's clock), or throws saying where it is after `timeoutMs`.
 */
export async function waitForContainerStatus(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  status: string,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<JdcloudContainer> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const { container } = await describeContainer(client, regionId, containerId);
    if (container.status === status) return container;
    if (container.status === 'error' || Date.now() > deadline)
      throw new Error(
        `${container.name} (${containerId}) is ${container.status}, not ${status}${container.reason ? `: ${container.reason}` : ''}.`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000));
  }
}

/**
 * Elastic IPs to offer. Native Container's API lists no elastic IPs (docs/reference/jdcloud-notes.md,
 * docs/reference/eci-api.md §8: only associate and disassociate, by ID), and JD Cloud's VPC describeElasticIps is
 * another service (its own endpoint and signature scope) whose answer nothing in this repository documents. So what is
 * offered is what the account's containers show: each elastic IP seen on one of them, remembered, and offered once it
 * is on none.
 */
export interface KnownElasticIp {
  readonly elasticIpId: string;
  readonly elasticIpAddress?: string | undefined;
  /** The name of the container it was last seen on. */
  readonly lastOn?: string | undefined;
}

/** The most elastic IPs remembered per region (the oldest seen are forgotten first). */
const REMEMBERED_ELASTIC_IPS = 50;

/** The known elastic IPs updated with those the containers show now: the ones seen now first, then the others. */
export function rememberElasticIps(
  known: readonly KnownElasticIp[],
  containers: readonly JdcloudContainer[],
): KnownElasticIp[] {
  const seen: KnownElasticIp[] = containers
    .filter((c) => c.elasticIpId !== undefined && c.elasticIpId !== '')
    .map((c) => ({
      elasticIpId: c.elasticIpId ?? '',
      elasticIpAddress: c.elasticIpAddress === '' ? undefined : c.elasticIpAddress,
      lastOn: c.name,
    }));
  const ids = new Set(seen.map((e) => e.elasticIpId));
  return [...seen, ...known.filter((e) => !ids.has(e.elasticIpId))].slice(0, REMEMBERED_ELASTIC_IPS);
}

/** The known elastic IPs that no container has now: the ones Associate Elastic IP offers. */
export function freeElasticIps(
  known: readonly KnownElasticIp[],
  containers: readonly JdcloudContainer[],
): KnownElasticIp[] {
  const used = new Set(containers.map((c) => c.elasticIpId).filter((id) => id !== undefined && id !== ''));
  return known.filter((e) => !used.has(e.elasticIpId));
}

/** What an operation did, in the user's terms: the sentence its command ends with. */
export const doneMessages = {
  rebuilt: (name: string, image: string): string =>
    `${name} was rebuilt with ${image}. It is stopped: start it to run the new image.`,
  associated: (name: string, elasticIp: string): string => `EIP ${elasticIp} is now on ${name}.`,
  disassociated: (name: string, elasticIp: string): string =>
    `EIP ${elasticIp} is no longer on ${name}; it stays in the account.`,
  secretCreated: (name: string, regionId: string): string => `Registry secret ${name} was created in ${regionId}.`,
  secretDeleted: (name: string, regionId: string): string => `Registry secret ${name} was deleted from ${regionId}.`,
} as const;
