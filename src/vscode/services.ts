import type * as vscode from 'vscode';
import type { CredentialStore } from './credential-store';
import type { LiveTemplates } from './deploy/live-templates';
import type { ProfileClients } from './profiles/clients';
import type { LogStatusBar } from './terminals/log-status-bar';
import type { LocalEmulator } from './profiles/local-emulator';
import type { ProfileStore } from './profiles/profile-store';
import type { ForwardedPorts } from './ports/forwarded-ports';
import type { Prompter } from './prompter';
import type { ExplorerProvider } from './tree/explorer-provider';
import type { TreeNode } from './tree/tree-node';

/** What commands and providers share; created once in activate() and passed down explicitly (no globals). */
export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly explorer: ExplorerProvider;
  readonly profiles: ProfileStore;
  readonly clients: ProfileClients;
  readonly credentials: CredentialStore;
  readonly emulator: LocalEmulator;
  /** Problems the API found in a template on deploy or update, on the field they name. */
  readonly deployProblems: vscode.DiagnosticCollection;
  /** The explorer's view: for its visibility (no polling while hidden) and to reveal what a command made. */
  readonly explorerView: vscode.TreeView<TreeNode>;
  /** Lines per second of followed logs. */
  readonly logStatus: LogStatusBar;
  /** Read-only documents: the live side of the update diff, the quotas, a group's diagnostics records. */
  readonly liveTemplates: LiveTemplates;
  /** Every confirmation, pick and input a command asks goes through it (tests answer through it). */
  readonly prompter: Prompter;
  /** Ports forwarded to containers over exec (the Forwarded Ports view; Attach Debugger's sessions). */
  readonly ports: ForwardedPorts;
}
