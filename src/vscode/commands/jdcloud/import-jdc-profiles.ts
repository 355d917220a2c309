import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from '../../vscode-api';
import { listJdcCliProfiles } from '../../../jdcloud/jdc-cli';
import { saidInDisplayLanguage } from '../../display-locale';
import type { ExtensionServices } from '../../services';
import { importOptionsArg } from '../command-args';

/**
 * JD Cloud: Import jdc CLI Profiles — the profiles of `~/.jdc/config` (JD Cloud's command line), picked in a list;
 * their keys go into SecretStorage like those of added profiles, their region and (when it is not JD Cloud's
 * gateway) endpoint into the profile. Importing a profile again replaces it. Returns the imported profiles' names.
 * (`{ path, all: true }` imports from another file without asking.)
 */
export async function importJdcProfiles(services: ExtensionServices, given?: unknown): Promise<string[]> {
  const options = importOptionsArg(given);
  const path = options.path ?? join(homedir(), '.jdc', 'config');
  const entries = await listJdcCliProfiles(path);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No jdc CLI profiles were found in {0}. Run `jdc configure add` first, or use JD Cloud: Add Profile.',
        path,
      ),
    );
    return [];
  }
  let chosen = entries.filter((e) => e.credentials !== undefined);
  if (options.all !== true) {
    const items = entries.map((entry) => ({
      label: entry.name,
      description:
        entry.credentials === undefined
          ? vscode.l10n.t('cannot be imported')
          : `${entry.current ? vscode.l10n.t('{0} · current', entry.regionId) : entry.regionId}${entry.endpoint === undefined ? '' : ` · ${entry.endpoint}`}`,
      detail:
        entry.problem === undefined
          ? // l10n-ignore: the vendor's term and the key's first letters
            `AccessKey ${entry.credentials?.accessKeyId.slice(0, 6) ?? ''}…`
          : saidInDisplayLanguage(entry.problemSaid, entry.problem),
      picked: entry.credentials !== undefined,
      entry,
    }));
    const picked = await services.prompter.pickMany(items, {
      title: vscode.l10n.t('Import jdc CLI profiles from {0}', path),
      ignoreFocusOut: true,
    });
    if (picked === undefined) return [];
    chosen = picked.map((item) => item.entry).filter((e) => e.credentials !== undefined);
  }
  for (const entry of chosen) {
    if (entry.credentials === undefined) continue;
    const id = `jdc-${entry.name}`;
    await services.credentials.save(id, entry.credentials);
    await services.profiles.save({
      id,
      // l10n-ignore: the profile's saved name, the same whatever the display language
      name: `${entry.name} (jdc CLI)`,
      kind: 'accessKey',
      provider: 'jdcloud',
      regionId: entry.regionId,
      endpoint: entry.endpoint,
    });
  }
  services.clients.reset();
  services.log.info(
    `Imported ${chosen.length} jdc CLI profile(s) from ${path}: ${chosen.map((e) => e.name).join(', ')}`,
  );
  return chosen.map((e) => e.name);
}
