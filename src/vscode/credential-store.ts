import * as vscode from './vscode-api';
import type { Credentials } from '../eci/credentials';
import { CloudError } from '../core/errors';

/**
 * Profile credentials in VS Code's SecretStorage (the OS keychain on desktop): the last link of the credential
 * chain, used by profiles added in the extension. Nothing here is written to settings, logs or output.
 */
export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(profileId: string): string {
    return `eci.profile.${profileId}.credentials`;
  }

  async save(profileId: string, credentials: Omit<Credentials, 'source'>): Promise<void> {
    const stored = {
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    };
    await this.secrets.store(this.key(profileId), JSON.stringify(stored));
  }

  async delete(profileId: string): Promise<void> {
    await this.secrets.delete(this.key(profileId));
  }

  /** A credential source for EciClient that reads the secret on each use, so a re-entered secret applies at once. */
  source(profileId: string, profileName: string): () => Promise<Credentials> {
    return async () => {
      const text = await this.secrets.get(this.key(profileId));
      if (text === undefined) {
        throw new CloudError({
          code: 'CredentialsNotFound', // l10n-ignore: an error code, compared as such
          message: vscode.l10n.t('The profile "{0}" has no stored AccessKey. Add the profile again.', profileName),
        });
      }
      let value: { accessKeyId?: unknown; accessKeySecret?: unknown; securityToken?: unknown };
      try {
        value = JSON.parse(text) as typeof value;
      } catch {
        throw new CloudError({
          code: 'InvalidCredentials', // l10n-ignore: an error code, compared as such
          message: vscode.l10n.t(
            'The stored AccessKey of the profile "{0}" is damaged. Add the profile again.',
            profileName,
          ),
        });
      }
      if (typeof value.accessKeyId !== 'string' || typeof value.accessKeySecret !== 'string') {
        throw new CloudError({
          code: 'InvalidCredentials', // l10n-ignore: an error code, compared as such
          message: vscode.l10n.t(
            'The stored AccessKey of the profile "{0}" is incomplete. Add the profile again.',
            profileName,
          ),
        });
      }
      return {
        accessKeyId: value.accessKeyId,
        accessKeySecret: value.accessKeySecret,
        securityToken: typeof value.securityToken === 'string' ? value.securityToken : undefined,
        // l10n-ignore: goes into the core's English errors and the log, as add-profile.ts's origin does
        source: `profile "${profileName}" (VS Code secret storage)`,
      };
    };
  }
}
