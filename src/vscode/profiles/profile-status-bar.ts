import * as vscode from '../vscode-api';
import type { ProfileStore } from './profile-store';

/** The active profile and its region in the status bar; a click switches profile. */
export class ProfileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('eci.profile', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly profiles: ProfileStore) {
    this.item.name = 'ECI Profile';
    this.item.command = 'eci.selectProfile';
    this.subscription = profiles.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const active = this.profiles.active();
    if (active === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${active.kind === 'emulator' ? 'vm' : 'cloud'}) ECI: ${active.name} · ${active.regionId}`;
    this.item.tooltip = `Deploys, exports and completion use the ECI profile "${active.name}" (${active.regionId}). Click to switch.`;
    this.item.show();
  }

  /** For tests: what the item shows. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
