import * as vscode from '../vscode-api';

/** A place the explorer shows: the local emulator or an Alibaba Cloud account (its secret is in SecretStorage). */
export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly kind: 'emulator' | 'accessKey';
  /** An endpoint override (the emulator's URL, a proxy, a VPC endpoint). */
  readonly endpoint?: string | undefined;
  readonly regionId: string;
}

const KEY = 'eci.profiles';
const ACTIVE_KEY = 'eci.activeProfile';

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
    await this.state.update(KEY, this.all().filter((p) => p.id !== id));
    if (this.state.get<string>(ACTIVE_KEY) === id) await this.state.update(ACTIVE_KEY, undefined);
    this.changed.fire();
  }

  /** The profile that commands and completion use when no explorer node says otherwise: the chosen one, else the first. */
  active(): Profile | undefined {
    const all = this.all();
    const chosen = this.state.get<string>(ACTIVE_KEY);
    return all.find((p) => p.id === chosen) ?? all[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }
}
