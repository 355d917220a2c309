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
  const step = (n: number, what: string): string => `Update data cache ${label} (${n}/3): ${what}`;
  const currentSize = cache.Size ?? 20;
  const name =
    preset.name ??
    (await services.prompter.input({
      title: step(1, 'name'),
      value: cache.Name,
      ignoreFocusOut: true,
      validateInput: (v) =>
        /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(v) ? undefined : 'Up to 128 letters, digits, ".", "_" and "-"',
    }));
  if (name === undefined) return undefined;
  const size =
    preset.sizeGiB === undefined
      ? await services.prompter.input({
          title: step(2, `size in GiB (now ${currentSize}; a cache only grows, and a larger one loads again)`),
          value: String(currentSize),
          ignoreFocusOut: true,
          validateInput: (v) => sizeProblem(v, currentSize),
        })
      : String(preset.sizeGiB);
  if (size === undefined) return undefined;
  const sizeRefused = sizeProblem(size, currentSize);
  if (sizeRefused !== undefined) throw new Error(`The size of ${label}: ${sizeRefused}.`);
  const retention =
    preset.retentionDays === undefined
      ? await services.prompter.input({
          title: step(3, 'days to keep it, from its creation (empty: as it is)'),
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
    void vscode.window.showInformationMessage(`Nothing to change in the data cache ${label}.`);
    return undefined;
  }
  const { RequestId } = await updateDataCache(target.client, changes, { regionId: target.regionId });
  services.log.info(
    `Updated data cache ${label} in ${target.regionId}: ${Object.keys(changes).slice(1).join(', ')} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(
    changes.Size === undefined
      ? `Updated the data cache ${label}.`
      : `Updating the data cache ${label} to ${changes.Size} GiB; the explorer shows it loading again.`,
  );
  return { dataCacheId: cache.DataCacheId, changes };
}
