import * as vscode from '../../vscode-api';
import type { EciClient } from '../../../eci/client';
import { describeContainerGroupPages, describeContainerGroups } from '../../../eci/operations';
import type { ContainerGroup } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { GroupNode } from '../../tree/eci/group-node';

/** A container group a command acts on, with the profile and region it lives in. */
export interface GroupTarget {
  readonly profile: Profile;
  readonly regionId: string;
  readonly group: ContainerGroup;
  readonly client: EciClient;
}

/**
 * The groups a command acts on: the tree's selection (VS Code passes the clicked node and, with several selected,
 * all of them), or, from the palette, the ones picked from the active profile's region.
 */
export async function groupTargets(
  services: ExtensionServices,
  args: readonly unknown[],
  canPickMany: boolean,
): Promise<GroupTarget[]> {
  const [clicked, selected] = args;
  const nodes =
    Array.isArray(selected) && selected.every((n) => n instanceof GroupNode) && selected.length > 0
      ? (selected as GroupNode[])
      : clicked instanceof GroupNode
        ? [clicked]
        : [];
  if (nodes.length > 0)
    return Promise.all(
      nodes.map(async (n) => ({
        profile: n.profile,
        regionId: n.regionId,
        group: n.group,
        client: await services.clients.for(n.profile),
      })),
    );
  // Group IDs given by another extension or a test: `{ containerGroupId | containerGroupIds, regionId? }`.
  const byId = clicked as { containerGroupId?: unknown; containerGroupIds?: unknown; regionId?: unknown } | undefined;
  const profile = services.profiles.active();
  if (profile === undefined)
    throw new Error(
      'No ECI profile yet: add one (ECI: Add Profile) or use the local emulator (ECI: Use Local Emulator).',
    );
  const client = await services.clients.for(profile);
  const regionId = typeof byId?.regionId === 'string' ? byId.regionId : profile.regionId;
  const ids =
    typeof byId?.containerGroupId === 'string'
      ? [byId.containerGroupId]
      : Array.isArray(byId?.containerGroupIds)
        ? byId.containerGroupIds.filter((id): id is string => typeof id === 'string').slice(0, 20)
        : [];
  if (ids.length > 0) {
    const found = (await describeContainerGroups(client, { ContainerGroupIds: ids }, { regionId })).ContainerGroups;
    const missing = ids.filter((id) => !found.some((g) => g.ContainerGroupId === id));
    if (missing.length > 0) throw new Error(`No container group ${missing.join(', ')} in ${regionId}.`);
    return found.map((group) => ({ profile, regionId, group, client }));
  }
  // Every page (20 each), up to a few hundred groups: a quick pick filters as the user types.
  const groups: ContainerGroup[] = [];
  for await (const page of describeContainerGroupPages(client, {}, { regionId })) {
    groups.push(...page.ContainerGroups);
    if (groups.length >= 500) break;
  }
  if (groups.length === 0) {
    void vscode.window.showInformationMessage(`No container groups in ${regionId} (${profile.name}).`);
    return [];
  }
  const items = groups.map((group) => ({
    label: group.ContainerGroupName ?? group.ContainerGroupId,
    description: `${group.Status} · ${group.ContainerGroupId}`,
    group,
  }));
  const title = `Container groups in ${regionId} (${profile.name})`;
  if (canPickMany) {
    const picked = await services.prompter.pickMany(items, { title, matchOnDescription: true });
    return (picked ?? []).map((item) => ({ profile, regionId, group: item.group, client }));
  }
  const picked = await services.prompter.pick(items, { title, matchOnDescription: true });
  return picked === undefined ? [] : [{ profile, regionId, group: picked.group, client }];
}

export function groupLabel(target: GroupTarget): string {
  return `${target.group.ContainerGroupName ?? target.group.ContainerGroupId} (${target.group.ContainerGroupId})`;
}

/**
 * Where the groups are, for a confirmation's detail: "In cn-hangzhou with prod." A tree selection can span regions
 * and profiles, and a name alone does not say which account a group is deleted from.
 */
export function groupPlaces(targets: readonly GroupTarget[]): string {
  const places = [...new Set(targets.map((t) => `${t.regionId} with ${t.profile.name}`))];
  return `In ${places.join('; ')}.`;
}
