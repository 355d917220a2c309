import { l10n } from '../vscode-api';
import type { AnyProvider } from '../../providers/provider';
import type { ExtensionServices } from '../services';
import { workloadLabel, workloadPlaces, workloadTargets } from './workload-target';

/**
 * Delete, for every provider (ECI: Delete Container Group, JD Cloud: Delete Container): one workload or several (the
 * tree's selection, IDs from automation, a pick), after a modal confirmation that names each, and their region and
 * profile. Returns the IDs deleted.
 */
export function deleteWorkloads(provider: AnyProvider) {
  return async (services: ExtensionServices, ...args: unknown[]): Promise<string[]> => {
    const targets = await workloadTargets(services, provider, args, true);
    if (targets.length === 0) return [];
    const confirmed = await services.prompter.confirm({
      message: l10n.t('Delete {0}? This cannot be undone.', targets.map(workloadLabel).join(', ')),
      detail: workloadPlaces(targets),
      action: l10n.t('Delete'),
    });
    if (!confirmed) return [];
    const deleted: string[] = [];
    for (const target of targets) {
      const { id } = provider.workload(target.item);
      const requestId = await provider.delete(
        await services.clients.client(target.profile),
        target.regionId,
        target.item,
      );
      services.log.info(
        `Deleted ${id} in ${target.regionId}${requestId === undefined ? '' : ` (request ${requestId})`}`,
      );
      deleted.push(id);
    }
    for (const profileId of new Set(targets.map((t) => t.profile.id))) void services.explorer.refresh(profileId);
    return deleted;
  };
}
