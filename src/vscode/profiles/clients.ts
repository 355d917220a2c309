import * as vscode from '../vscode-api';
import type { CallEvent } from '../../core/transport';
import { CloudError } from '../../core/errors';
import { openCredentials } from '../../eci/credential-providers';
import { specFromAliyunCli } from '../../eci/credentials';
import { RamRoleCredentials } from '../../eci/ram-role';
import type { AnyProvider, ClientParams, Provider, ProviderClient, RegionData } from '../../providers/provider';
import { providerFor } from '../../providers/registry';
import { clientSettings } from '../client-settings';
import type { CredentialStore } from '../credential-store';
import type { LocalEmulator } from './local-emulator';
import type { Profile } from './profile-store';

/**
 * One API client per profile, of the profile's provider, made on first use (a client that failed to be made is made
 * again next time). The emulator's profiles follow the emulator wherever it listens (its port changes between
 * windows); a settings change (ours, or VS Code's proxy settings) drops every client so the next call uses the new
 * settings.
 */
export class ProfileClients implements vscode.Disposable {
  private readonly clients = new Map<string, Promise<ProviderClient>>();
  /**
   * Where the clients' temporary keys come from (a RAM role, an aliyun CLI profile's mode: each holds its connections
   * or timers), closed with the clients.
   */
  private readonly sources: { close(): Promise<void> }[] = [];
  private readonly tokenExpired = new vscode.EventEmitter<Profile>();
  /**
   * Fires when a call of a profile is refused because its stored STS token has expired (a role's keys are renewed
   * before that): src/vscode/profiles/expired-token-notice.ts offers to import it again.
   */
  readonly onTokenExpired = this.tokenExpired.event;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly emulator: LocalEmulator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The profile's client, whichever its provider (for the shared commands and the explorer). */
  client(profile: Profile): Promise<ProviderClient> {
    const provider = providerFor(profile);
    // By provider too: a client is of its provider's type (`of()` relies on it), whatever a profile was saved as.
    const key = `${provider.info.id}:${profile.id}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.create(profile, provider);
      this.clients.set(key, client);
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  /**
   * The profile's client as `provider`'s own type, for that provider's commands; a profile of another provider is
   * refused with a message that says which it needs.
   */
  of<Client extends ProviderClient>(
    profile: Profile,
    provider: Provider<Client, RegionData, unknown>,
  ): Promise<Client> {
    const own = providerFor(profile);
    if (own.info.id !== provider.info.id)
      return Promise.reject(
        new Error(
          own.info.id === 'eci'
            ? vscode.l10n.t(
                '"{0}" is a Alibaba Cloud ECI profile; this needs a JD Cloud Native Container profile.',
                profile.name,
              )
            : vscode.l10n.t(
                '"{0}" is a JD Cloud Native Container profile; this needs a Alibaba Cloud ECI profile.',
                profile.name,
              ),
        ),
      );
    // The client under this provider's key was made by this provider: it is of its type.
    return this.client(profile) as Promise<Client>;
  }

  /**
   * The log's line for every attempt of every call, of either provider (what identifies the call, never its
   * parameters or credentials): at debug level when it succeeded (polls would fill the log), at info level when it
   * failed, so that the request ID of a refusal is in the log a person reads, whatever the provider. For the emulator's profiles, a refused connection also makes the emulator check
   * whether it still runs, which is then said in words (and the clients are made anew once it runs again).
   */
  private onCall(profile: Profile): (event: CallEvent) => void {
    const log = (event: CallEvent): void => {
      const line =
        `${profile.name}: ${event.action} → ${event.errorCode ?? event.httpStatus ?? ''} ` +
        `in ${event.durationMs.toFixed(0)} ms (attempt ${event.attempt}, request ${event.requestId ?? 'n/a'})`;
      if (event.errorCode === undefined) this.log.debug(line);
      else this.log.info(line);
      if (
        event.errorCode === 'InvalidSecurityToken.Expired' &&
        profile.kind === 'accessKey' &&
        profile.role === undefined &&
        providerFor(profile).info.id === 'eci'
      )
        this.tokenExpired.fire(profile);
    };
    if (profile.kind !== 'emulator') return log;
    const emulator = this.emulator;
    return (event) => {
      log(event);
      if (event.errorCode === 'NetworkError') void emulator.noticeNetworkFailure();
    };
  }

  private async create(profile: Profile, provider: AnyProvider): Promise<ProviderClient> {
    // The way each client's connections go (direct, or via the proxy's host:port, never its credentials), once each.
    const settings = clientSettings((line) => this.log.info(`${profile.name}: ${line}`));
    const common = {
      regionId: profile.regionId,
      timeoutMs: settings.timeoutMs,
      route: settings.route,
      signatureVersion: settings.signatureVersion,
      userAgent: 'vscode-eci',
      onCall: this.onCall(profile),
    };
    if (profile.kind === 'emulator') {
      const running = await this.emulator.start();
      const key = { accessKeyId: running.accessKeyId, accessKeySecret: running.accessKeySecret };
      return provider.client({
        ...common,
        accessKey: () => Promise.resolve(key),
        accessKeyOrigin: 'the local emulator', // l10n-ignore: goes into the core's English errors and the log
        endpoint: running.url,
      });
    }
    if (profile.kind === 'aliyunCli') return this.createLinked(profile, provider, common, settings);
    // l10n-ignore: goes into the core's English errors and the log, as add-profile.ts's origin does
    const origin = `profile "${profile.name}" (VS Code secret storage)`;
    // Read from SecretStorage at each use: a re-entered secret applies at once (where the provider signs per call).
    let accessKey = this.credentials.source(profile.id, profile.name);
    if (profile.role !== undefined && provider.info.id === 'eci') {
      // The stored key assumes the role; the role's keys are asked for at each signature and renewed before expiry.
      const role = new RamRoleCredentials({
        source: accessKey,
        role: profile.role,
        origin,
        endpointType: profile.endpointType,
        route: settings.route,
        timeoutMs: settings.timeoutMs,
        userAgent: 'vscode-eci',
      });
      this.sources.push(role);
      accessKey = () => role.credentials();
    }
    return provider.client({
      ...common,
      accessKey,
      accessKeyOrigin: origin,
      endpoint: profile.endpoint,
      endpointType: profile.endpointType,
    });
  }

  /**
   * A linked aliyun CLI profile's client: the profile is read from its file now (so that what the aliyun CLI renewed
   * there applies), and its mode's credentials are fetched and renewed before they expire.
   */
  private async createLinked(
    profile: Profile,
    provider: AnyProvider,
    common: Omit<ClientParams, 'accessKey' | 'accessKeyOrigin' | 'endpoint' | 'endpointType'>,
    settings: ReturnType<typeof clientSettings>,
  ): Promise<ProviderClient> {
    const link = profile.imported;
    if (provider.info.id !== 'eci')
      throw new Error(
        vscode.l10n.t(
          'The profile "{0}" is a JD Cloud Native Container profile: aliyun CLI profiles are ECI\'s.',
          profile.name,
        ),
      );
    if (link === undefined)
      throw new Error(
        vscode.l10n.t('The profile "{0}" says its keys are in an aliyun CLI profile, but not which.', profile.name),
      );
    const spec = await specFromAliyunCli(link.path, link.profile);
    if (spec === undefined)
      throw new CloudError({
        code: 'CredentialsNotFound', // l10n-ignore: an error code, compared as such
        message: vscode.l10n.t(
          'The aliyun CLI profile "{0}" of "{1}" is no longer in {2}. Import it again, or remove the profile.',
          link.profile,
          profile.name,
          link.path,
        ),
      });
    const opened = openCredentials(spec, {
      route: settings.route,
      endpointType: profile.endpointType,
      timeoutMs: settings.timeoutMs,
      userAgent: 'vscode-eci',
    });
    this.sources.push(opened);
    return provider
      .client({
        ...common,
        accessKey: () => opened.credentials(),
        accessKeyOrigin: spec.origin,
        endpoint: profile.endpoint,
        endpointType: profile.endpointType,
      })
      .catch(async (error: unknown) => {
        await opened.close();
        throw error;
      });
  }

  reset(): void {
    for (const client of this.clients.values())
      void client.then(
        (c) => c.close(),
        () => undefined,
      );
    this.clients.clear();
    for (const source of this.sources.splice(0)) void source.close();
  }

  dispose(): void {
    this.reset();
    this.tokenExpired.dispose();
  }
}
