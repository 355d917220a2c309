import * as vscode from '../vscode-api';
import { describeContainerGroupPages } from '../../eci/operations';
import type { ContainerGroup } from '../../eci/records';
import { describeContainers, type JdcloudContainer } from '../../jdcloud/operations';
import { PROVIDERS } from '../../providers/providers';
import type { Profile } from '../profiles/profile-store';
import type { ExtensionServices } from '../services';

/** What a palette pick of a workload gives the command: the argument it would get from automation. */
export type PickedWorkload =
  | { readonly containerGroupId: string; readonly regionId: string }
  | { readonly provider: 'jdcloud'; readonly containerId: string; readonly regionId: string };

interface WorkloadItem extends vscode.QuickPickItem {
  readonly workload?: PickedWorkload;
}

/** The home region first, then the other regions the explorer has opened for this profile. */
function regionsOf(profile: Profile, loaded: readonly string[]): string[] {
  return [...new Set([profile.regionId, ...loaded])];
}

/**
 * From the palette, for Stream Logs and Open Terminal: a container group or JD Cloud container of either provider's
 * active profile, across the regions the explorer has opened (the home region always), grouped by provider and
 * region. `runningOnly` for a terminal. Undefined when the pick is cancelled or nothing can be offered (said so).
 */
export async function pickWorkload(
  services: ExtensionServices,
  purpose: string,
  runningOnly: boolean,
): Promise<PickedWorkload | undefined> {
  const eci = services.profiles.active('eci');
  const jd = services.profiles.active('jdcloud');
  if (eci === undefined && jd === undefined)
    throw new Error('No profile yet: add one (ECI: Add Profile) or use the local emulator (ECI: Use Local Emulator).');
  const sections: Promise<WorkloadItem[]>[] = [];
  if (eci !== undefined)
    for (const regionId of regionsOf(eci, services.explorer.model.loadedRegions(eci.id)))
      sections.push(eciSection(services, eci, regionId, runningOnly));
  if (jd !== undefined)
    for (const regionId of regionsOf(jd, services.explorer.jdcloudModel.loadedRegions(jd.id)))
      sections.push(jdcloudSection(services, jd, regionId, runningOnly));
  const items = (await Promise.all(sections)).flat();
  if (!items.some((item) => item.workload !== undefined)) {
    void vscode.window.showInformationMessage(
      `No ${runningOnly ? 'running ' : ''}container groups or containers in the regions the explorer shows.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: purpose,
    placeHolder: 'A container group (ECI) or container (JD Cloud), by name, status or ID',
    matchOnDescription: true,
  });
  return picked?.workload;
}

function separator(label: string): WorkloadItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

/** A region's groups, or one line that says why there are none to show (a failed region does not hide the others). */
async function eciSection(
  services: ExtensionServices,
  profile: Profile,
  regionId: string,
  runningOnly: boolean,
): Promise<WorkloadItem[]> {
  const heading = separator(`${PROVIDERS.eci.short} · ${regionId} (${profile.name})`);
  try {
    const client = await services.clients.for(profile);
    const groups: ContainerGroup[] = [];
    for await (const page of describeContainerGroupPages(client, {}, { regionId })) {
      groups.push(...page.ContainerGroups.filter((g) => !runningOnly || g.Status === 'Running'));
      if (groups.length >= 200) break;
    }
    if (groups.length === 0) return [];
    return [
      heading,
      ...groups.map((group) => ({
        label: group.ContainerGroupName ?? group.ContainerGroupId,
        description: `${group.Status} · ${group.ContainerGroupId}`,
        workload: { containerGroupId: group.ContainerGroupId, regionId },
      })),
    ];
  } catch (error) {
    return [heading, { label: `$(error) ${error instanceof Error ? error.message : String(error)}` }];
  }
}

async function jdcloudSection(
  services: ExtensionServices,
  profile: Profile,
  regionId: string,
  runningOnly: boolean,
): Promise<WorkloadItem[]> {
  const heading = separator(`${PROVIDERS['jdcloud'].short} · ${regionId} (${profile.name})`);
  try {
    const client = await services.clients.jdcloudFor(profile);
    const { containers } = await describeContainers(client, regionId, {
      pageSize: 100,
      filters: runningOnly ? [{ name: 'status', values: ['running'] }] : undefined,
    });
    if (containers.length === 0) return [];
    return [
      heading,
      ...containers.map((container: JdcloudContainer) => ({
        label: container.name,
        description: `${container.status} · ${container.containerId}`,
        workload: { provider: 'jdcloud' as const, containerId: container.containerId, regionId },
      })),
    ];
  } catch (error) {
    return [heading, { label: `$(error) ${error instanceof Error ? error.message : String(error)}` }];
  }
}
