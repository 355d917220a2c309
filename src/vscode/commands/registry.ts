import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { addProfile } from './add-profile';
import { copyGroupId } from './copy-group-id';
import { createImageCacheCommand } from './create-image-cache';
import { deleteGroup } from './delete-group';
import { deleteImageCacheCommand } from './delete-image-cache';
import { deployTemplateCommand } from './deploy-template';
import { exportTemplate } from './export-template';
import { importAliyunProfiles } from './import-aliyun-profiles';
import { loadAll, loadMore } from './load-more';
import { refreshExplorer } from './refresh-explorer';
import { removeProfile } from './remove-profile';
import { openTerminal } from './open-terminal';
import { restartGroup } from './restart-group';
import { runCommand } from './run-command';
import { selectProfile } from './select-profile';
import { showDiagnostics } from './show-diagnostics';
import { showEvents } from './show-events';
import { showMetrics } from './show-metrics';
import { streamLogs } from './stream-logs';
import { updateFromTemplateCommand } from './update-from-template';
import { useLocalEmulator } from './use-local-emulator';
import { addNativeContainerProfile } from './add-native-container-profile';
import { associateNativeElasticIp } from './associate-elastic-ip';
import { createNativeContainers } from './create-containers';
import { createNativeSecret } from './create-secret';
import { deleteNativeContainer } from './delete-container';
import { deleteNativeSecret } from './delete-secret';
import { describeNativeContainer } from './describe-container';
import { disassociateNativeElasticIp } from './disassociate-elastic-ip';
import { rebuildNativeContainer } from './rebuild-container';
import { renameNativeContainer } from './rename-container';
import { showNativeQuota } from './show-quota';
import { startNativeContainer } from './start-container';
import { stopNativeContainer } from './stop-container';

/**
 * Every command of the extension, one file each. The manifest check (scripts/check-manifest.mjs) fails CI when a
 * command contributed in package.json is missing here, or the other way round.
 */
export const COMMANDS: Readonly<Record<string, (services: ExtensionServices, ...args: unknown[]) => unknown>> = {
  'eci.refresh': refreshExplorer,
  'eci.useLocalEmulator': useLocalEmulator,
  'eci.addProfile': addProfile,
  'eci.importAliyunProfiles': importAliyunProfiles,
  'eci.selectProfile': selectProfile,
  'eci.removeProfile': removeProfile,
  'eci.loadMore': loadMore,
  'eci.loadAll': loadAll,
  'eci.deploy': deployTemplateCommand,
  'eci.updateFromTemplate': updateFromTemplateCommand,
  'eci.exportTemplate': exportTemplate,
  'eci.restartGroup': restartGroup,
  'eci.deleteGroup': deleteGroup,
  'eci.copyGroupId': copyGroupId,
  'eci.showEvents': showEvents,
  'eci.streamLogs': streamLogs,
  'eci.showMetrics': showMetrics,
  'eci.openTerminal': openTerminal,
  'eci.runCommand': runCommand,
  'eci.createImageCache': createImageCacheCommand,
  'eci.deleteImageCache': deleteImageCacheCommand,
  'eci.showDiagnostics': showDiagnostics,
  // JD Cloud Native Container (logs and terminals go through eci.streamLogs and eci.openTerminal, shared).
  'eci.nc.addProfile': addNativeContainerProfile,
  'eci.nc.createContainers': createNativeContainers,
  'eci.nc.startContainer': startNativeContainer,
  'eci.nc.stopContainer': stopNativeContainer,
  'eci.nc.rebuildContainer': rebuildNativeContainer,
  'eci.nc.renameContainer': renameNativeContainer,
  'eci.nc.describeContainer': describeNativeContainer,
  'eci.nc.deleteContainer': deleteNativeContainer,
  'eci.nc.associateElasticIp': associateNativeElasticIp,
  'eci.nc.disassociateElasticIp': disassociateNativeElasticIp,
  'eci.nc.createSecret': createNativeSecret,
  'eci.nc.deleteSecret': deleteNativeSecret,
  'eci.nc.showQuota': showNativeQuota,
};

export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(services, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        services.log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
