import * as vscode from '../../vscode-api';
import type { JdcloudClient } from '../../../jdcloud/client';
import type { KnownElasticIp, JdcloudContainer } from '../../../jdcloud/operations';
import { describeContainer, describeContainers, rememberElasticIps } from '../../../jdcloud/operations';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { JdcloudContainerNode } from '../../tree/jdcloud/container-node';
import { RegionNode } from '../../tree/region-node';
import { jdcloudContainerArg } from '../command-args';
import { JDCLOUD_PROVIDER } from '../../../jdcloud/provider';
import { orList } from '../provider-words';

/** A Native Container a command acts on, with the profile, region and client it is reached through. */
export interface JdcloudContainerTarget {
  readonly profile: Profile;
  readonly regionId: string;
  readonly container: JdcloudContainer;
  readonly client: JdcloudClient;
}

/**
 * The profile and region a Native Container command works in: a node's, else the active JD Cloud profile's (in the
 * region given, or its home region). Callers decode their argument first (command-args.ts).
 */
export async function jdcloudRegion(
  services: ExtensionServices,
  place: { readonly profile: Profile; readonly regionId: string } | { readonly regionId?: string } | undefined,
): Promise<{ profile: Profile; regionId: string; client: JdcloudClient }> {
  if (place !== undefined && 'profile' in place)
    return {
      profile: place.profile,
      regionId: place.regionId,
      client: await services.clients.of(place.profile, JDCLOUD_PROVIDER),
    };
  const profile = services.profiles.active('jdcloud');
  if (profile === undefined)
    throw new Error(
      vscode.l10n.t(
        'No JD Cloud profile yet: add one (JD Cloud: Add Profile) or use the local emulator (ECI: Use Local Emulator).',
      ),
    );
  return {
    profile,
    regionId: place?.regionId ?? profile.regionId,
    client: await services.clients.of(profile, JDCLOUD_PROVIDER),
  };
}

/**
 * The container a command acts on: the clicked node, a `{ containerId, regionId? }` from automation (read afresh,
 * decoded by jdcloudContainerArg()), or, from the palette, one picked from the active JD Cloud profile's home region
 * (or the region given; optionally only in some states).
 */
export async function jdcloudContainerTarget(
  services: ExtensionServices,
  arg: unknown,
  states?: readonly string[],
): Promise<JdcloudContainerTarget | undefined> {
  const given = jdcloudContainerArg(arg);
  if (given instanceof JdcloudContainerNode)
    return {
      profile: given.profile,
      regionId: given.regionId,
      container: given.container,
      client: await services.clients.of(given.profile, JDCLOUD_PROVIDER),
    };
  const { profile, regionId, client } = await jdcloudRegion(services, given);
  const id = given instanceof RegionNode ? undefined : given?.containerId;
  if (id !== undefined)
    return { profile, regionId, client, container: (await describeContainer(client, regionId, id)).container };
  const { containers } = await describeContainers(client, regionId, {
    pageSize: 100,
    filters: states === undefined ? undefined : [{ name: 'status', values: states }],
  });
  if (containers.length === 0) {
    void vscode.window.showInformationMessage(
      states === undefined
        ? vscode.l10n.t('No containers in {0} ({1}).', regionId, profile.name)
        : vscode.l10n.t('No {0} containers in {1} ({2}).', orList(states), regionId, profile.name),
    );
    return undefined;
  }
  const picked = await services.prompter.pick(
    containers.map((container) => ({
      label: container.name,
      description: `${container.status} · ${container.containerId}`,
      detail: container.image,
      container,
    })),
    { title: vscode.l10n.t('Containers in {0} ({1})', regionId, profile.name), matchOnDescription: true },
  );
  return picked === undefined ? undefined : { profile, regionId, client, container: picked.container };
}

export function containerLabel(target: JdcloudContainerTarget): string {
  return `${target.container.name} (${target.container.containerId})`;
}

/** Every container of a region, page by page (the API gives at most 100 a page). */
export async function allJdcloudContainers(client: JdcloudClient, regionId: string): Promise<JdcloudContainer[]> {
  const containers: JdcloudContainer[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await describeContainers(client, regionId, { pageNumber, pageSize: 100 });
    containers.push(...page.containers);
    if (page.containers.length === 0 || containers.length >= page.totalCount) return containers;
  }
}

/** Where the elastic IPs seen on containers are kept (global state), by profile and region. */
const KNOWN_ELASTIC_IPS = 'eci.jdcloud.knownElasticIps';

/**
 * The elastic IPs seen on a region's containers, those it has now included (see KnownElasticIp: the API lists no
 * elastic IPs), kept across sessions so that one released from a container can be offered for another.
 */
export async function rememberContainersElasticIps(
  services: ExtensionServices,
  profile: Profile,
  regionId: string,
  containers: readonly JdcloudContainer[],
): Promise<KnownElasticIp[]> {
  const all = services.context.globalState.get<Record<string, KnownElasticIp[]>>(KNOWN_ELASTIC_IPS, {});
  const key = `${profile.id}/${regionId}`;
  const known = rememberElasticIps(all[key] ?? [], containers);
  await services.context.globalState.update(KNOWN_ELASTIC_IPS, { ...all, [key]: known });
  return known;
}
