import * as vscode from '../vscode-api';
import { messageText } from '../error-text';
import type { AnyProvider } from '../../providers/provider';
import { PROVIDER_REGISTRY } from '../../providers/registry';
import type { Profile } from '../profiles/profile-store';
import type { ExtensionServices } from '../services';
import type { WorkloadRef, WorkloadRefNode } from './workload-target';
import { regionHeading } from './workload-target';
import { noProfileOfAnyYet, orList, workloadNoun, workloadsNoun } from './provider-words';

interface WorkloadItem extends vscode.QuickPickItem {
  readonly workload?: WorkloadRefNode;
}

/** The home region first, then the other regions the explorer has opened for this profile. */
function regionsOf(profile: Profile, loaded: readonly string[]): string[] {
  return [...new Set([profile.regionId, ...loaded])];
}

/**
 * From the palette, for Stream Logs and Open Terminal: a workload of any provider's active profile, across the
 * regions the explorer has opened (the home region always), grouped by provider and region. `runningOnly` for a
 * terminal. Undefined when the pick is cancelled or nothing can be offered (said so).
 */
export async function pickWorkload(
  services: ExtensionServices,
  purpose: string,
  runningOnly: boolean,
): Promise<WorkloadRefNode | undefined> {
  const sections: Promise<WorkloadItem[]>[] = [];
  for (const provider of Object.values(PROVIDER_REGISTRY)) {
    const profile = services.profiles.active(provider.info.id);
    if (profile === undefined) continue;
    for (const regionId of regionsOf(profile, services.explorer.model.loadedRegions(profile.id)))
      sections.push(section(services, provider, profile, regionId, runningOnly));
  }
  if (sections.length === 0) throw new Error(noProfileOfAnyYet(Object.values(PROVIDER_REGISTRY).map((p) => p.info.id)));
  const items = (await Promise.all(sections)).flat();
  if (!items.some((item) => item.workload !== undefined)) {
    const kinds = orList(Object.values(PROVIDER_REGISTRY).map((p) => workloadsNoun(p.info.id)));
    void vscode.window.showInformationMessage(
      runningOnly
        ? vscode.l10n.t('No running {0} in the regions the explorer shows.', kinds)
        : vscode.l10n.t('No {0} in the regions the explorer shows.', kinds),
    );
    return undefined;
  }
  const picked = await services.prompter.pick(items, {
    title: purpose,
    placeHolder: vscode.l10n.t(
      '{0}, by name, status or ID',
      orList(
        Object.values(PROVIDER_REGISTRY).map((p) =>
          vscode.l10n.t('A {0} ({1})', workloadNoun(p.info.id), p.info.short),
        ),
      ),
    ),
    matchOnDescription: true,
  });
  return picked?.workload;
}

/** A region's workloads, or one line that says why there are none to show (a failed region does not hide the others). */
async function section(
  services: ExtensionServices,
  provider: AnyProvider,
  profile: Profile,
  regionId: string,
  runningOnly: boolean,
): Promise<WorkloadItem[]> {
  const heading: WorkloadItem = {
    label: regionHeading(provider, regionId, profile),
    kind: vscode.QuickPickItemKind.Separator,
  };
  try {
    const items = await provider.list(await services.clients.client(profile), regionId, { runningOnly, limit: 200 });
    if (items.length === 0) return [];
    return [
      heading,
      ...items.map((item) => {
        const workload = provider.workload(item);
        const ref: WorkloadRef = { profile, provider, regionId, item };
        return {
          label: workload.name,
          description: `${workload.status} · ${workload.id}`,
          workload: { workloadRef: () => ref },
        };
      }),
    ];
  } catch (error) {
    return [heading, { label: `$(error) ${messageText(error)}` }];
  }
}
