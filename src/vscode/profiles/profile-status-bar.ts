import * as vscode from '../vscode-api';
import type { ProviderId } from '../../providers/providers';
import { PROVIDERS } from '../../providers/providers';
import type { ProfileStore } from './profile-store';

/** Each provider's active profile and its region in the status bar (a provider with no profile shows none); a click switches. */
export class ProfileStatusBar implements vscode.Disposable {
  private readonly items: ReadonlyMap<ProviderId, vscode.StatusBarItem>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly profiles: ProfileStore) {
    // One item per provider, in the registry's order, left to right.
    this.items = new Map(
      Object.values(PROVIDERS).map((info, i) => [
        info.id,
        vscode.window.createStatusBarItem(info.statusBarItemId, vscode.StatusBarAlignment.Left, 10 - i),
      ]),
    );
    for (const [provider, item] of this.items) {
      item.name = vscode.l10n.t('{0} Profile', PROVIDERS[provider].short);
      // Each item switches its own provider's profile.
      item.command = {
        command: 'eci.selectProfile',
        title: vscode.l10n.t('Select {0} Profile', PROVIDERS[provider].short),
        arguments: [provider],
      };
    }
    this.subscription = profiles.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    for (const [provider, item] of this.items) {
      const active = this.profiles.active(provider);
      if (active === undefined) {
        item.hide();
        continue;
      }
      const { short } = PROVIDERS[provider];
      item.text = `$(${active.kind === 'emulator' ? 'vm' : 'cloud'}) ${short}: ${active.name} · ${active.regionId}`;
      item.tooltip = vscode.l10n.t(
        '{0} use the {1} profile "{2}" ({3}). Click to switch.',
        activeProfileUse(provider),
        short,
        active.name,
        active.regionId,
      );
      item.show();
    }
  }

  /** For tests: what the ECI item shows. */
  get text(): string {
    return this.items.get('eci')?.text ?? '';
  }

  dispose(): void {
    this.subscription.dispose();
    for (const item of this.items.values()) item.dispose();
  }
}

/** What uses a provider's active profile, for the status bar's tooltip, in the display language. */
function activeProfileUse(provider: ProviderId): string {
  switch (provider) {
    case 'eci':
      return vscode.l10n.t('Deploys, exports and completion');
    case 'jdcloud':
      return vscode.l10n.t('JD Cloud Native Container commands from the palette');
  }
}
