import * as vscode from './vscode-api';

/**
 * What a command does, for Restricted Mode (a folder the person has not trusted). `acts`: it creates, changes or
 * deletes something in the cloud, runs something (the emulator, a command or a shell in a container) or reads
 * credentials from files; it needs a trusted workspace, since a template or a file of that folder could be the
 * attacker's. `reads`: it only looks (the explorer, logs, events, metrics, describe, quotas), or changes the
 * extension's own profiles from what the person types; it runs in Restricted Mode as well.
 */
export type CommandTrust = 'acts' | 'reads';

/**
 * Every command of the extension (the table of src/vscode/commands/registry.ts) by what it does. A command missing
 * here is treated as acting; an extension-host test fails when one of package.json's commands is missing.
 */
export const COMMAND_TRUST: Readonly<Record<string, CommandTrust>> = {
  'eci.refresh': 'reads',
  'eci.filterExplorer': 'reads',
  'eci.clearExplorerFilter': 'reads',
  'eci.groupExplorerByTag': 'reads',
  'eci.useLocalEmulator': 'acts',
  'eci.addProfile': 'reads',
  'eci.importAliyunProfiles': 'acts',
  'eci.selectProfile': 'reads',
  'eci.removeProfile': 'reads',
  'eci.loadMore': 'reads',
  'eci.loadAll': 'reads',
  // Opens an unsaved document; deploying it is eci.deploy.
  'eci.openSampleTemplate': 'reads',
  'eci.deploy': 'acts',
  'eci.updateFromTemplate': 'acts',
  'eci.exportTemplate': 'reads',
  'eci.restartGroup': 'acts',
  'eci.deleteGroup': 'acts',
  'eci.describeGroup': 'reads',
  'eci.copyGroupId': 'reads',
  'eci.showEvents': 'reads',
  'eci.streamLogs': 'reads',
  'eci.showMetrics': 'reads',
  'eci.openTerminal': 'acts',
  'eci.runCommand': 'acts',
  'eci.forwardPort': 'acts',
  'eci.attachDebugger': 'acts',
  'eci.stopPortForward': 'reads',
  'eci.openForwardedPort': 'reads',
  'eci.copyForwardedAddress': 'reads',
  // Each runs commands in the container (through exec) to read or write its files.
  'eci.openContainerFile': 'acts',
  'eci.downloadContainerFile': 'acts',
  'eci.uploadToContainer': 'acts',
  'eci.createImageCache': 'acts',
  'eci.deleteImageCache': 'acts',
  'eci.showDiagnostics': 'reads',
  'eci.chooseInstanceType': 'reads',
  'eci.showQuota': 'reads',
  'eci.resizeVolume': 'acts',
  'eci.updateImageCache': 'acts',
  'eci.commitContainer': 'acts',
  'eci.collectDiagnostics': 'acts',
  'eci.showOpsRecords': 'reads',
  'eci.createDataCache': 'acts',
  'eci.updateDataCache': 'acts',
  'eci.copyDataCache': 'acts',
  'eci.deleteDataCache': 'acts',
  'eci.createVirtualNode': 'acts',
  'eci.deleteVirtualNode': 'acts',
  'eci.jdcloud.addProfile': 'reads',
  'eci.jdcloud.importJdcProfiles': 'acts',
  'eci.jdcloud.createContainers': 'acts',
  'eci.jdcloud.startContainer': 'acts',
  'eci.jdcloud.stopContainer': 'acts',
  'eci.jdcloud.rebuildContainer': 'acts',
  'eci.jdcloud.renameContainer': 'acts',
  'eci.jdcloud.describeContainer': 'reads',
  'eci.jdcloud.deleteContainer': 'acts',
  'eci.jdcloud.associateElasticIp': 'acts',
  'eci.jdcloud.disassociateElasticIp': 'acts',
  'eci.jdcloud.createSecret': 'acts',
  'eci.jdcloud.deleteSecret': 'acts',
  'eci.jdcloud.showQuota': 'reads',
};

/** VS Code's command behind the refusal's button (Manage Workspace Trust). */
const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** Whether the workspace is trusted, and when that becomes so: VS Code's, or one a test states. */
export interface TrustState {
  readonly isTrusted: boolean;
  readonly onDidGrant: vscode.Event<void>;
}

/** VS Code's own trust state (trust is never taken back while a window is open: VS Code reloads it). */
export const workspaceTrust: TrustState = {
  get isTrusted() {
    return vscode.workspace.isTrusted;
  },
  onDidGrant: vscode.workspace.onDidGrantWorkspaceTrust,
};

/** Thrown by `TrustGuard.check()`: the command acts and the workspace is not trusted. */
export class WorkspaceTrustRequired extends Error {
  constructor(
    readonly commandId: string,
    title: string,
  ) {
    super(
      vscode.l10n.t(
        '"{0}" needs a trusted workspace. In Restricted Mode the extension only reads (template validation, completion and hover, the explorer, logs); trust this folder to deploy, change or run anything.',
        title,
      ),
    );
    this.name = 'WorkspaceTrustRequired'; // l10n-ignore: the error's name, compared as a code
  }
}

/**
 * The one place that decides whether a command may run now. registerCommands() asks it before every command, so
 * the palette, keybindings, notification buttons and automation are held like the menus (whose `when` clauses
 * hide acting commands with `isWorkspaceTrusted`).
 */
export class TrustGuard {
  /** `titles`: the palette's name of each command (`ECI: Deploy Template`), for the refusal; else its ID is shown. */
  constructor(
    private readonly trust: TrustState = workspaceTrust,
    private readonly titles: Readonly<Record<string, string>> = {},
  ) {}

  get onDidGrant(): vscode.Event<void> {
    return this.trust.onDidGrant;
  }

  /** Whether `commandId` may run in this workspace now. */
  allows(commandId: string): boolean {
    return this.trust.isTrusted || COMMAND_TRUST[commandId] === 'reads';
  }

  /** Throws `WorkspaceTrustRequired` when `commandId` acts and the workspace is not trusted. */
  check(commandId: string): void {
    if (!this.allows(commandId)) throw new WorkspaceTrustRequired(commandId, this.titles[commandId] ?? commandId);
  }
}

/** Says why a command was refused, with a button to VS Code's workspace trust editor. */
export async function offerWorkspaceTrust(refusal: WorkspaceTrustRequired): Promise<void> {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(refusal.message, manage);
  if (choice === manage) await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
}

/**
 * `ECI: Deploy Template` for `eci.deploy`: the titles of a package.json's `contributes.commands`, as VS Code gives
 * them: in another display language a title or category is `{ value, original }` (package.nls.<lang>.json), and the
 * title read is its `value`, what the palette shows.
 */
export function commandTitles(packageJson: unknown): Record<string, string> {
  const commands = (packageJson as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  const titles: Record<string, string> = {};
  if (!Array.isArray(commands)) return titles;
  for (const entry of commands as { command?: unknown; title?: unknown; category?: unknown }[]) {
    const title = displayed(entry.title);
    if (typeof entry.command !== 'string' || title === undefined) continue;
    const category = displayed(entry.category);
    titles[entry.command] = category === undefined ? title : `${category}: ${title}`;
  }
  return titles;
}

/** A manifest string as shown: itself, or the `value` of a localized `{ value, original }`. */
function displayed(text: unknown): string | undefined {
  if (typeof text === 'string') return text;
  const value = (text as { value?: unknown } | null | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}
