import * as vscode from './vscode-api';
import { messageText } from './error-text';
import { NETWORK_SETTINGS } from './client-settings';
import { registerCommands } from './commands/registry';
import { restoreExplorerGrouping } from './commands/group-explorer-by-tag';
import { addEmulatorProfile } from './commands/use-local-emulator';
import { CredentialStore } from './credential-store';
import { createLogger } from './logger';
import { PROVIDER_VIEWS } from './provider-views';
import { ProfileClients } from './profiles/clients';
import { LocalEmulator } from './profiles/local-emulator';
import { ProfileStatusBar } from './profiles/profile-status-bar';
import { migrateSavedState, ProfileStore } from './profiles/profile-store';
import type { Prompter } from './prompter';
import { PrompterSwitch, windowPrompter } from './prompter';
import { StatusNotifier } from './status-notifier';
import { LogStatusBar } from './terminals/log-status-bar';
import type { ExtensionServices } from './services';
import { ExpiredTokenNotice } from './profiles/expired-token-notice';
import { ContainerDebugProvider, DEBUG_TYPE } from './debug/container-debug';
import { ForwardedPorts } from './ports/forwarded-ports';
import { PortsView } from './ports/ports-view';
import { dropDeployProblemsOnEdit } from './deploy/deploy-errors';
import { LIVE_SCHEME, LiveTemplates } from './deploy/live-templates';
import { DeployCodeLens } from './template/deploy-codelens';
import { commandTitles, TrustGuard, workspaceTrust } from './workspace-trust';
import { ImageCacheSource } from './template/image-cache-source';
import { TEMPLATE_SELECTOR } from './template/template-documents';
import { TemplateDiagnostics } from './template/template-diagnostics';
import { registerTemplateLanguageFeatures } from './template/template-language-features';
import { ExplorerProvider } from './tree/explorer-provider';
import { explorerNode } from './tree/explorer-rows';
import type { TreeNode } from './tree/tree-node';
import { ContainerFilesDrop } from './files/container-drop';
import { registerContainerFileSystem } from './files/container-file-system';

/**
 * The emulator named by `eci.emulator.url` (set by `npm start`): its profile is there and every client talks to it.
 * A wrong value is said once, in a notification, and changes nothing else.
 */
async function useConfiguredEmulator(services: ExtensionServices): Promise<void> {
  services.emulator.settingChanged();
  services.clients.reset();
  try {
    if (LocalEmulator.configuredUrl() !== undefined) await addEmulatorProfile(services);
  } catch (error) {
    void vscode.window.showErrorMessage(messageText(error));
  }
  services.explorer.refresh();
}

/** What only the extension-host tests may do (see `EciExtensionApi.testing`). */
export interface ExtensionTesting {
  /** Commands ask `prompter` instead of the person until the returned disposable is disposed. */
  usePrompter(prompter: Prompter): vscode.Disposable;
  /** The node of a row, by the labels down from a profile's row (see explorerNode()), to act on as a click does. */
  explorerNode(profileId: string, labels: readonly string[]): Promise<unknown>;
  /** Drops a `text/uri-list` on a row's node, as dragging local files onto the row does. */
  drop(target: unknown, uriList: string): Promise<void>;
}

/**
 * Creates the shared services and registers every provider and command; all of it owned by the context. `testing`
 * is there only when VS Code runs the extension for its tests (ExtensionMode.Test).
 */
export function activateExtension(
  context: vscode.ExtensionContext,
  bundleEvaluationMs?: number,
): { services: ExtensionServices; testing: ExtensionTesting | undefined } {
  const started = performance.now();
  const log = createLogger();
  // Before anything reads it: what older versions saved under JD Cloud's old name, under its new one.
  void migrateSavedState(context.globalState).catch((error: unknown) =>
    log.warn(`Could not rewrite saved JD Cloud state under its new name: ${String(error)}`),
  );
  const profiles = new ProfileStore(context.globalState);
  const emulator = new LocalEmulator(context.extensionPath, context.globalStorageUri.fsPath, log);
  const credentials = new CredentialStore(context.secrets);
  const clients = new ProfileClients(credentials, emulator, log);
  const explorer = new ExplorerProvider(profiles, clients);
  const imageCaches = new ImageCacheSource(profiles, clients);
  const drop = new ContainerFilesDrop(() => services);
  const explorerView = vscode.window.createTreeView('eci.explorer', {
    treeDataProvider: explorer,
    canSelectMany: true,
    showCollapseAll: true,
    // Local files dropped on a container's folder are uploaded into it.
    dragAndDropController: drop,
  });
  // Groups on their way somewhere are polled only while the explorer can be seen.
  explorer.poller.setVisible(explorerView.visible);
  let lastEmulatorUrl = LocalEmulator.configuredText();
  const deployProblems = vscode.languages.createDiagnosticCollection('eci-deploy');
  const liveTemplates = new LiveTemplates();
  const logStatus = new LogStatusBar();
  const prompter = new PrompterSwitch(windowPrompter);
  // One guard for the commands and the lenses: in Restricted Mode, what acts waits for trust.
  const trustGuard = new TrustGuard(workspaceTrust, commandTitles(context.extension.packageJSON));
  const deployLens = new DeployCodeLens(trustGuard);
  const ports = new ForwardedPorts({ clients, log, profiles });
  const services: ExtensionServices = {
    context,
    log,
    explorer,
    profiles,
    clients,
    credentials,
    emulator,
    deployProblems,
    explorerView,
    liveTemplates,
    logStatus,
    prompter,
    ports,
  };
  const portsView = new PortsView(ports);
  const debugProvider = new ContainerDebugProvider(services);
  context.subscriptions.push(
    log,
    profiles,
    new ProfileStatusBar(profiles),
    profiles.onDidChange(() => {
      imageCaches.forget();
      explorer.refresh();
    }),
    emulator,
    emulator.onDidStop((reason) => {
      // Clients made for the emulator point at where it was; the tree then says why it is empty.
      clients.reset();
      explorer.refresh();
      const startAgain = vscode.l10n.t('Start Again');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('{0} The explorer, log views and terminals on it go on once it runs again.', reason),
          startAgain,
        )
        .then((choice) => (choice === startAgain ? vscode.commands.executeCommand('eci.useLocalEmulator') : undefined));
    }),
    clients,
    explorer,
    vscode.workspace.onDidChangeConfiguration((event) => {
      const treeSettings = ['eci.hideEmptyRegions', ...PROVIDER_VIEWS.flatMap((view) => view.treeSettings)];
      if (treeSettings.some((setting) => event.affectsConfiguration(setting))) explorer.refresh();
      if (
        ['eci.signatureVersion', 'eci.requestTimeoutMs', ...NETWORK_SETTINGS].some((key) =>
          event.affectsConfiguration(key),
        )
      ) {
        clients.reset();
        explorer.refresh();
      }
      // Compared by value: while a remote window loads its settings, the value can change in an event that does
      // not report the key as affected.
      const emulatorUrl = LocalEmulator.configuredText();
      if (emulatorUrl !== lastEmulatorUrl) {
        lastEmulatorUrl = emulatorUrl;
        void useConfiguredEmulator(services);
      }
    }),
    explorerView,
    explorerView.onDidChangeVisibility((event) => explorer.poller.setVisible(event.visible)),
    deployProblems,
    dropDeployProblemsOnEdit(deployProblems),
    liveTemplates,
    logStatus,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, liveTemplates),
    ...registerContainerFileSystem(profiles, clients),
    deployLens,
    vscode.languages.registerCodeLensProvider(TEMPLATE_SELECTOR, deployLens),
    ...registerCommands(services, trustGuard),
    // After the commands: its notifications' buttons run them.
    new StatusNotifier(services),
    new ExpiredTokenNotice(services),
    ports,
    portsView,
    vscode.window.createTreeView('eci.forwardedPorts', { treeDataProvider: portsView }),
    debugProvider,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, debugProvider),
    new TemplateDiagnostics(),
    ...registerTemplateLanguageFeatures(imageCaches),
  );
  if (lastEmulatorUrl !== '') void useConfiguredEmulator(services);
  restoreExplorerGrouping(services);
  // Read by the activation benchmark from the log.
  log.info(
    `ECI activated in ${(performance.now() - started).toFixed(1)} ms${bundleEvaluationMs === undefined ? '' : `; its bundle evaluated in ${bundleEvaluationMs.toFixed(1)} ms`}`,
  );
  const testing =
    context.extensionMode === vscode.ExtensionMode.Test
      ? {
          usePrompter: (replacement: Prompter) => prompter.use(replacement),
          explorerNode: (profileId: string, labels: readonly string[]) => explorerNode(services, profileId, labels),
          drop: (target: unknown, uriList: string) => {
            const transfer = new vscode.DataTransfer();
            transfer.set('text/uri-list', new vscode.DataTransferItem(uriList));
            return drop.handleDrop(target as TreeNode, transfer);
          },
        }
      : undefined;
  return { services, testing };
}
