import { stat } from 'node:fs/promises';
import { listAliyunCliProfiles } from '../../eci/credentials';
import { saidInDisplayLanguage } from '../display-locale';
import type { ExtensionServices } from '../services';
import * as vscode from '../vscode-api';
import type { Profile } from './profile-store';

/**
 * Says, once per profile, that a profile's STS token has expired (an aliyun CLI StsToken
 * profile copied at import; a role's keys are renewed before they expire and never get here), and offers to import
 * it again from the file it came from, once the aliyun CLI (or whatever writes that file) has a new token there. A
 * profile added by hand with a token is offered Add Profile. The notice goes through the prompter, so tests see it
 * and click its buttons.
 */
export class ExpiredTokenNotice implements vscode.Disposable {
  /**
   * The profiles told about, with when the file they came from was last written then: not told again until that file
   * is written again (a new token there is worth an offer; a refusal of a call that started before a Re-import is
   * not).
   */
  private readonly told = new Map<string, number | undefined>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: ExtensionServices) {
    this.subscriptions = [
      services.clients.onTokenExpired((profile) => {
        void this.tell(profile).catch((error: unknown) =>
          services.log.warn(`Could not import "${profile.name}" again: ${String(error)}`),
        );
      }),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async tell(profile: Profile): Promise<void> {
    const written = await writtenAt(profile.imported?.path);
    if (this.told.has(profile.id) && this.told.get(profile.id) === written) return;
    this.told.set(profile.id, written);
    const imported = profile.imported;
    const reimport = vscode.l10n.t('Re-import');
    const edit = vscode.l10n.t('Add Profile');
    const answer = await this.services.prompter.notify({
      severity: 'warning',
      message:
        imported === undefined
          ? vscode.l10n.t(
              'The STS token of "{0}" has expired. Add the profile again with new temporary credentials, or with a RAM role, whose keys are renewed.',
              profile.name,
            )
          : vscode.l10n.t(
              'The STS token of "{0}" has expired. Get a new one into the aliyun CLI profile "{1}" ({2}), then import it again.',
              profile.name,
              imported.profile,
              imported.path,
            ),
      actions: [imported === undefined ? edit : reimport],
    });
    // Dismissed, it is not said again until the file is written again.
    if (answer === edit) await vscode.commands.executeCommand('eci.addProfile');
    else if (answer === reimport && imported !== undefined) await this.reimport(profile, imported);
  }

  private async reimport(profile: Profile, imported: NonNullable<Profile['imported']>): Promise<void> {
    const entry = (await listAliyunCliProfiles(imported.path)).find((e) => e.name === imported.profile);
    const stored = await this.services.credentials
      .source(profile.id, profile.name)()
      .catch(() => undefined);
    if (entry?.credentials === undefined) {
      await this.services.prompter.notify({
        severity: 'warning',
        message:
          entry?.problem === undefined
            ? vscode.l10n.t('{0} no longer has a usable aliyun CLI profile "{1}"', imported.path, imported.profile)
            : vscode.l10n.t(
                '{0} no longer has a usable aliyun CLI profile "{1}": {2}',
                imported.path,
                imported.profile,
                saidInDisplayLanguage(entry.problemSaid, entry.problem),
              ),
        actions: [],
      });
      return;
    }
    if (entry.credentials.securityToken !== undefined && entry.credentials.securityToken === stored?.securityToken) {
      // The file still holds the token that expired: importing it again would change nothing. Once it is written
      // again, the next refusal offers Re-import again.
      await this.services.prompter.notify({
        severity: 'warning',
        message: vscode.l10n.t(
          'The aliyun CLI profile "{0}" in {1} still holds the expired token. Renew it there first (for example `aliyun configure --profile {0} --mode StsToken`).',
          imported.profile,
          imported.path,
        ),
        actions: [],
      });
      return;
    }
    await vscode.commands.executeCommand('eci.importAliyunProfiles', {
      path: imported.path,
      all: true,
      names: [imported.profile],
      endpoint: profile.endpoint,
    });
    // A call that was on its way with the old token may still be refused: not worth telling again.
    this.told.set(profile.id, await writtenAt(imported.path));
    this.services.explorer.refresh();
  }
}

/** When a file was last written; undefined when there is none (or no file at all). */
async function writtenAt(path: string | undefined): Promise<number | undefined> {
  if (path === undefined) return undefined;
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}
