import * as vscode from '../vscode-api';
import { messageText } from '../error-text';
import type { ExtensionServices } from '../services';
import { ECI_PROVIDER } from '../../eci/provider';
import { JDCLOUD_PROVIDER } from '../../jdcloud/provider';
import { deleteWorkloads } from './delete-workloads';
import { clearExplorerFilter, filterExplorer } from './filter-explorer';
import { describeWorkload } from './describe-workload';
import { groupExplorerByTag } from './group-explorer-by-tag';
import { CommandArgumentError } from './command-args';
import { addProfile } from './eci/add-profile';
import { copyGroupId } from './eci/copy-group-id';
import { createImageCacheCommand } from './eci/create-image-cache';
import { deleteImageCacheCommand } from './eci/delete-image-cache';
import { deployTemplateCommand } from './eci/deploy-template';
import { exportTemplate } from './eci/export-template';
import { openSampleTemplate } from './eci/open-sample-template';
import { importAliyunProfiles } from './eci/import-aliyun-profiles';
import { loadAll, loadMore } from './eci/load-more';
import { refreshExplorer } from './refresh-explorer';
import { removeProfile } from './remove-profile';
import { openTerminal } from './open-terminal';
import { attachDebugger } from './attach-debugger';
import { copyForwardedAddress } from './copy-forwarded-address';
import { forwardPort } from './forward-port';
import { openForwardedPort } from './open-forwarded-port';
import { stopPortForward } from './stop-port-forward';
import { downloadContainerFile } from './files/download-container-file';
import { openContainerFile } from './files/open-container-file';
import { uploadToContainer } from './files/upload-to-container';
import { restartGroup } from './eci/restart-group';
import { runCommand } from './eci/run-command';
import { selectProfile } from './select-profile';
import { showDiagnostics } from './show-diagnostics';
import { showEvents } from './eci/show-events';
import { showMetrics } from './eci/show-metrics';
import { streamLogs } from './stream-logs';
import { updateFromTemplateCommand } from './eci/update-from-template';
import { useLocalEmulator } from './use-local-emulator';
import { chooseInstanceType } from './eci/choose-instance-type';
import { showQuota } from './eci/show-quota';
import { resizeVolume } from './eci/resize-volume';
import { updateImageCacheCommand } from './eci/update-image-cache';
import { collectDiagnostics } from './eci/collect-diagnostics';
import { commitContainerCommand } from './eci/commit-container';
import { copyDataCacheCommand } from './eci/copy-data-cache';
import { createDataCacheCommand } from './eci/create-data-cache';
import { createVirtualNodeCommand } from './eci/create-virtual-node';
import { deleteDataCacheCommand } from './eci/delete-data-cache';
import { deleteVirtualNodeCommand } from './eci/delete-virtual-node';
import { showOpsRecords } from './eci/show-ops-records';
import { updateDataCacheCommand } from './eci/update-data-cache';
import { addJdcloudProfile } from './jdcloud/add-profile';
import { associateJdcloudElasticIp } from './jdcloud/associate-elastic-ip';
import { createJdcloudContainers } from './jdcloud/create-containers';
import { createJdcloudSecret } from './jdcloud/create-secret';
import { deleteJdcloudSecret } from './jdcloud/delete-secret';
import { disassociateJdcloudElasticIp } from './jdcloud/disassociate-elastic-ip';
import { rebuildJdcloudContainer } from './jdcloud/rebuild-container';
import { renameJdcloudContainer } from './jdcloud/rename-container';
import { showJdcloudQuota } from './jdcloud/show-quota';
import { startJdcloudContainer } from './jdcloud/start-container';
import { stopJdcloudContainer } from './jdcloud/stop-container';
import { importJdcProfiles } from './jdcloud/import-jdc-profiles';
import { offerWorkspaceTrust, type TrustGuard, WorkspaceTrustRequired } from '../workspace-trust';

/**
 * Every command of the extension, one file each. The manifest check (scripts/check-manifest.mjs) fails CI when a
 * command contributed in package.json is missing here, or the other way round.
 */
export const COMMANDS: Readonly<Record<string, (services: ExtensionServices, ...args: unknown[]) => unknown>> = {
  'eci.refresh': refreshExplorer,
  'eci.filterExplorer': filterExplorer,
  'eci.clearExplorerFilter': clearExplorerFilter,
  'eci.groupExplorerByTag': groupExplorerByTag,
  'eci.useLocalEmulator': useLocalEmulator,
  'eci.addProfile': addProfile,
  'eci.importAliyunProfiles': importAliyunProfiles,
  'eci.selectProfile': selectProfile,
  'eci.removeProfile': removeProfile,
  'eci.loadMore': loadMore,
  'eci.loadAll': loadAll,
  'eci.openSampleTemplate': openSampleTemplate,
  'eci.deploy': deployTemplateCommand,
  'eci.updateFromTemplate': updateFromTemplateCommand,
  'eci.exportTemplate': exportTemplate,
  'eci.restartGroup': restartGroup,
  'eci.deleteGroup': deleteWorkloads(ECI_PROVIDER),
  'eci.describeGroup': describeWorkload(ECI_PROVIDER),
  'eci.copyGroupId': copyGroupId,
  'eci.showEvents': showEvents,
  'eci.streamLogs': streamLogs,
  'eci.showMetrics': showMetrics,
  'eci.openTerminal': openTerminal,
  'eci.runCommand': runCommand,
  'eci.forwardPort': forwardPort,
  'eci.stopPortForward': stopPortForward,
  'eci.openForwardedPort': openForwardedPort,
  'eci.copyForwardedAddress': copyForwardedAddress,
  'eci.attachDebugger': attachDebugger,
  // Containers' files over exec (both providers): the Files rows under a running container.
  'eci.openContainerFile': openContainerFile,
  'eci.downloadContainerFile': downloadContainerFile,
  'eci.uploadToContainer': uploadToContainer,
  'eci.createImageCache': createImageCacheCommand,
  'eci.deleteImageCache': deleteImageCacheCommand,
  'eci.showDiagnostics': showDiagnostics,
  // Today's ECI: what a region sells, quotas, volume resize, image cache updates.
  'eci.chooseInstanceType': chooseInstanceType,
  'eci.showQuota': showQuota,
  'eci.resizeVolume': resizeVolume,
  'eci.updateImageCache': updateImageCacheCommand,
  // Today's ECI operations: commit, instance O&M, data caches, virtual nodes.
  'eci.commitContainer': commitContainerCommand,
  'eci.collectDiagnostics': collectDiagnostics,
  'eci.showOpsRecords': showOpsRecords,
  'eci.createDataCache': createDataCacheCommand,
  'eci.updateDataCache': updateDataCacheCommand,
  'eci.copyDataCache': copyDataCacheCommand,
  'eci.deleteDataCache': deleteDataCacheCommand,
  'eci.createVirtualNode': createVirtualNodeCommand,
  'eci.deleteVirtualNode': deleteVirtualNodeCommand,
  // JD Cloud Native Container (logs and terminals go through eci.streamLogs and eci.openTerminal, shared).
  'eci.jdcloud.addProfile': addJdcloudProfile,
  'eci.jdcloud.importJdcProfiles': importJdcProfiles,
  'eci.jdcloud.createContainers': createJdcloudContainers,
  'eci.jdcloud.startContainer': startJdcloudContainer,
  'eci.jdcloud.stopContainer': stopJdcloudContainer,
  'eci.jdcloud.rebuildContainer': rebuildJdcloudContainer,
  'eci.jdcloud.renameContainer': renameJdcloudContainer,
  'eci.jdcloud.describeContainer': describeWorkload(JDCLOUD_PROVIDER),
  'eci.jdcloud.deleteContainer': deleteWorkloads(JDCLOUD_PROVIDER),
  'eci.jdcloud.associateElasticIp': associateJdcloudElasticIp,
  'eci.jdcloud.disassociateElasticIp': disassociateJdcloudElasticIp,
  'eci.jdcloud.createSecret': createJdcloudSecret,
  'eci.jdcloud.deleteSecret': deleteJdcloudSecret,
  'eci.jdcloud.showQuota': showJdcloudQuota,
};

/**
 * JD Cloud's commands as they were named before the provider's one name was `jdcloud` (`eci.nc.*`): still run, so
 * that a keybinding or a task that names one keeps working. Not contributed: the palette shows each command once.
 */
export const FORMER_COMMAND_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(COMMANDS)
    .filter((id) => id.startsWith('eci.jdcloud.'))
    .map((id) => [`eci.nc.${id.slice('eci.jdcloud.'.length)}`, id]),
);

/**
 * Registers every command, each behind `guard`: in Restricted Mode a command that acts (COMMAND_TRUST in
 * src/vscode/workspace-trust.ts) is refused, however it was run.
 */
export function registerCommands(services: ExtensionServices, guard: TrustGuard): vscode.Disposable[] {
  const formerIds = Object.entries(FORMER_COMMAND_IDS).map(([former, id]) =>
    vscode.commands.registerCommand(former, (...args: unknown[]) => vscode.commands.executeCommand(id, ...args)),
  );
  const handlers = Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(
      id,
      guardedCommand(id, (...args) => handler(services, ...args), services.log, guard),
    ),
  );
  return [...formerIds, ...handlers];
}

/**
 * What VS Code runs for command `id`: `run` once `guard` allows it, with its errors logged to the "ECI" channel and
 * shown. A refusal for want of trust says so with a "Manage Workspace Trust" button; the result is then undefined.
 */
export function guardedCommand(
  id: string,
  run: (...args: unknown[]) => unknown,
  log: vscode.LogOutputChannel,
  guard: TrustGuard,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      guard.check(id);
      return await run(...args);
    } catch (error) {
      if (error instanceof WorkspaceTrustRequired) {
        log.warn(`${id} refused: the workspace is not trusted (Restricted Mode)`);
        void offerWorkspaceTrust(error);
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${id} failed: ${message}`);
      // An argument it cannot take is automation's mistake: the notification says which command was called. The
      // rest in VS Code's display language where the core made them of its catalog's messages.
      void vscode.window.showErrorMessage(
        error instanceof CommandArgumentError ? `${id}: ${message}` : messageText(error),
      );
      return undefined;
    }
  };
}
