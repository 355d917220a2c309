import * as vscode from '../../vscode-api';
import type { EciClient } from '../../../eci/client';
import { describeDataCaches, describeVirtualNodes } from '../../../eci/operations';
import { ECI_PROVIDER } from '../../../eci/provider';
import { DATA_CACHE_TRANSITIONAL } from '../../../eci/region-state';
import type { DataCache, VirtualNode } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { DataCacheNode } from '../../tree/eci/data-cache-node';
import { VirtualNodeNode } from '../../tree/eci/virtual-node-node';
import { dataCacheArg, eciPlaceArg, virtualNodeArg } from '../command-args';
import { eciProfile } from './active-profile';

/** Where the data-cache and virtual-node commands act: a profile, a region of it, and its client. */
export interface Place {
  readonly profile: Profile;
  readonly regionId: string;
  readonly client: EciClient;
}

/** The region of the node a create command was started from, else `regionId` or the active profile's home. */
export async function placeOf(services: ExtensionServices, arg: unknown, regionId?: string): Promise<Place> {
  const node = eciPlaceArg(arg);
  return placeIn(services, node?.profile, node?.regionId ?? regionId);
}

/** `regionId` (else the profile's home) of `profile` (else the active one). */
async function placeIn(services: ExtensionServices, profile?: Profile, regionId?: string): Promise<Place> {
  const acting = eciProfile(services, profile);
  return {
    profile: acting,
    regionId: regionId ?? acting.regionId,
    client: await services.clients.of(acting, ECI_PROVIDER),
  };
}

/** The vSwitch and security group last used in a place (Deploy and Create Image Cache remember them there). */
export function rememberedNetwork(
  services: ExtensionServices,
  place: Place,
): { vSwitchId?: string; securityGroupId?: string } {
  return services.context.workspaceState.get(`eci.deploy.network/${place.profile.id}/${place.regionId}`, {});
}

export const VSWITCH_PROBLEM = (v: string): string | undefined =>
  /^vsw-[\w-]+$/.test(v) ? undefined : vscode.l10n.t('Expected an ID like vsw-…');
export const SECURITY_GROUP_PROBLEM = (v: string): string | undefined =>
  /^sg-[\w-]+$/.test(v) ? undefined : vscode.l10n.t('Expected an ID like sg-…');

/**
 * Says, before anything is asked, that a data cache being made, loaded or updated cannot be changed or deleted yet:
 * the API refuses it (IncorrectStatus) until it is Available or has failed.
 */
export function settledDataCache(cache: DataCache, doing: 'deleted' | 'updated'): void {
  const status = cache.Status ?? '';
  if (!DATA_CACHE_TRANSITIONAL.has(status)) return;
  const label = named(cache.Name, cache.DataCacheId);
  throw new Error(
    doing === 'deleted'
      ? vscode.l10n.t('The data cache {0} is {1}; it can be deleted once it is Available or has failed.', label, status)
      : vscode.l10n.t(
          'The data cache {0} is {1}; it can be updated once it is Available or has failed.',
          label,
          status,
        ),
  );
}

/**
 * One kind of thing a command acts on (a data cache, a virtual node, an image cache), as `targetOf` finds it. Its
 * messages are whole sentences of their own (`where` is "region (profile)"), so that each translates as a whole.
 */
export interface TargetKind<T> {
  /** No such one: "No data cache dc-1 in cn-hangzhou (prod)." */
  notFound(id: string, where: string): string;
  /** None in the region: "No data caches in cn-hangzhou (prod)." */
  none(where: string): string;
  /** The pick's title: "Data caches in cn-hangzhou (prod)". */
  pickTitle(where: string): string;
  /** Those in a region: without an ID, the first page (what can be picked among); with one, that one if it is. */
  list(client: EciClient, id: string | undefined, regionId: string): Promise<readonly T[]>;
  idOf(item: T): string;
  nameOf(item: T): string | undefined;
  statusOf(item: T): string | undefined;
  /** True: none in the region to pick among is an error; otherwise it is said, and the command does nothing. */
  readonly noneIsError?: boolean;
}

/**
 * What a command was given: its node's thing as the tree holds it, an ID (read afresh) in a profile and region or
 * the active profile's home region, or nothing.
 */
export type TargetGiven<T> =
  | { readonly profile: Profile; readonly regionId: string; readonly item: T }
  | { readonly id: string; readonly regionId?: string; readonly profile?: Profile }
  | undefined;

/** A thing a command acts on: its node's, the one with its ID, or picked among those listed. */
export async function targetOf<T>(
  services: ExtensionServices,
  given: TargetGiven<T>,
  kind: TargetKind<T>,
): Promise<(Place & { readonly item: T }) | undefined> {
  if (given !== undefined && 'item' in given)
    return { ...given, client: await services.clients.of(given.profile, ECI_PROVIDER) };
  const place = await placeIn(services, given?.profile, given?.regionId);
  const where = `${place.regionId} (${place.profile.name})`;
  const items = await kind.list(place.client, given?.id, place.regionId);
  if (given !== undefined) {
    const item = items.find((i) => kind.idOf(i) === given.id);
    if (item === undefined) throw new Error(kind.notFound(given.id, where));
    return { ...place, item };
  }
  if (items.length === 0) {
    if (kind.noneIsError === true) throw new Error(kind.none(where));
    void vscode.window.showInformationMessage(kind.none(where));
    return undefined;
  }
  const picked = await services.prompter.pick(
    items.map((item) => ({
      label: kind.nameOf(item) ?? kind.idOf(item),
      description: `${kind.statusOf(item) ?? ''} · ${kind.idOf(item)}`,
      item,
    })),
    { title: kind.pickTitle(where), matchOnDescription: true },
  );
  return picked === undefined ? undefined : { ...place, item: picked.item };
}

const DATA_CACHES: TargetKind<DataCache> = {
  notFound: (id, where) => vscode.l10n.t('No data cache {0} in {1}.', id, where),
  none: (where) => vscode.l10n.t('No data caches in {0}.', where),
  pickTitle: (where) => vscode.l10n.t('Data caches in {0}', where),
  list: async (client, id, regionId) =>
    (await describeDataCaches(client, id === undefined ? { Limit: 100 } : { DataCacheId: [id] }, { regionId }))
      .DataCaches,
  idOf: (cache) => cache.DataCacheId,
  nameOf: (cache) => cache.Name,
  statusOf: (cache) => cache.Status,
};

/** A data cache a command acts on: its node, its ID (read afresh), or picked in the active profile's home region. */
export async function dataCacheTarget(
  services: ExtensionServices,
  arg: unknown,
): Promise<(Place & { readonly cache: DataCache }) | undefined> {
  const given = dataCacheArg(arg);
  const target = await targetOf(
    services,
    given instanceof DataCacheNode
      ? { profile: given.profile, regionId: given.regionId, item: given.cache }
      : given && { id: given.dataCacheId, regionId: given.regionId },
    DATA_CACHES,
  );
  if (target === undefined) return undefined;
  const { item: cache, ...place } = target;
  return { ...place, cache };
}

const VIRTUAL_NODES: TargetKind<VirtualNode> = {
  notFound: (id, where) => vscode.l10n.t('No virtual node {0} in {1}.', id, where),
  none: (where) => vscode.l10n.t('No virtual nodes in {0}.', where),
  pickTitle: (where) => vscode.l10n.t('Virtual nodes in {0}', where),
  list: async (client, id, regionId) =>
    (await describeVirtualNodes(client, id === undefined ? { Limit: 20 } : { VirtualNodeIds: [id] }, { regionId }))
      .VirtualNodes,
  idOf: (node) => node.VirtualNodeId,
  nameOf: (node) => node.VirtualNodeName,
  statusOf: (node) => node.Status,
};

/** A virtual node a command acts on: its node, its ID (read afresh), or picked in the active profile's home region. */
export async function virtualNodeTarget(
  services: ExtensionServices,
  arg: unknown,
): Promise<(Place & { readonly node: VirtualNode }) | undefined> {
  const given = virtualNodeArg(arg);
  const target = await targetOf(
    services,
    given instanceof VirtualNodeNode
      ? { profile: given.profile, regionId: given.regionId, item: given.node }
      : given && { id: given.virtualNodeId, regionId: given.regionId },
    VIRTUAL_NODES,
  );
  if (target === undefined) return undefined;
  const { item: node, ...place } = target;
  return { ...place, node };
}

/** "name (id)", the way confirmations and messages name a data cache or a virtual node. */
export function named(name: string | undefined, id: string): string {
  return name === undefined || name === '' || name === id ? id : `${name} (${id})`;
}
