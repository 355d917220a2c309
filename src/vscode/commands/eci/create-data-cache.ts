import * as vscode from '../../vscode-api';
import {
  cachePathProblem,
  DATA_SOURCE_EXAMPLES,
  DATA_SOURCE_TYPES,
  parseSourceOptions,
  sizeProblem,
} from '../../../eci/data-cache-input';
import type { DataSourceSpec } from '../../../eci/operations';
import { createDataCache } from '../../../eci/operations';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { newDataCacheArg } from '../command-args';
import { placeOf, rememberedNetwork, SECURITY_GROUP_PROBLEM, VSWITCH_PROBLEM } from './ops-targets';

/**
 * ECI: Create Data Cache — an input flow (name, path, data source and its options, size, vSwitch, security group,
 * retention) in the region of the node it was started from (the region or its Data caches folder), or the active
 * profile's; the tree then shows the cache loading. Returns its ID.
 */
export async function createDataCacheCommand(
  services: ExtensionServices,
  node?: unknown,
  given?: unknown,
): Promise<string | undefined> {
  const preset = newDataCacheArg(given);
  const place = await placeOf(services, node, preset.regionId);
  const remembered = rememberedNetwork(services, place);
  const step = (n: number, what: string): string =>
    vscode.l10n.t('Create data cache in {0} ({1}/8): {2}', place.regionId, n, what);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });

  const name = await ask(preset.name, {
    title: step(1, vscode.l10n.t('name')),
    validateInput: (v) =>
      /^[a-z0-9][a-z0-9._-]{0,127}$/i.test(v)
        ? undefined
        : vscode.l10n.t('Up to 128 letters, digits, ".", "_" and "-"'),
  });
  if (name === undefined) return undefined;
  const path = await ask(preset.path, {
    title: step(2, vscode.l10n.t('path in the cache bucket')),
    value: `/${name}`,
    prompt: vscode.l10n.t('Where groups find it, in the bucket {0}', preset.bucket ?? 'default'),
    validateInput: cachePathProblem,
  });
  if (path === undefined) return undefined;
  const type =
    (preset.sourceType as DataSourceSpec['Type'] | undefined) ??
    (
      await services.prompter.pick(
        DATA_SOURCE_TYPES.map((t) => ({ label: t, description: DATA_SOURCE_EXAMPLES[t], type: t })),
        { title: step(3, vscode.l10n.t('where the data comes from')) },
      )
    )?.type;
  if (type === undefined) return undefined;
  if (!DATA_SOURCE_TYPES.includes(type))
    throw new Error(vscode.l10n.t('A data source is one of {0}, not {1}.', DATA_SOURCE_TYPES.join(', '), type));
  const optionsText = await ask(preset.sourceOptions, {
    title: step(4, vscode.l10n.t('{0} source options', type)),
    prompt: vscode.l10n.t('key=value, separated by commas, e.g. {0}', DATA_SOURCE_EXAMPLES[type]),
    validateInput: (v) => {
      const parsed = parseSourceOptions(v);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (optionsText === undefined) return undefined;
  const parsed = parseSourceOptions(optionsText);
  if ('problem' in parsed) throw new Error(vscode.l10n.t('The source options: {0}.', parsed.problem));
  const size = await ask(preset.sizeGiB === undefined ? undefined : String(preset.sizeGiB), {
    title: step(5, vscode.l10n.t('size in GiB')),
    value: '20',
    validateInput: (v) => sizeProblem(v),
  });
  if (size === undefined) return undefined;
  // A size given by automation is checked as a typed one is.
  const sizeRefused = sizeProblem(size);
  if (sizeRefused !== undefined) throw new Error(vscode.l10n.t('The size of the data cache: {0}.', sizeRefused));
  const vSwitchId = await ask(preset.vSwitchId, {
    title: step(6, vscode.l10n.t('vSwitch (the job that loads the data runs in it)')),
    value: remembered.vSwitchId,
    validateInput: VSWITCH_PROBLEM,
  });
  if (vSwitchId === undefined) return undefined;
  const securityGroupId = await ask(preset.securityGroupId, {
    title: step(7, vscode.l10n.t('security group')),
    value: remembered.securityGroupId,
    validateInput: SECURITY_GROUP_PROBLEM,
  });
  if (securityGroupId === undefined) return undefined;
  const retention = await ask(preset.retentionDays === undefined ? undefined : String(preset.retentionDays), {
    title: step(8, vscode.l10n.t('days to keep it (empty: for good)')),
    validateInput: (v) =>
      v === '' || (/^\d+$/.test(v) && Number(v) >= 1) ? undefined : vscode.l10n.t('A number of days, or empty'),
  });
  if (retention === undefined) return undefined;

  const created = await createDataCache(
    place.client,
    {
      Name: name,
      Bucket: preset.bucket,
      Path: path,
      DataSource: { Type: type, Options: parsed.options },
      Size: Number(size),
      VSwitchId: vSwitchId,
      SecurityGroupId: securityGroupId,
      RetentionDays: retention === '' ? undefined : Number(retention),
    },
    { regionId: place.regionId },
  );
  // The source options may name a private server or bucket: the log says the type only.
  services.log.info(
    `Creating data cache ${name} (${created.DataCacheId}) in ${place.regionId} from a ${type} source (request ${created.RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(place.profile.id);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Creating the data cache {0} ({1}); the explorer shows it loading.', name, created.DataCacheId),
  );
  return created.DataCacheId;
}
