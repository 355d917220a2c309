import type * as vscode from 'vscode';
import { EciClient } from '../../eci/client';
import { clientSettings } from '../client-settings';
import type { CredentialStore } from '../credential-store';
import type { LocalEmulator } from './local-emulator';
import type { Profile } from './profile-store';

/**
 * One API client per profile, made on first use. The emulator's profile follows the emulator wherever it listens
 * (its port changes between windows); a settings change drops every client so the next call uses the new settings.
 */
export class ProfileClients implements vscode.Disposable {
  private readonly clients = new Map<string, Promise<EciClient>>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly emulator: LocalEmulator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  for(profile: Profile): Promise<EciClient> {
    let client = this.clients.get(profile.id);
    if (client === undefined) {
      client = this.create(profile);
      this.clients.set(profile.id, client);
      client.catch(() => this.clients.delete(profile.id));
    }
    return client;
  }

  private async create(profile: Profile): Promise<EciClient> {
    const onCall = (event: { action: string; attempt: number; durationMs: number; httpStatus?: number | undefined; requestId?: string | undefined; errorCode?: string | undefined }): void =>
      this.log.debug(`${profile.name}: ${event.action} → ${event.errorCode ?? event.httpStatus ?? ''} in ${event.durationMs.toFixed(0)} ms (attempt ${event.attempt}, request ${event.requestId ?? 'n/a'})`);
    if (profile.kind === 'emulator') {
      const running = await this.emulator.start();
      return new EciClient({
        ...clientSettings(),
        credentials: { accessKeyId: running.accessKeyId, accessKeySecret: running.accessKeySecret, source: 'the local emulator' },
        regionId: profile.regionId,
        endpoint: running.url,
        userAgent: 'vscode-eci',
        onCall,
      });
    }
    return new EciClient({ ...clientSettings(), credentials: this.credentials.source(profile.id, profile.name), regionId: profile.regionId, endpoint: profile.endpoint, userAgent: 'vscode-eci', onCall });
  }

  reset(): void {
    for (const client of this.clients.values()) void client.then((c) => c.close(), () => undefined);
    this.clients.clear();
  }

  dispose(): void {
    this.reset();
  }
}
