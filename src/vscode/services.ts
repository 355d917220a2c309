import type * as vscode from 'vscode';
import type { ProfileClients } from './profiles/clients';
import type { LocalEmulator } from './profiles/local-emulator';
import type { ProfileStore } from './profiles/profile-store';
import type { ExplorerProvider } from './tree/explorer-provider';

/** What commands and providers share; created once in activate() and passed down explicitly (no globals). */
export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly explorer: ExplorerProvider;
  readonly profiles: ProfileStore;
  readonly clients: ProfileClients;
  readonly emulator: LocalEmulator;
}
