import type * as vscode from 'vscode';
import type { CallEvent } from '../../core/transport';
import { EciClient } from '../../eci/client';
import { JdcloudClient } from '../../jdcloud/client';
import { clientSettings } from '../client-settings';
import type { CredentialStore } from '../credential-store';
import type { LocalEmulator } from './local-emulator';
import type { Profile } from './profile-store';

/** The client made for an ID, made on first use; one that failed to be made is made again next time. */
function cached<T>(clients: Map<string, Promise<T>>, id: string, create: () => Promise<T>): Promise<T> {
  let client = clients.get(id);
  if (client === undefined) {
    client = create();
    clients.set(id, client);
    client.catch(() => clients.delete(id));
  }
  return client;
}

/**
 * One API client per profile, made on first use. The emulator's profile follows the emulator wherever it listens
 * (its port changes between windows); a settings change drops every client so the next call uses the new settings.
 */
export class ProfileClients implements vscode.Disposable {
  private readonly clients = new Map<string, Promise<EciClient>>();
  private readonly jdcloudClients = new Map<string, Promise<JdcloudClient>>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly emulator: LocalEmulator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  for(profile: Profile): Promise<EciClient> {
    if (profile.provider === 'jdcloud')
      return Promise.reject(
        new Error(`"${profile.name}" is a JD Cloud Native Container profile; this needs an ECI profile.`),
      );
    return cached(this.clients, profile.id, () => this.create(profile));
  }

  /**
   * The log's line for every attempt of every call, of either provider (what identifies the call, never its
   * parameters or credentials). For the emulator's profiles, a refused connection also makes the emulator check
   * whether it still runs, which is then said in words (and the clients are made anew once it runs again).
   */
  private onCall(profile: Profile): (event: CallEvent) => void {
    const log = (event: CallEvent): void =>
      this.log.debug(
        `${profile.name}: ${event.action} → ${event.errorCode ?? event.httpStatus ?? ''} ` +
          `in ${event.durationMs.toFixed(0)} ms (attempt ${event.attempt}, request ${event.requestId ?? 'n/a'})`,
      );
    if (profile.kind !== 'emulator') return log;
    const emulator = this.emulator;
    return (event) => {
      log(event);
      if (event.errorCode === 'NetworkError') void emulator.noticeNetworkFailure();
    };
  }

  private async create(profile: Profile): Promise<EciClient> {
    const onCall = this.onCall(profile);
    if (profile.kind === 'emulator') {
      const running = await this.emulator.start();
      return new EciClient({
        ...clientSettings(),
        credentials: {
          accessKeyId: running.accessKeyId,
          accessKeySecret: running.accessKeySecret,
          source: 'the local emulator',
        },
        regionId: profile.regionId,
        endpoint: running.url,
        userAgent: 'vscode-eci',
        onCall,
      });
    }
    return new EciClient({
      ...clientSettings(),
      credentials: this.credentials.source(profile.id, profile.name),
      regionId: profile.regionId,
      endpoint: profile.endpoint,
      userAgent: 'vscode-eci',
      onCall,
    });
  }

  /** A JD Cloud Native Container client for a profile of that provider (the emulator's, or an AccessKey's). */
  jdcloudFor(profile: Profile): Promise<JdcloudClient> {
    if (profile.provider !== 'jdcloud')
      return Promise.reject(
        new Error(`"${profile.name}" is an ECI profile; this needs a JD Cloud Native Container profile.`),
      );
    return cached(this.jdcloudClients, profile.id, () => this.createJdcloud(profile));
  }

  private async createJdcloud(profile: Profile): Promise<JdcloudClient> {
    const { timeoutMs } = clientSettings();
    const onCall = this.onCall(profile);
    if (profile.kind === 'emulator') {
      const running = await this.emulator.start();
      return new JdcloudClient({
        credentials: { accessKeyId: running.accessKeyId, accessKeySecret: running.accessKeySecret },
        endpoint: running.url,
        timeoutMs,
        onCall,
      });
    }
    const source = this.credentials.source(profile.id, profile.name);
    // JD Cloud's signer takes the key pair itself; it is read from SecretStorage once per client (a re-entered key
    // makes a new client: adding a profile again resets the clients).
    const { accessKeyId, accessKeySecret } = await source();
    return new JdcloudClient({
      credentials: { accessKeyId, accessKeySecret },
      endpoint: profile.endpoint,
      timeoutMs,
      onCall,
    });
  }

  reset(): void {
    for (const client of this.clients.values())
      void client.then(
        (c) => c.close(),
        () => undefined,
      );
    for (const client of this.jdcloudClients.values())
      void client.then(
        (c) => c.close(),
        () => undefined,
      );
    this.clients.clear();
    this.jdcloudClients.clear();
  }

  dispose(): void {
    this.reset();
  }
}
