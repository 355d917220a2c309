import * as vscode from '../vscode-api';
import type { ProviderId } from '../../providers/providers';

/**
 * A place the explorer shows: the local emulator or a cloud account (its secret is in SecretStorage), of Alibaba
 * Cloud ECI or of JD Cloud Native Container.
 */
export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly kind: 'emulator' | 'accessKey';
  /** Absent in profiles saved before there were two providers: those are ECI's. */
  readonly provider?: ProviderId | undefined;
  /** An endpoint override (the emulator's URL, a proxy, a VPC endpoint). */
  readonly endpoint?: string | undefined;
  readonly regionId: string;
}

const KEY = 'eci.profiles';
const ACTIVE_KEY = 'eci.activeProfile';
/** Each provider has its active profile (ECI's key is the one it always had). */
const activeKey = (provider: ProviderId): string => (provider === 'eci' ? ACTIVE_KEY : `${ACTIVE_KEY}.${provider}`);

/** Profiles (without secrets) in the extension's global state, so they survive restarts and workspaces. */
export class ProfileStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a profile is added, changed or removed, or another becomes active: all that depends on it refreshes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  dispose(): void {
    this.changed.dispose();
  }

  all(): Profile[] {
    return this.state.get<Profile[]>(KEY, []);
  }

  async save(profile: Profile): Promise<void> {
    await this.state.update(KEY, [...this.all().filter((p) => p.id !== profile.id), profile]);
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.state.update(
      KEY,
      this.all().filter((p) => p.id !== id),
    );
    for (const provider of ['eci', 'native-container'] as const)
      if (this.state.get<string>(activeKey(provider)) === id) await this.state.update(activeKey(provider), undefined);
    this.changed.fire();
  }

  /**
   * The profile of a provider that commands and completion use when no explorer node says otherwise: the chosen
   * one, else the provider's first.
   */
  active(provider: ProviderId = 'eci'): Profile | undefined {
    const all = this.all().filter((p) => (p.provider ?? 'eci') === provider);
    const chosen = this.state.get<string>(activeKey(provider));
    return all.find((p) => p.id === chosen) ?? all[0];
  }

  /** Makes a profile the active one of its provider. */
  async setActive(id: string): Promise<void> {
    const profile = this.all().find((p) => p.id === id);
    await this.state.update(activeKey(profile?.provider ?? 'eci'), id);
    this.changed.fire();
  }
}
