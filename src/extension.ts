// Wiring only: everything the extension does lives in src/vscode/ (the one folder that imports vscode at run time).
import type * as vscode from 'vscode';
import { activateExtension } from './vscode/activation';
import type { Profile } from './vscode/profiles/profile-store';

/** What other extensions (and the extension-host tests) may ask: never a secret. */
export interface EciExtensionApi {
  activeProfile(): Profile | undefined;
  profiles(): Profile[];
}

export function activate(context: vscode.ExtensionContext): EciExtensionApi {
  const services = activateExtension(context);
  return { activeProfile: () => services.profiles.active(), profiles: () => services.profiles.all() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
