import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import type { RegistrySecretData } from '../../../jdcloud/operations';
import { createSecret, doneMessages } from '../../../jdcloud/operations';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { jdcloudSecretArg } from '../command-args';
import { SecretNode } from '../../tree/jdcloud/secret-node';
import { jdcloudRegion } from './container-target';

/**
 * JD Cloud: Create Registry Secret — the credentials a container pulls a private image with (`secret` in a spec).
 * The password goes to the API only: never to settings, logs or the tree (the API never returns it). Automation may
 * pass `{ name, server, username, password, email?, regionId? }`.
 */
export async function createJdcloudSecret(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  const decoded = jdcloudSecretArg(arg);
  if (decoded instanceof SecretNode)
    throw new Error(vscode.l10n.t('Create Registry Secret starts from a region, not a secret.'));
  const { profile, regionId, client } = await jdcloudRegion(services, decoded);
  const given = decoded === undefined || 'profile' in decoded ? {} : decoded;
  const ask = async (
    key: 'name' | 'server' | 'username' | 'password' | 'email',
    request: InputRequest,
  ): Promise<string | undefined> => given[key] ?? services.prompter.input({ ignoreFocusOut: true, ...request });
  const title = (step: number, what: string): string =>
    vscode.l10n.t('Create a registry secret in {0} ({1}/5): {2}', regionId, step, what);
  const name = await ask('name', {
    title: title(1, vscode.l10n.t('name')),
    validateInput: (v) =>
      /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(v.trim())
        ? undefined
        : vscode.l10n.t('Lower-case letters, digits and hyphens, up to 63'),
  });
  if (name === undefined) return undefined;
  const server = await ask('server', {
    title: title(2, vscode.l10n.t('registry server')),
    placeHolder: 'registry.example.com',
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The server is needed') : undefined),
  });
  if (server === undefined) return undefined;
  const username = await ask('username', {
    title: title(3, vscode.l10n.t('user name')),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The user name is needed') : undefined),
  });
  if (username === undefined) return undefined;
  const password = await ask('password', {
    title: title(4, vscode.l10n.t('password')),
    password: true,
    prompt: vscode.l10n.t('Sent to JD Cloud only; never stored or shown here'),
    validateInput: (v) => (v === '' ? vscode.l10n.t('The password is needed') : undefined),
  });
  if (password === undefined) return undefined;
  // Automation that names the secret and leaves the e-mail out means none.
  const email =
    given.email ??
    (given.name !== undefined ? '' : await ask('email', { title: title(5, vscode.l10n.t('e-mail (optional)')) }));
  if (email === undefined) return undefined;
  const data: RegistrySecretData = {
    server: server.trim(),
    username: username.trim(),
    password,
    email: email.trim() === '' ? undefined : email.trim(),
  };
  const { secretName } = await createSecret(client, regionId, name.trim(), data);
  services.log.info(`${doneMessages.secretCreated(secretName, regionId)} (${profile.name})`);
  services.explorer.refresh(profile.id);
  void vscode.window.showInformationMessage(doneMessages.secretCreated(secretName, regionId, displayLocale()));
  return secretName;
}
