import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from '../../vscode-api';
import { describeCredentialSpec, listAliyunCliProfiles } from '../../../eci/credentials';
import type { ExtensionServices } from '../../services';
import { importAliyunOptionsArg } from '../command-args';

/**
 * ECI: Import aliyun CLI Profiles — the profiles of `~/.aliyun/config.json` (AK, StsToken, RamRoleArn and
 * ChainableRamRoleArn modes), picked in a list; their keys go into SecretStorage like those of added profiles. A
 * role's profile keeps its role (not secret) in the profile and its source key in SecretStorage: its calls are signed
 * with the role's keys, assumed again before they expire. Importing a profile again replaces it.
 * Returns the imported profiles' names. (`{ path, all: true, endpoint }` imports from another file without asking,
 * with an endpoint override; `names` only those profiles, as Re-import does when a token expired.)
 */
export async function importAliyunProfiles(services: ExtensionServices, given?: unknown): Promise<string[]> {
  const options = importAliyunOptionsArg(given);
  const path = options.path ?? join(homedir(), '.aliyun', 'config.json');
  const entries = await listAliyunCliProfiles(path);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      `No aliyun CLI profiles were found in ${path}. Run \`aliyun configure\` first, or use ECI: Add Profile.`,
    );
    return [];
  }
  const usable = entries.filter(
    (e) => e.credentials !== undefined && (options.names === undefined || options.names.includes(e.name)),
  );
  let chosen = usable;
  if (options.all !== true) {
    const items = entries.map((entry) => ({
      label: entry.name,
      description: entry.credentials === undefined ? 'cannot be imported' : (entry.regionId ?? 'cn-hangzhou'),
      detail:
        entry.problem ??
        (entry.credentials === undefined && entry.spec !== undefined
          ? `${describeCredentialSpec(entry.spec)}: not importable yet (no key to keep in secret storage)`
          : undefined) ??
        `AccessKey ${entry.credentials?.accessKeyId.slice(0, 6) ?? ''}…${entry.credentials?.securityToken === undefined ? '' : ' with an STS token'}${entry.credentials?.role === undefined ? '' : `, assuming the role ${entry.credentials.role.roleArn}`}`,
      picked: entry.credentials !== undefined,
      entry,
    }));
    const picked = await services.prompter.pickMany(items, {
      title: `Import aliyun CLI profiles from ${path}`,
      ignoreFocusOut: true,
    });
    if (picked === undefined) return [];
    chosen = picked.map((item) => item.entry).filter((e) => e.credentials !== undefined);
  }
  for (const entry of chosen) {
    const id = `aliyun-${entry.name}`;
    const credentials = entry.credentials;
    if (credentials === undefined) continue;
    await services.credentials.save(id, {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    });
    await services.profiles.save({
      id,
      name: `${entry.name} (aliyun CLI)`,
      kind: 'accessKey',
      regionId: entry.regionId ?? 'cn-hangzhou',
      endpoint: options.endpoint,
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
