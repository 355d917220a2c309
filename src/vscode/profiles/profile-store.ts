import * as vscode from '../vscode-api';
import type { ProviderId } from '../../providers/providers';
import { PROVIDERS } from '../../providers/providers';
import type { RoleSettings } from '../../eci/role-settings';

/**
 * A place the explorer shows: the local emulator or a cloud account (its secret is in SecretStorage), of Alibaba
 * Cloud ECI or of JD Cloud Native Container.
 */
export interface Profile {
  readonly id: string;
  readonly name: string;
  /**
   * Where its keys come from: the extension's emulator; an AccessKey in SecretStorage (added, or copied from a file
   * at import); or an aliyun CLI profile read again each time clients are made (`aliyunCli`: the modes without a key
   * of their own — EcsRamRole, OIDC, CredentialsURI, External, CloudSSO — whose tokens the aliyun CLI, the instance
   * or the identity provider renew).
   */
  readonly kind: 'emulator' | 'accessKey' | 'aliyunCli';
  /** Absent in profiles saved before there were two providers: those are ECI's. */
  readonly provider?: ProviderId | undefined;
  /** An endpoint override (the emulator's URL, a proxy, a VPC endpoint). */
  readonly endpoint?: string | undefined;
  /** ECI: the region's public endpoint (the default) or its VPC endpoint, `eci-vpc.<region>.aliyuncs.com`. */
  readonly endpointType?: 'public' | 'vpc' | undefined;
  readonly regionId: string;
  /**
   * ECI: a RAM role the profile's key assumes (an imported aliyun CLI RamRoleArn profile). The key in SecretStorage
   * is then the source key, and calls are signed with the role's temporary keys, assumed again before they expire.
   */
  readonly role?: RoleSettings | undefined;
  /**
   * Where an imported profile came from (an aliyun CLI profile of a config file), so that it can be imported again
   * when its STS token expires, or (kind `aliyunCli`) read at each use; `mode` says how it gets its keys (never a
   * secret), for the tooltip.
   */
  readonly imported?: { readonly path: string; readonly profile: string; readonly mode?: string } | undefined;
}

const KEY = 'eci.profiles';
/** The name JD Cloud's provider had before it was `jdcloud` (a profile saved then says so). */
const OLD_JDCLOUD_ID = 'native-container';
/** The JD Cloud emulator profile's ID before the rename; the emulator's profiles are made by the extension. */
const OLD_JDCLOUD_EMULATOR_ID = 'local-emulator-native-container';
const JDCLOUD_EMULATOR_ID = 'local-emulator-jdcloud';
/** The elastic IPs seen on JD Cloud containers (src/vscode/commands/jdcloud/container-target.ts), before and after. */
const OLD_KNOWN_ELASTIC_IPS = 'eci.nc.knownElasticIps';
const KNOWN_ELASTIC_IPS = 'eci.jdcloud.knownElasticIps';
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
    const saved = this.state.get<unknown>(KEY, []);
    if (!Array.isArray(saved)) return [];
    // A profile saved under the provider's old name reads as JD Cloud's; if one under the new name has the same ID
    // (a downgrade, then an upgrade), that one is kept: the tree's IDs must stay unique.
    const profiles = (saved as Profile[]).filter((p) => p !== null && typeof p === 'object').map(current);
    return profiles.filter((p, i) => profiles.findIndex((q) => q.id === p.id) === i);
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
    for (const provider of Object.keys(PROVIDERS) as ProviderId[])
      if (this.state.get<string>(activeKey(provider)) === id) await this.state.update(activeKey(provider), undefined);
    this.changed.fire();
  }

  /** The profiles of one provider (a profile saved without one is ECI's). */
  of(provider: ProviderId): Profile[] {
    return this.all().filter((p) => (p.provider ?? 'eci') === provider);
  }

  /**
   * The profile of a provider that commands and completion use when no explorer node says otherwise: the chosen
   * one, else the provider's first.
   */
  active(provider: ProviderId = 'eci'): Profile | undefined {
    const all = this.of(provider);
    // Until migrateSavedState() has written it under the new name, the choice saved under the old one counts.
    const chosen = this.state.get<string>(activeKey(provider)) ?? formerActive(this.state, provider);
    return all.find((p) => p.id === chosen) ?? all[0];
  }

  /** Makes a profile the active one of its provider. */
  async setActive(id: string): Promise<void> {
    const profile = this.all().find((p) => p.id === id);
    await this.state.update(activeKey(profile?.provider ?? 'eci'), id);
    this.changed.fire();
  }
}

/** The active profile as saved before the provider's rename, as this version names it. */
function formerActive(state: vscode.Memento, provider: ProviderId): string | undefined {
  if (provider !== 'jdcloud') return undefined;
  const id = state.get<unknown>(`${ACTIVE_KEY}.${OLD_JDCLOUD_ID}`);
  if (typeof id !== 'string') return undefined;
  return id === OLD_JDCLOUD_EMULATOR_ID ? JDCLOUD_EMULATOR_ID : id;
}

/** A profile as this version names it: one saved under the provider's old name reads as JD Cloud's. */
function current(profile: Profile): Profile {
  if ((profile.provider as string | undefined) !== OLD_JDCLOUD_ID) return profile;
  return {
    ...profile,
    provider: 'jdcloud',
    id: profile.id === OLD_JDCLOUD_EMULATOR_ID ? JDCLOUD_EMULATOR_ID : profile.id,
  };
}

/**
 * Rewrites what versions before the provider was named `jdcloud` saved (its profiles, its active profile, the elastic
 * IPs seen on its containers) under the new names, once, so that no one loses a profile or what it remembered. Saved
 * state is a user's data: unknown shapes are left as they are, and nothing is dropped.
 */
export async function migrateSavedState(state: vscode.Memento): Promise<void> {
  const saved = state.get<unknown>(KEY);
  if (Array.isArray(saved) && saved.some((p) => (p as Profile | null)?.provider === (OLD_JDCLOUD_ID as ProviderId))) {
    const now = (saved as unknown[]).map((p) => (p !== null && typeof p === 'object' ? current(p as Profile) : p));
    // One profile per ID: an old-named one whose new ID is taken already is the same profile, saved twice.
    await state.update(
      KEY,
      now.filter((p, i) => {
        const id = (p as Profile | null)?.id;
        return id === undefined || now.findIndex((q) => (q as Profile | null)?.id === id) === i;
      }),
    );
  }
  const oldActive = `${ACTIVE_KEY}.${OLD_JDCLOUD_ID}`;
  const active = state.get<unknown>(oldActive);
  if (typeof active === 'string') {
    if (state.get<unknown>(activeKey('jdcloud')) === undefined)
      await state.update(activeKey('jdcloud'), active === OLD_JDCLOUD_EMULATOR_ID ? JDCLOUD_EMULATOR_ID : active);
    await state.update(oldActive, undefined);
  }
  const ips = state.get<unknown>(OLD_KNOWN_ELASTIC_IPS);
  if (ips !== null && typeof ips === 'object' && !Array.isArray(ips)) {
    const renamed = Object.fromEntries(
      Object.entries(ips).map(([key, value]) => [
        key.startsWith(`${OLD_JDCLOUD_EMULATOR_ID}/`)
          ? `${JDCLOUD_EMULATOR_ID}${key.slice(OLD_JDCLOUD_EMULATOR_ID.length)}`
          : key,
        value as unknown,
      ]),
    );
    const now = state.get<Record<string, unknown>>(KNOWN_ELASTIC_IPS, {});
    // Both lists of a region kept: the elastic IPs seen before the rename and those seen since.
    const merged: Record<string, unknown> = { ...renamed };
    for (const [key, list] of Object.entries(now)) {
      const before = merged[key];
      merged[key] =
        Array.isArray(before) && Array.isArray(list)
          ? [...before, ...list].filter(
              (ip, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(ip)) === i,
            )
          : list;
    }
    await state.update(KNOWN_ELASTIC_IPS, merged);
    await state.update(OLD_KNOWN_ELASTIC_IPS, undefined);
  }
}
