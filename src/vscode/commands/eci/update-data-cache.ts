import * as vscode from '../../vscode-api';
import { retentionProblem, sizeProblem } from '../../../eci/data-cache-input';
import type { UpdateDataCacheRequest } from '../../../eci/operations';
import { updateDataCache } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { dataCacheChangesArg } from '../command-args';
import { dataCacheTarget, named, settledDataCache } from './ops-targets';

/**
 * ECI: Update Data Cache — its name, a larger size (a cache only grows; it loads again) and how long it is kept,
 * each asked with its present value. Returns the cache's ID and what was sent, or undefined when nothing changed.
 */
export async function updateDataCacheCommand(
  services: ExtensionServices,
  node?: unknown,
  given?: unknown,
): Promise<{ dataCacheId: string; changes: UpdateDataCacheRequest } | undefined> {
  const preset = dataCacheChangesArg(given);
  const target = await dataCacheTarget(services, node);
  if (target === undefined) return undefined;
  const { cache } = target;
  settledDataCache(cache, 'updated');
  const label = named(cache.Name, cache.DataCacheId);
  const step = (n: number, what: string): string => vscode.l10n.t('Update data cache {0} ({1}/3): {2}', label, n, what);
  const currentSize = cache.Size ?? 20;
  const name =
    preset.name ??
    (await services.prompter.input({
      title: step(1, vscode.l10n.t('name')),
      value: cache.Name,
      ignoreFocusOut: true,
      validateInput: (v) =>
        /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(v)
          ? undefined
          : vscode.l10n.t('Up to 128 letters, digits, ".", "_" and "-"'),
    }));
  if (name === undefined) return undefined;
  const size =
    preset.sizeGiB === undefined
      ? await services.prompter.input({
          title: step(
            2,
            vscode.l10n.t('size in GiB (now {0}; a cache only grows, and a larger one loads again)', currentSize),
          ),
          value: String(currentSize),
          ignoreFocusOut: true,
          validateInput: (v) => sizeProblem(v, currentSize),
        })
      : String(preset.sizeGiB);
  if (size === undefined) return undefined;
  const sizeRefused = sizeProblem(size, currentSize);
  if (sizeRefused !== undefined) throw new Error(vscode.l10n.t('The size of {0}: {1}.', label, sizeRefused));
  const retention =
    preset.retentionDays === undefined
      ? await services.prompter.input({
          title: step(3, vscode.l10n.t('days to keep it, from its creation (empty: as it is)')),
          ignoreFocusOut: true,
          validateInput: (v) => retentionProblem(v, cache.CreationTime),
        })
      : String(preset.retentionDays);
  if (retention === undefined) return undefined;

  const changes: UpdateDataCacheRequest = {
    DataCacheId: cache.DataCacheId,
    ...(name !== (cache.Name ?? '') ? { Name: name } : {}),
    ...(Number(size) !== currentSize ? { Size: Number(size) } : {}),
    ...(retention !== '' ? { RetentionDays: Number(retention) } : {}),
  };
  if (Object.keys(changes).length === 1) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to change in the data cache {0}.', label));
    return undefined;
  }
  const { RequestId } = await updateDataCache(target.client, changes, { regionId: target.regionId });
  services.log.info(
    `Updated data cache ${label} in ${target.regionId}: ${Object.keys(changes).slice(1).join(', ')} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(
    changes.Size === undefined
      ? vscode.l10n.t('Updated the data cache {0}.', label)
      : vscode.l10n.t(
          'Updating the data cache {0} to {1} GiB; the explorer shows it loading again.',
          label,
          changes.Size,
        ),
  );
  return { dataCacheId: cache.DataCacheId, changes };
}
