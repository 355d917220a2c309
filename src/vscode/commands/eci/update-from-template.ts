import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import type { DeployMethod } from '../../../deploy/template-deploy';
import { exportGroup, updateFromTemplate } from '../../../deploy/template-deploy';
import { createOnlyDifferences, summarizeChanges, templateChanges } from '../../../deploy/template-diff';
import { reportDeployError } from '../../deploy/deploy-errors';
import { followGroup, settledMessage } from '../../deploy/follow-group';
import { templateFromEditor } from '../../deploy/template-target';
import { templateText } from '../../deploy/template-text';
import type { ExtensionServices } from '../../services';
import { updateOptionsArg } from '../command-args';
import { resolveGroups } from './group-target';
import { joinSentences } from '../../../core/messages/messages';

/**
 * ECI: Update Group from Template — compares the live group (exported) with the template, shows the diff and a
 * short summary of what will change, sends nothing when nothing changes, and otherwise updates after a
 * confirmation and follows the group as a deploy does. The group is the template's `containerGroupId`, else
 * picked. Returns the summary lines (empty when nothing changed).
 */
export async function updateFromTemplateCommand(
  services: ExtensionServices,
  uri?: unknown,
  given?: unknown,
): Promise<string[] | undefined> {
  const options = updateOptionsArg(given);
  const source = await templateFromEditor(uri);
  if (source === undefined) return undefined;
  const { document, template } = source;
  const groupId = template['containerGroupId'];
  const regionId = template['regionId'];
  const [target] = await resolveGroups(
    services,
    typeof groupId === 'string'
      ? { containerGroupIds: [groupId], regionId: typeof regionId === 'string' ? regionId : undefined }
      : undefined,
    false,
  );
  if (target === undefined) return undefined;
  const id = target.group.ContainerGroupId;
  const method = vscode.workspace.getConfiguration('eci').get<DeployMethod>('deploy.method', 'auto');
  const live = (await exportGroup(target.client, id, target.regionId, method)).template;
  const summary = summarizeChanges(templateChanges(live, template), displayLocale());
  const name = target.group.ContainerGroupName ?? id;
  const createOnly = createOnlyDifferences(live, template);
  const kept =
    createOnly.length === 0
      ? ''
      : createOnly.length === 1
        ? vscode.l10n.t(
            "{0} can be set only when a group is created: an update keeps {1}'s as it is (deploy a new group to change it).",
            createOnly.join(', '),
            name,
          )
        : vscode.l10n.t(
            "{0} can be set only when a group is created: an update keeps {1}'s as they are (deploy a new group to change them).",
            createOnly.join(', '),
            name,
          );
  if (summary.length === 0) {
    const path = vscode.workspace.asRelativePath(document.uri);
    const nothing =
      kept === ''
        ? vscode.l10n.t('Nothing to update: {0} already is what {1} says. Nothing was sent.', name, path)
        : vscode.l10n.t(
            'Nothing to update: {0} already is what {1} says, but for what an update cannot change. Nothing was sent.',
            name,
            path,
          );
    if (kept === '') void vscode.window.showInformationMessage(nothing);
    else void vscode.window.showWarningMessage(joinSentences(nothing, kept));
    return [];
  }
  const format = document.languageId === 'yaml' ? 'yaml' : 'json';
  const liveUri = services.liveTemplates.show(`${id}.eci.${format}`, templateText(live, format));
  await vscode.commands.executeCommand(
    'vscode.diff',
    liveUri,
    document.uri,
    vscode.l10n.t('{0} (live) ↔ {1}', name, vscode.workspace.asRelativePath(document.uri)),
    { preview: true },
  );
  const shown =
    summary.slice(0, 12).join('\n') +
    (summary.length > 12 ? `\n${vscode.l10n.t('… and {0} more', summary.length - 12)}` : '') +
    (kept === '' ? '' : `\n\n${kept}`);
  const confirmed = await services.prompter.confirm({
    message:
      summary.length === 1
        ? vscode.l10n.t('Update {0}: 1 change?', name)
        : vscode.l10n.t('Update {0}: {1} changes?', name, summary.length),
    detail: shown,
    action: vscode.l10n.t('Update'),
  });
  if (!confirmed) return summary;
  services.deployProblems.delete(document.uri);
  try {
    const outcome = await updateFromTemplate(target.client, id, template, target.regionId, method);
    services.log.info(
      `Updated ${id} through ${outcome.method === 'template' ? 'UpdateContainerGroupByTemplate' : 'UpdateContainerGroup'} (request ${outcome.requestId}): ${summary.join('; ')}`,
    );
  } catch (error) {
    reportDeployError(services.deployProblems, document, error, vscode.l10n.t('Updating {0}', name));
    return summary;
  }
  services.explorer.refresh();
  const settled = await followGroup(
    target.client,
    id,
    target.regionId,
    vscode.l10n.t('Updating {0}…', name),
    options.followIntervalMs,
  );
  services.explorer.refresh();
  if (settled !== undefined) {
    const { ok, text } = settledMessage(settled);
    if (ok) void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text);
  }
  return summary;
}
