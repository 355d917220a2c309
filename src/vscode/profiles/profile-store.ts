import type * as vscode from 'vscode';

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

/** Profiles (without secrets) in the extension's global state, so they survive restarts and workspaces. */
export class ProfileStore {
  constructor(private readonly state: vscode.Memento) {}

  all(): Profile[] {
    return this.state.get<Profile[]>(KEY, []);
  }

  async save(profile: Profile): Promise<void> {
    await this.state.update(KEY, [...this.all().filter((p) => p.id !== profile.id), profile]);
  }

  async remove(id: string): Promise<void> {
    await this.state.update(KEY, this.all().filter((p) => p.id !== id));
  }
}
