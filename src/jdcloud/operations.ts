import { bool, list, num, object, opt, optObject, str } from '../core/decode';
import type { JdcloudClient } from './client';
import type { Locale } from '../core/messages/messages';
import { message, MessageError, say } from '../core/messages/messages';

/**
 * Typed Native Container operations, every one of the API's table (docs/reference/jdcloud-notes.md): containers,
 * elastic IPs, logs, execs, registry secrets and quotas. Paths, parameters, bodies and answers are those of JD Cloud's
 * official SDK, jdcloud-sdk-js (its NATIVECONTAINER service), and where it is silent the Go SDK's models:
 * test/unit/jdcloud-sdk-differential.test.ts sends every operation through both and compares what goes out and what
 * is read back. Field names are JD Cloud's (camelCase).
 */
export interface ContainerSpec {
  readonly instanceType: string;
  readonly az: string;
  /** Letters (Chinese too), digits, `_` and `-`, at most 32. */
  readonly name: string;
  readonly image: string;
  /** The registry secret an image of a private registry is pulled with. */
  readonly secret?: string | undefined;
  readonly hostname?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  readonly envs?: readonly { readonly name: string; readonly value?: string | undefined }[] | undefined;
  readonly workingDir?: string | undefined;
  readonly tty?: boolean | undefined;
  readonly rootVolume?: VolumeSpec | undefined;
  /** At most 7. */
  readonly dataVolumes?: readonly VolumeSpec[] | undefined;
  /** A new elastic IP for the primary interface, 1–200 Mbps. */
  readonly elasticIp?: { readonly bandwidthMbps: number; readonly provider?: string | undefined } | undefined;
  readonly primaryNetworkInterface: {
    /** The primary interface's is 1 (JD Cloud's rule); true is the only autoDelete JD Cloud takes. */
    readonly deviceIndex?: number | undefined;
    readonly autoDelete?: boolean | undefined;
    readonly networkInterface: {
      readonly subnetId: string;
      /** 1 to 5. */
      readonly securityGroups?: readonly string[] | undefined;
      readonly primaryIpAddress?: string | undefined;
    };
  };
  readonly logConfiguration?: { readonly logDriver?: string | undefined } | undefined;
  readonly description?: string | undefined;
}

export interface VolumeSpec {
  /** `cloud`: a cloud disk, the one kind JD Cloud's containers take. */
  readonly category: string;
  /** A data volume's absolute path without `:`; the root volume's is `/`. */
  readonly mountPath?: string | undefined;
  readonly autoDelete?: boolean | undefined;
  readonly readOnly?: boolean | undefined;
  readonly fsType?: string | undefined;
  /** An existing cloud disk instead of a new one (then fsType is needed). */
  readonly cloudDiskId?: string | undefined;
  /**
   * A new disk: the seed's ssd and premium-hdd, or today's hdd.std1, ssd.gp1 and ssd.io1 (iops for ssd.io1 only);
   * sizes in steps of 10 GB (src/jdcloud/disk-sizes.ts).
   */
  readonly cloudDiskSpec?:
    { readonly diskType: string; readonly diskSizeGB: number; readonly iops?: number | undefined } | undefined;
}

export interface JdcloudContainer {
  readonly containerId: string;
  readonly name: string;
  readonly status: string;
  readonly image: string;
  readonly instanceType: string;
  readonly az: string;
  readonly hostname?: string | undefined;
  /** The primary network interface's VPC and subnet. */
  readonly vpcId?: string | undefined;
  readonly subnetId?: string | undefined;
  readonly privateIpAddress?: string | undefined;
  readonly elasticIpId?: string | undefined;
  readonly elasticIpAddress?: string | undefined;
  readonly primaryNetworkInterface?: JdcloudNetworkInterfaceAttachment | undefined;
  readonly description?: string | undefined;
  readonly launchTime?: string | undefined;
  readonly reason?: string | undefined;
}

/** The primary network interface as JD Cloud shows it (the Go SDK's InstanceNetworkInterfaceAttachment). */
export interface JdcloudNetworkInterfaceAttachment {
  readonly autoDelete?: boolean | undefined;
  readonly deviceIndex?: number | undefined;
  readonly attachStatus?: string | undefined;
  readonly networkInterface?:
    | {
        readonly networkInterfaceId?: string | undefined;
        readonly macAddress?: string | undefined;
        readonly vpcId?: string | undefined;
        readonly subnetId?: string | undefined;
        readonly securityGroups?:
          readonly { readonly groupId: string; readonly groupName?: string | undefined }[] | undefined;
        readonly primaryIp?:
          | {
              readonly privateIpAddress?: string | undefined;
              readonly elasticIpId?: string | undefined;
              readonly elasticIpAddress?: string | undefined;
            }
          | undefined;
      }
    | undefined;
}

/** Answers decoded at the client: a result of another shape is an InvalidResponse naming the field. */
const networkInterfaceAttachment = object({
  autoDelete: opt(bool),
  deviceIndex: opt(num),
  attachStatus: opt(str),
  networkInterface: optObject({
    networkInterfaceId: opt(str),
    macAddress: opt(str),
    vpcId: opt(str),
    subnetId: opt(str),
    securityGroups: opt(list(object({ groupId: str, groupName: opt(str) }))),
    primaryIp: optObject({ privateIpAddress: opt(str), elasticIpId: opt(str), elasticIpAddress: opt(str) }),
  }),
});
const jdcloudContainer = object({
  containerId: str,
  name: str,
  status: str,
  image: str,
  instanceType: str,
  az: str,
  hostname: opt(str),
  vpcId: opt(str),
  subnetId: opt(str),
  privateIpAddress: opt(str),
  elasticIpId: opt(str),
  elasticIpAddress: opt(str),
  primaryNetworkInterface: opt(networkInterfaceAttachment),
  description: opt(str),
  launchTime: opt(str),
  reason: opt(str),
});
const containerList = object({ containers: list(jdcloudContainer), totalCount: opt(num) });
const jdcloudSecret = object({
  name: str,
  secretType: str,
  createdAt: opt(str),
  data: opt(object({ server: opt(str), username: opt(str), email: opt(str) })),
});
type ContainerList = ReturnType<typeof containerList>;

/** describeContainers' filters, as the SDK documents them: `name` and `privateIpAddress` match in part, one value. */
export interface ContainerFilter {
  readonly name: 'containerId' | 'privateIpAddress' | 'az' | 'vpcId' | 'status' | 'name' | 'subnetId';
  readonly values: readonly string[];
}

/** describeSecrets' one filter: `name`, matched in part. */
export interface SecretFilter {
  readonly name: 'name';
  readonly values: readonly string[];
}

/**
 * `filters.1.name=status&filters.1.values.1=running`, as the SDK writes filters into a query (a filter without
 * values is left out, and the next one takes its number).
 */
function filterQuery(filters: readonly (ContainerFilter | SecretFilter)[] = []): Record<string, string> {
  const query: Record<string, string> = {};
  filters
    .filter((filter) => filter.values.length > 0)
    .forEach((filter, i) => {
      query[`filters.${i + 1}.name`] = filter.name;
      filter.values.forEach((value, j) => (query[`filters.${i + 1}.values.${j + 1}`] = value));
    });
  return query;
}

/**
 * Bodies carry only the operation's own fields, in the SDK's order: the region and the container are in the path
 * (jdcloud-sdk-js sends `{}` to start a container, not its ID again).
 */
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
    body: { containerSpec, maxCount: options.maxCount ?? 1, clientToken: options.clientToken },
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
    body: {},
  });
}

export function stopContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({
    operation: 'stopContainer',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:stopContainer`,
    body: {},
  });
}

export function deleteContainer(client: JdcloudClient, regionId: string, containerId: string): Promise<unknown> {
  return client.call({ operation: 'deleteContainer', method: 'DELETE', regionId, path: `/containers/${containerId}` });
}

/** A new name, a new description, or both (JD Cloud takes one at least). */
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
    body: { name: change.name, description: change.description },
  });
}

/** What rebuildContainer may change beside the image (each left as it was when not given). */
export interface RebuildOptions {
  readonly secret?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  readonly tty?: boolean | undefined;
  readonly workingDir?: string | undefined;
  readonly envs?: readonly { readonly name: string; readonly value?: string | undefined }[] | undefined;
}

/** A stopped container started afresh from a new image (its ID stays): `POST …/containers/{id}:rebuild`. */
export function rebuildContainer(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  image: string,
  options: RebuildOptions = {},
): Promise<unknown> {
  return client.call({
    operation: 'rebuildContainer',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:rebuild`,
    body: {
      image,
      secret: options.secret,
      command: options.command,
      args: options.args,
      tty: options.tty,
      workingDir: options.workingDir,
      envs: options.envs,
    },
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
    body: { elasticIpId },
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
    body: { elasticIpId },
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
    query: { tailLines: options.tailLines, sinceSeconds: options.sinceSeconds, limitBytes: options.limitBytes },
    decode: object({ logs: (value, path) => (value === undefined || value === null ? '' : str(value, path)) }),
  });
}

/** An exec of a running container's: its ID, for execStart's WebSocket, resizeTTY and execGetExitCode. */
export function execCreate(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  options: { command: readonly string[]; tty?: boolean | undefined },
): Promise<{ execId: string }> {
  return client.call({
    operation: 'execCreate',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:execCreate`,
    body: { command: options.command, tty: options.tty },
    decode: object({ execId: str }),
  });
}

/** The exec's exit code: null while it runs (`running` is the emulator's own, absent on JD Cloud). */
export function execGetExitCode(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  execId: string,
): Promise<{ exitCode: number | null; running: boolean | undefined }> {
  return client.call({
    operation: 'execGetExitCode',
    method: 'GET',
    regionId,
    path: `/containers/${containerId}:execGetExitCode`,
    query: { execId },
    decode: object({
      exitCode: (value, path) => (value === undefined || value === null ? null : num(value, path)),
      running: opt(bool),
    }),
  });
}

/** The exec's terminal resized (JD Cloud's socket carries no resize frame). */
export function resizeTTY(
  client: JdcloudClient,
  regionId: string,
  containerId: string,
  size: { height: number; width: number; execId?: string | undefined },
): Promise<unknown> {
  return client.call({
    operation: 'resizeTTY',
    method: 'POST',
    regionId,
    path: `/containers/${containerId}:resizeTTY`,
    body: { height: size.height, width: size.width, execId: size.execId },
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
  /** When it was made (JD Cloud's field is `createdAt`). */
  readonly createdAt?: string | undefined;
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
    body: { name, secretType: 'docker-registry', data },
    decode: object({ secretName: str }),
  });
}

export async function describeSecrets(
  client: JdcloudClient,
  regionId: string,
  options: { pageNumber?: number; pageSize?: number; filters?: readonly SecretFilter[] } = {},
): Promise<{ secrets: JdcloudSecret[]; totalCount: number }> {
  const page = await client.call({
    operation: 'describeSecrets',
    method: 'GET',
    regionId,
    path: '/secrets',
    query: { pageNumber: options.pageNumber, pageSize: options.pageSize, ...filterQuery(options.filters) },
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

/** The resource types describeQuota takes (one per call). */
export type QuotaResourceType = 'container' | 'pod' | 'secret';

export interface JdcloudQuota {
  readonly resourceType: string;
  readonly limit: number;
  readonly used: number;
}

/** One resource type's quota in a region: `GET …/quotas?resourceType=container` answers `{quota}`. */
export function describeQuota(
  client: JdcloudClient,
  regionId: string,
  resourceType: QuotaResourceType,
): Promise<{ quota: JdcloudQuota }> {
  return client.call({
    operation: 'describeQuota',
    method: 'GET',
    regionId,
    path: '/quotas',
    query: { resourceType },
    decode: object({ quota: object({ resourceType: str, limit: num, used: num }) }),
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
      throw new MessageError(
        container.reason
          ? message('wait.jdcloud.notReachedReason', {
              name: container.name,
              id: containerId,
              status: container.status,
              wanted: status,
              reason: container.reason,
            })
          : message('wait.jdcloud.notReached', {
              name: container.name,
              id: containerId,
              status: container.status,
              wanted: status,
            }),
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

/** What an operation did, in the user's terms: the sentence its command ends with (English unless `locale` says). */
export const doneMessages = {
  rebuilt: (name: string, image: string, locale?: Locale): string =>
    say(message('done.jdcloud.rebuilt', { name, image }), locale),
  associated: (name: string, elasticIp: string, locale?: Locale): string =>
    say(message('done.jdcloud.associated', { name, elasticIp }), locale),
  disassociated: (name: string, elasticIp: string, locale?: Locale): string =>
    say(message('done.jdcloud.disassociated', { name, elasticIp }), locale),
  secretCreated: (name: string, regionId: string, locale?: Locale): string =>
    say(message('done.jdcloud.secretCreated', { name, region: regionId }), locale),
  secretDeleted: (name: string, regionId: string, locale?: Locale): string =>
    say(message('done.jdcloud.secretDeleted', { name, region: regionId }), locale),
} as const;
