import { randomUUID } from 'node:crypto';
import * as vscode from '../vscode-api';
import { EciClient } from '../../eci/client';
import { describeRegions } from '../../eci/operations';
import { KNOWN_REGIONS } from '../../template/language';
import { clientSettings } from '../client-settings';
import type { ExtensionServices } from '../services';

/** What Add Profile may be given instead of asking (for automation: other extensions, tests). */
export interface NewProfile {
  readonly name?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  readonly regionId?: string;
  readonly endpoint?: string;
}

/**
 * ECI: Add Profile — name, AccessKey ID and secret (into SecretStorage, never settings), an optional STS token,
 * the home region and an optional endpoint override. The key is tried with DescribeRegions before it is saved;
 * a key that fails can still be saved if the user says so (offline, a proxy not reachable yet). Returns the ID.
 */
export async function addProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const preset: NewProfile = given !== null && typeof given === 'object' ? (given as NewProfile) : {};
  const ask = (value: string | undefined, options: vscode.InputBoxOptions): Thenable<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  const name = await ask(preset.name, {
    title: 'Add ECI profile (1/5): name',
    prompt: 'How the explorer shows this account',
    value: 'Alibaba Cloud',
    validateInput: (v) => (v.trim() === '' ? 'A name is needed' : undefined),
  });
  if (name === undefined) return undefined;
  const accessKeyId = await ask(preset.accessKeyId, {
    title: 'Add ECI profile (2/5): AccessKey ID',
    placeHolder: 'LTAI…',
    validateInput: (v) =>
      /^[\w.-]{8,}$/.test(v.trim()) ? undefined : 'An AccessKey ID is at least 8 letters and digits',
  });
  if (accessKeyId === undefined) return undefined;
  const accessKeySecret = await ask(preset.accessKeySecret, {
    title: 'Add ECI profile (3/5): AccessKey secret',
    password: true,
    prompt: 'Kept in the OS keychain through VS Code; never written to settings or logs',
    validateInput: (v) => (v.trim() === '' ? 'The secret is needed' : undefined),
  });
  if (accessKeySecret === undefined) return undefined;
  const securityToken =
    preset.accessKeyId !== undefined
      ? preset.securityToken
      : await ask(undefined, {
          title: 'Add ECI profile (4/5): STS token (optional)',
          password: true,
          prompt: 'Only for temporary credentials (an AccessKey ID starting with STS.); leave empty otherwise',
        });
  if (securityToken === undefined && preset.accessKeyId === undefined) return undefined;
  const regionId =
    preset.regionId ??
    (await vscode.window.showQuickPick([...KNOWN_REGIONS], {
      title: 'Add ECI profile (5/5): home region',
      ignoreFocusOut: true,
    }));
  if (regionId === undefined) return undefined;
  const endpoint = preset.endpoint !== undefined && preset.endpoint !== '' ? preset.endpoint : undefined;

  const credentials = {
    accessKeyId: accessKeyId.trim(),
    accessKeySecret: accessKeySecret.trim(),
    securityToken: securityToken === '' ? undefined : securityToken?.trim(),
  };
  const probe = new EciClient({
    ...clientSettings(),
    credentials: { ...credentials, source: `the new profile "${name}"` },
    regionId,
    endpoint,
    userAgent: 'vscode-eci',
    maxAttempts: 2,
  });
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the AccessKey of "${name}"` },
      () => describeRegions(probe),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (given !== undefined) throw error;
    const answer = await vscode.window.showWarningMessage(
      `The AccessKey of "${name}" did not work: ${message}`,
      { modal: true },
      'Save Anyway',
    );
    if (answer !== 'Save Anyway') return undefined;
  } finally {
    await probe.close();
  }
  const id = `ak-${randomUUID()}`;
  await services.credentials.save(id, credentials);
  await services.profiles.save({ id, name: name.trim(), kind: 'accessKey', regionId, endpoint });
  await services.profiles.setActive(id);
  services.log.info(
    `Added the ECI profile "${name.trim()}" (${regionId}${endpoint === undefined ? '' : `, endpoint ${endpoint}`})`,
  );
  return id;
}
