import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from '../../vscode-api';
import type { AliyunCliProfileEntry } from '../../../eci/credentials';
import { describeCredentialSpec, listAliyunCliProfiles } from '../../../eci/credentials';
import { displayLocale, saidInDisplayLanguage } from '../../display-locale';
import type { ExtensionServices } from '../../services';
import { importAliyunOptionsArg } from '../command-args';

/**
 * ECI: Import aliyun CLI Profiles — the profiles of `~/.aliyun/config.json`, picked in a list, in every mode the
 * aliyun CLI has but OAuth. A profile that holds a key (AK, StsToken, RamRoleArn, and ChainableRamRoleArn over
 * those) has it copied into SecretStorage like an added profile's, its role (not secret) kept with the profile: its
 * calls are signed with the role's keys, assumed again before they expire. A profile of another mode (EcsRamRole,
 * OIDC, CredentialsURI, External, CloudSSO, or a role over one) has no key to copy: it is linked, read from the file
 * each time clients are made, as the aliyun CLI, the instance or the identity provider renew what it holds (an
 * `aliyun sso login` applies at the next refresh). Importing a profile again replaces it.
 * Returns the imported profiles' names. (`{ path, all: true, endpoint }` imports from another file without asking,
 * with an endpoint override; `names` only those profiles, as Re-import does when a token expired.)
 */
export async function importAliyunProfiles(services: ExtensionServices, given?: unknown): Promise<string[]> {
  const options = importAliyunOptionsArg(given);
  const path = options.path ?? join(homedir(), '.aliyun', 'config.json');
  const entries = await listAliyunCliProfiles(path);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No aliyun CLI profiles were found in {0}. Run `aliyun configure` first, or use ECI: Add Profile.',
        path,
      ),
    );
    return [];
  }
  const usable = entries.filter(
    (e) => e.spec !== undefined && (options.names === undefined || options.names.includes(e.name)),
  );
  let chosen = usable;
  if (options.all !== true) {
    const items = entries.map((entry) => ({
      label: entry.name,
      description: entry.spec === undefined ? vscode.l10n.t('cannot be imported') : (entry.regionId ?? 'cn-hangzhou'),
      detail: entry.problem === undefined ? detailOf(entry) : saidInDisplayLanguage(entry.problemSaid, entry.problem),
      picked: entry.spec !== undefined,
      entry,
    }));
    const picked = await services.prompter.pickMany(items, {
      title: vscode.l10n.t('Import aliyun CLI profiles from {0}', path),
      ignoreFocusOut: true,
    });
    if (picked === undefined) return [];
    chosen = picked.map((item) => item.entry).filter((e) => e.spec !== undefined);
  }
  for (const entry of chosen) {
    const id = `aliyun-${entry.name}`;
    const credentials = entry.credentials;
    const common = {
      id,
      // l10n-ignore: the profile's stored name, its source named as the tool is (the same in any language)
      name: `${entry.name} (aliyun CLI)`,
      regionId: entry.regionId ?? 'cn-hangzhou',
      endpoint: options.endpoint,
    };
    if (credentials === undefined) {
      // Linked: nothing copied, and a key kept from an earlier import of the same name goes.
      await services.credentials.delete(id);
      await services.profiles.save({
        ...common,
        kind: 'aliyunCli',
        imported: {
          path,
          profile: entry.name,
          mode: entry.spec === undefined ? undefined : describeCredentialSpec(entry.spec, displayLocale()),
        },
      });
      continue;
    }
    await services.credentials.save(id, {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    });
    await services.profiles.save({
      ...common,
      kind: 'accessKey',
      role: credentials.role,
      imported: { path, profile: entry.name },
    });
  }
  services.clients.reset();
  services.log.info(
    `Imported ${chosen.length} aliyun CLI profile(s) from ${path}: ${chosen.map((e) => e.name).join(', ')}`,
  );
  return chosen.map((e) => e.name);
}

/** What the pick list says of a usable profile: its key's first letters and role, or its mode, read at each use. */
function detailOf(entry: AliyunCliProfileEntry): string {
  const credentials = entry.credentials;
  if (credentials === undefined)
    return vscode.l10n.t(
      '{0}; read from the file at each use',
      entry.spec === undefined ? '' : describeCredentialSpec(entry.spec, displayLocale()),
    );
  const key = credentials.accessKeyId.slice(0, 6);
  const role = credentials.role?.roleArn;
  if (credentials.securityToken === undefined)
    return role === undefined
      ? vscode.l10n.t('AccessKey {0}…', key)
      : vscode.l10n.t('AccessKey {0}…, assuming the role {1}', key, role);
  return role === undefined
    ? vscode.l10n.t('AccessKey {0}… with an STS token', key)
    : vscode.l10n.t('AccessKey {0}… with an STS token, assuming the role {1}', key, role);
}
