import { randomUUID } from 'node:crypto';
import { messageText } from '../../error-text';
import * as vscode from '../../vscode-api';
import { JdcloudClient } from '../../../jdcloud/client';
import { describeQuota } from '../../../jdcloud/operations';
import { PROVIDERS } from '../../../providers/providers';
import { clientSettings } from '../../client-settings';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { newProfileArg } from '../command-args';

/**
 * JD Cloud: Add Profile — a Native Container account beside the ECI ones: name, AccessKey ID and secret (into
 * SecretStorage, never settings), the home region and an optional endpoint. The key is tried with describeQuota
 * before it is saved; one that fails can still be saved when the user says so (asked also when every answer was
 * given). Returns the profile's ID.
 */
export async function addJdcloudProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const provider = PROVIDERS['jdcloud'];
  const preset = newProfileArg(given);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });
  const title = (step: number, what: string): string =>
    vscode.l10n.t('Add JD Cloud profile ({0}/{1}): {2}', step, 4, what);
  const name = await ask(preset.name, {
    title: title(1, vscode.l10n.t('name')),
    value: vscode.l10n.t('JD Cloud'),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('A name is needed') : undefined),
  });
  if (name === undefined) return undefined;
  const accessKeyId = await ask(preset.accessKeyId, {
    // l10n-ignore: the vendor's own term, untranslated in its Chinese console too
    title: title(2, 'AccessKey ID'),
    validateInput: (v) =>
      provider.accessKeyIdPattern.test(v.trim())
        ? undefined
        : vscode.l10n.t('An AccessKey ID is at least 8 letters and digits'),
  });
  if (accessKeyId === undefined) return undefined;
  const accessKeySecret = await ask(preset.accessKeySecret, {
    title: title(3, vscode.l10n.t('AccessKey secret')),
    password: true,
    prompt: vscode.l10n.t('Kept in the OS keychain through VS Code; never written to settings or logs'),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The secret is needed') : undefined),
  });
  if (accessKeySecret === undefined) return undefined;
  const regionId =
    preset.regionId ??
    (
      await services.prompter.pick(
        provider.regions.map((label) => ({ label })),
        { title: title(4, vscode.l10n.t('home region')), ignoreFocusOut: true },
      )
    )?.label;
  if (regionId === undefined) return undefined;
  const endpoint = preset.endpoint !== undefined && preset.endpoint !== '' ? preset.endpoint : undefined;
  const credentials = { accessKeyId: accessKeyId.trim(), accessKeySecret: accessKeySecret.trim() };

  const probe = new JdcloudClient({ credentials, endpoint, maxAttempts: 2, route: clientSettings().route });
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the AccessKey of "{0}"', name) },
      () => describeQuota(probe, regionId, 'container'),
    );
  } catch (error) {
    const message = messageText(error);
    const saveAnyway = await services.prompter.confirm({
      message: vscode.l10n.t('The AccessKey of "{0}" did not work: {1}', name, message),
      action: vscode.l10n.t('Save Anyway'),
    });
    if (!saveAnyway) return undefined;
  } finally {
    await probe.close();
  }
  const id = `jd-${randomUUID()}`;
  await services.credentials.save(id, credentials);
  await services.profiles.save({
    id,
    name: name.trim(),
    kind: 'accessKey',
    provider: 'jdcloud',
    regionId,
    endpoint,
  });
  await services.profiles.setActive(id);
  services.log.info(
    `Added the JD Cloud profile "${name.trim()}" (${regionId}${endpoint === undefined ? '' : `, endpoint ${endpoint}`})`,
  );
  return id;
}
