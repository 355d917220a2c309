import { randomUUID } from 'node:crypto';
import { displayLocale } from '../../display-locale';
import * as vscode from '../../vscode-api';
import { parseTemplateText } from '../../../template/document';
import { JDCLOUD_SPEC } from '../../../template/dialects';
import { validateTemplateText } from '../../../template/validate';
import type { ContainerSpec } from '../../../jdcloud/operations';
import { createContainers } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { isJdcloudSpecDocument, templateLanguage } from '../../template/template-documents';
import { uriArg } from '../command-args';
import { jdcloudRegion } from './container-target';
import { joinSentences } from '../../../core/messages/messages';

interface JdcloudSpecFile {
  readonly regionId?: string;
  readonly maxCount?: number;
  readonly clientToken?: string;
  readonly containerSpec: ContainerSpec;
}

/**
 * JD Cloud: Create Containers from Spec — the spec file the command was given (its CodeLens passes the URI) or the
 * active editor's, checked first (problems are shown and nothing is sent), confirmed in a modal that says how many,
 * what and where, then createContainers with a client token (a retried request makes no second set). The region is
 * the spec's `regionId`, else the profile's. Returns the new container IDs.
 */
export async function createJdcloudContainers(services: ExtensionServices, arg?: unknown): Promise<string[]> {
  const uri = uriArg(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined)
    throw new Error(vscode.l10n.t('Open a Native Container spec (*.jdcloud.yaml or *.jdcloud.json) first.'));
  const document = await vscode.workspace.openTextDocument(uri);
  if (!isJdcloudSpecDocument(document))
    throw new Error(
      vscode.l10n.t(
        '{0} is not a Native Container spec (name it *.jdcloud.yaml or *.jdcloud.json).',
        vscode.workspace.asRelativePath(uri),
      ),
    );
  const language = templateLanguage(document);
  const errors = validateTemplateText(document.getText(), language, JDCLOUD_SPEC, displayLocale()).filter(
    (d) => d.severity === 'error',
  );
  if (errors.length > 0) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const first = errors[0];
    const summary =
      errors.length === 1
        ? vscode.l10n.t('The spec has 1 problem; fix it first.')
        : vscode.l10n.t('The spec has {0} problems; fix them first.', errors.length);
    throw new Error(
      first === undefined
        ? summary
        : joinSentences(summary, vscode.l10n.t('Line {0}: {1}', first.range.start.line + 1, first.message)),
    );
  }
  const documents = parseTemplateText(document.getText(), language, JDCLOUD_SPEC.schema).documents;
  if (documents.length !== 1)
    throw new Error(vscode.l10n.t('This file holds {0} documents; create from one spec at a time.', documents.length));
  const spec = documents[0]?.value as JdcloudSpecFile;
  const { profile, regionId, client } = await jdcloudRegion(services, { regionId: spec.regionId });
  const count = spec.maxCount ?? 1;
  const { name, image, instanceType } = spec.containerSpec;
  const what =
    count === 1
      ? vscode.l10n.t('1 container "{0}" ({1}, {2})', name, image, instanceType)
      : vscode.l10n.t('{0} containers "{1}" ({2}, {3})', count, name, image, instanceType);
  const confirmed = await services.prompter.confirm({
    message: vscode.l10n.t('Create {0} in {1} with {2}?', what, regionId, profile.name),
    action: vscode.l10n.t('Create'),
    severity: 'info',
  });
  if (!confirmed) return [];
  const { containerIds } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating {0}', what) },
    () =>
      createContainers(client, regionId, spec.containerSpec, {
        maxCount: count,
        clientToken: spec.clientToken ?? randomUUID(),
      }),
  );
  services.log.info(`Created ${containerIds.join(', ')} in ${regionId} (${profile.name})`);
  services.explorer.refresh(profile.id);
  void vscode.window.showInformationMessage(vscode.l10n.t('Created {0} in {1}.', containerIds.join(', '), regionId));
  return containerIds;
}
