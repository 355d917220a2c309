import * as vscode from '../../vscode-api';
import type { EciClient } from '../../../eci/client';
import { describeContainerGroupPages, describeContainerGroups } from '../../../eci/operations';
import type { ContainerGroup } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { GroupNode } from '../../tree/eci/group-node';
import type { GroupIds } from '../command-args';
import { groupArg } from '../command-args';
import { eciProfile } from './active-profile';
import { ECI_PROVIDER } from '../../../eci/provider';

/** A container group a command acts on, with the profile and region it lives in. */
export interface GroupTarget {
  readonly profile: Profile;
  readonly regionId: string;
  readonly group: ContainerGroup;
  readonly client: EciClient;
}

/**
 * The groups a command acts on: the tree's selection (VS Code passes the clicked node and, with several selected,
 * all of them), the IDs automation gives (groupArg()), or, from the palette, the ones picked from the active
 * profile's region.
 */
export async function groupTargets(
  services: ExtensionServices,
  args: readonly unknown[],
  canPickMany: boolean,
): Promise<GroupTarget[]> {
  const [clicked, selected] = args;
  const selection =
    Array.isArray(selected) && selected.length > 0 && selected.every((n) => n instanceof GroupNode)
      ? (selected as GroupNode[])
      : undefined;
  const given = groupArg(clicked);
  return resolveGroups(services, selection ?? (given instanceof GroupNode ? [given] : given), canPickMany);
}

/** The groups of nodes, of IDs (read afresh), or picked when undefined. */
export async function resolveGroups(
  services: ExtensionServices,
  given: readonly GroupNode[] | GroupIds | undefined,
  canPickMany: boolean,
): Promise<GroupTarget[]> {
  if (given !== undefined && !('containerGroupIds' in given))
    return Promise.all(
      given.map(async (n) => ({
        profile: n.profile,
        regionId: n.regionId,
        group: n.group,
        client: await services.clients.of(n.profile, ECI_PROVIDER),
      })),
    );
  const profile = eciProfile(services);
  const client = await services.clients.of(profile, ECI_PROVIDER);
  const regionId = given?.regionId ?? profile.regionId;
  if (given !== undefined) {
    const ids = given.containerGroupIds;
    const found = (await describeContainerGroups(client, { ContainerGroupIds: [...ids] }, { regionId }))
      .ContainerGroups;
    const missing = ids.filter((id) => !found.some((g) => g.ContainerGroupId === id));
    if (missing.length > 0)
      throw new Error(vscode.l10n.t('No container group {0} in {1}.', missing.join(', '), regionId));
    return found.map((group) => ({ profile, regionId, group, client }));
  }
  // Every page (20 each), up to a few hundred groups: a quick pick filters as the user types.
  const groups: ContainerGroup[] = [];
  for await (const page of describeContainerGroupPages(client, {}, { regionId })) {
    groups.push(...page.ContainerGroups);
    if (groups.length >= 500) break;
  }
  if (groups.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No container groups in {0} ({1}).', regionId, profile.name),
    );
    return [];
  }
  const items = groups.map((group) => ({
    label: group.ContainerGroupName ?? group.ContainerGroupId,
    description: `${group.Status} · ${group.ContainerGroupId}`,
    group,
  }));
  const title = vscode.l10n.t('Container groups in {0} ({1})', regionId, profile.name);
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
  const places = [...new Set(targets.map((t) => vscode.l10n.t('{0} with {1}', t.regionId, t.profile.name)))];
  return vscode.l10n.t('In {0}.', places.join(vscode.l10n.t('; ')));
}

/** Where one thing is, as groupPlaces says it: "In cn-hangzhou with prod." */
export function placeText(regionId: string, profileName: string): string {
  return vscode.l10n.t('In {0}.', vscode.l10n.t('{0} with {1}', regionId, profileName));
}
