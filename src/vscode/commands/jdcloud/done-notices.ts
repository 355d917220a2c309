import * as vscode from '../../vscode-api';
import type { doneMessages } from '../../../jdcloud/operations';

/**
 * What an operation did, as its command's notification says it in VS Code's display language: doneMessages
 * (src/jdcloud/operations.ts) says the same in English, for the log.
 */
export const doneNotices: typeof doneMessages = {
  rebuilt: (name, image) =>
    vscode.l10n.t('{0} was rebuilt with {1}. It is stopped: start it to run the new image.', name, image),
  associated: (name, elasticIp) => vscode.l10n.t('EIP {0} is now on {1}.', elasticIp, name),
  disassociated: (name, elasticIp) =>
    vscode.l10n.t('EIP {0} is no longer on {1}; it stays in the account.', elasticIp, name),
  secretCreated: (name, regionId) => vscode.l10n.t('Registry secret {0} was created in {1}.', name, regionId),
  secretDeleted: (name, regionId) => vscode.l10n.t('Registry secret {0} was deleted from {1}.', name, regionId),
};
