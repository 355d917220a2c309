import * as vscode from '../../vscode-api';
import { createImageCache } from '../../../eci/operations';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { eciRegionArg, newImageCacheArg } from '../command-args';
import { eciProfile } from './active-profile';
import { ECI_PROVIDER } from '../../../eci/provider';

/**
 * ECI: Create Image Cache — an input flow (name, images, vSwitch, security group, size, retention) in the region of
 * the node it was started from, or the active profile's; the tree then shows the cache's progress. Returns its ID.
 */
export async function createImageCacheCommand(
  services: ExtensionServices,
  node?: unknown,
  given?: unknown,
): Promise<string | undefined> {
  const region = eciRegionArg(node);
  const preset = newImageCacheArg(given);
  const profile = eciProfile(services, region?.profile);
  const regionId = region?.regionId ?? preset.regionId ?? profile.regionId;
  const remembered = services.context.workspaceState.get<{ vSwitchId?: string; securityGroupId?: string }>(
    `eci.deploy.network/${profile.id}/${regionId}`,
    {},
  );
  const step = (n: number, what: string): string =>
    vscode.l10n.t('Create image cache in {0} ({1}/6): {2}', regionId, n, what);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });

  const name = await ask(preset.name, {
    title: step(1, vscode.l10n.t('name')),
    validateInput: (v) =>
      /^[a-z0-9][a-z0-9-]{1,127}$/.test(v)
        ? undefined
        : vscode.l10n.t('2–128 lowercase letters, digits and hyphens, not starting with a hyphen'),
  });
  if (name === undefined) return undefined;
  const imageText = await ask(preset.images?.join(', '), {
    title: step(2, vscode.l10n.t('images')),
    prompt: vscode.l10n.t('Comma-separated, e.g. nginx:1.27, registry.cn-hangzhou.aliyuncs.com/team/app:1.0'),
    validateInput: (v) => (v.split(',').some((i) => i.trim() !== '') ? undefined : vscode.l10n.t('At least one image')),
  });
  if (imageText === undefined) return undefined;
  const vSwitchId = await ask(preset.vSwitchId, {
    title: step(3, vscode.l10n.t('vSwitch')),
    value: remembered.vSwitchId,
    validateInput: (v) => (/^vsw-[\w-]+$/.test(v) ? undefined : vscode.l10n.t('Expected an ID like vsw-…')),
  });
  if (vSwitchId === undefined) return undefined;
  const securityGroupId = await ask(preset.securityGroupId, {
    title: step(4, vscode.l10n.t('security group')),
    value: remembered.securityGroupId,
    validateInput: (v) => (/^sg-[\w-]+$/.test(v) ? undefined : vscode.l10n.t('Expected an ID like sg-…')),
  });
  if (securityGroupId === undefined) return undefined;
  const size = await ask(preset.sizeGiB === undefined ? undefined : String(preset.sizeGiB), {
    title: step(5, vscode.l10n.t('size in GiB')),
    value: '20',
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 20 && Number(v) <= 2000 ? undefined : '20–2000 GiB'),
  });
  if (size === undefined) return undefined;
  const retention = await ask(preset.retentionDays === undefined ? undefined : String(preset.retentionDays), {
    title: step(6, vscode.l10n.t('days to keep it (empty: for good)')),
    validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : vscode.l10n.t('A number of days, or empty')),
  });
  if (retention === undefined) return undefined;

  const client = await services.clients.of(profile, ECI_PROVIDER);
  const images = imageText
    .split(',')
    .map((i) => i.trim())
    .filter((i) => i !== '');
  const created = await createImageCache(
    client,
    {
      ImageCacheName: name,
      Image: images,
      VSwitchId: vSwitchId,
      SecurityGroupId: securityGroupId,
      ImageCacheSize: Number(size),
      RetentionDays: retention === '' ? undefined : Number(retention),
    },
    { regionId },
  );
  services.log.info(
    `Creating image cache ${name} (${created.ImageCacheId}) in ${regionId} with ${images.length} image(s) (request ${created.RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(profile.id);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Creating the image cache {0} ({1}); the explorer shows its progress.', name, created.ImageCacheId),
  );
  return created.ImageCacheId;
}
