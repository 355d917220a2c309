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

/** Where the data-cache and virtual-node commands act: a profile, a region of it, and its client. */
export interface Place {
  readonly profile: Profile;
  readonly regionId: string;
  readonly client: EciClient;
}

const NO_PROFILE =
  'No ECI profile yet: add one (ECI: Add Profile) or use the local emulator (ECI: Use Local Emulator).';

/** The region of the node a create command was started from, else `regionId` or the active profile's home. */
export async function placeOf(services: ExtensionServices, arg: unknown, regionId?: string): Promise<Place> {
  const node = eciPlaceArg(arg);
  const profile = node?.profile ?? services.profiles.active();
  if (profile === undefined) throw new Error(NO_PROFILE);
  return {
    profile,
    regionId: node?.regionId ?? regionId ?? profile.regionId,
    client: await services.clients.of(profile, ECI_PROVIDER),
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
  /^vsw-[\w-]+$/.test(v) ? undefined : 'Expected an ID like vsw-…';
export const SECURITY_GROUP_PROBLEM = (v: string): string | undefined =>
  /^sg-[\w-]+$/.test(v) ? undefined : 'Expected an ID like sg-…';

/** A data cache a command acts on: its node, its ID (read afresh), or picked in the active profile's home region. */
/**
 * Says, before anything is asked, that a data cache being made, loaded or updated cannot be changed or deleted yet:
 * the API refuses it (IncorrectStatus) until it is Available or has failed.
 */
export function settledDataCache(cache: DataCache, doing: string): void {
  const status = cache.Status ?? '';
  if (DATA_CACHE_TRANSITIONAL.has(status))
    throw new Error(
      `The data cache ${named(cache.Name, cache.DataCacheId)} is ${status}; it can be ${doing} once it is Available or has failed.`,
    );
}

export async function dataCacheTarget(
  services: ExtensionServices,
  arg: unknown,
): Promise<(Place & { readonly cache: DataCache }) | undefined> {
  const given = dataCacheArg(arg);
  if (given instanceof DataCacheNode)
    return {
      profile: given.profile,
      regionId: given.regionId,
      client: await services.clients.of(given.profile, ECI_PROVIDER),
      cache: given.cache,
    };
  const place = await placeOf(services, undefined, given?.regionId);
  const { DataCaches } = await describeDataCaches(
    place.client,
    given === undefined ? { Limit: 100 } : { DataCacheId: [given.dataCacheId] },
    { regionId: place.regionId },
  );
  if (given !== undefined) {
    const cache = DataCaches.find((c) => c.DataCacheId === given.dataCacheId);
    if (cache === undefined)
      throw new Error(`No data cache ${given.dataCacheId} in ${place.regionId} (${place.profile.name}).`);
    return { ...place, cache };
  }
  if (DataCaches.length === 0) {
    void vscode.window.showInformationMessage(`No data caches in ${place.regionId} (${place.profile.name}).`);
    return undefined;
  }
  const picked = await services.prompter.pick(
    DataCaches.map((cache) => ({
      label: cache.Name ?? cache.DataCacheId,
      description: `${cache.Status ?? ''} · ${cache.DataCacheId}`,
      cache,
    })),
    { title: `Data caches in ${place.regionId} (${place.profile.name})`, matchOnDescription: true },
  );
  return picked === undefined ? undefined : { ...place, cache: picked.cache };
}

/** A virtual node a command acts on: its node, its ID (read afresh), or picked in the active profile's home region. */
export async function virtualNodeTarget(
  services: ExtensionServices,
  arg: unknown,
): Promise<(Place & { readonly node: VirtualNode }) | undefined> {
  const given = virtualNodeArg(arg);
  if (given instanceof VirtualNodeNode)
    return {
      profile: given.profile,
      regionId: given.regionId,
      client: await services.clients.of(given.profile, ECI_PROVIDER),
      node: given.node,
    };
  const place = await placeOf(services, undefined, given?.regionId);
  const { VirtualNodes } = await describeVirtualNodes(
    place.client,
    given === undefined ? { Limit: 20 } : { VirtualNodeIds: [given.virtualNodeId] },
    { regionId: place.regionId },
  );
  if (given !== undefined) {
    const node = VirtualNodes.find((n) => n.VirtualNodeId === given.virtualNodeId);
    if (node === undefined)
      throw new Error(`No virtual node ${given.virtualNodeId} in ${place.regionId} (${place.profile.name}).`);
    return { ...place, node };
  }
  if (VirtualNodes.length === 0) {
    void vscode.window.showInformationMessage(`No virtual nodes in ${place.regionId} (${place.profile.name}).`);
    return undefined;
  }
  const picked = await services.prompter.pick(
    VirtualNodes.map((node) => ({
      label: node.VirtualNodeName ?? node.VirtualNodeId,
      description: `${node.Status ?? ''} · ${node.VirtualNodeId}`,
      node,
    })),
    { title: `Virtual nodes in ${place.regionId} (${place.profile.name})`, matchOnDescription: true },
  );
  return picked === undefined ? undefined : { ...place, node: picked.node };
}

/** "name (id)", the way confirmations and messages name a data cache or a virtual node. */
export function named(name: string | undefined, id: string): string {
  return name === undefined || name === '' || name === id ? id : `${name} (${id})`;
}
