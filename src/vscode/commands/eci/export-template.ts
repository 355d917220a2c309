import { homedir } from 'node:os';
import * as vscode from '../../vscode-api';
import type { DeployMethod } from '../../../deploy/template-deploy';
import { exportGroup } from '../../../deploy/template-deploy';
import { maskSecrets } from '../../../deploy/template-diff';
import { templateText } from '../../deploy/template-text';
import type { ExtensionServices } from '../../services';
import { groupTargets } from './group-target';

/**
 * A new untitled document named `<group name>.eci.yaml` (or `.eci.json`) in the workspace's first folder (else the
 * home folder): a template from the first moment, by its name (lens, diagnostics, completion, Update), and Save
 * proposes that name. A name taken by a file or an open document gets `-2`, `-3`…
 */
async function untitledTemplate(
  groupName: string,
  format: 'yaml' | 'json',
  content: string,
): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const base = groupName.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || 'container-group';
  const taken = async (uri: vscode.Uri): Promise<boolean> =>
    vscode.workspace.textDocuments.some((d) => d.uri.path === uri.path) ||
    (await vscode.workspace.fs.stat(uri.with({ scheme: folder.scheme })).then(
      () => true,
      () => false,
    ));
  let uri = vscode.Uri.joinPath(folder, `${base}.eci.${format}`).with({ scheme: 'untitled' });
  for (let n = 2; await taken(uri); n++)
    uri = vscode.Uri.joinPath(folder, `${base}-${n}.eci.${format}`).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  await vscode.workspace.applyEdit(edit);
  return document;
}

/**
 * ECI: Export Template — a group's template in a new untitled document named after the group (YAML, or JSON by
 * `eci.export.format`),
 * through ExportContainerGroupTemplate or, where that action is gone, built from DescribeContainerGroups.
 * Registry passwords and secret-looking variables are masked; the notification offers to reveal them.
 * Returns the new document.
 */
export async function exportTemplate(
  services: ExtensionServices,
  ...args: unknown[]
): Promise<vscode.TextDocument | undefined> {
  const [target] = await groupTargets(services, args, false);
  if (target === undefined) return undefined;
  const method = vscode.workspace.getConfiguration('eci').get<DeployMethod>('deploy.method', 'auto');
  const format = vscode.workspace.getConfiguration('eci').get<'yaml' | 'json'>('export.format', 'yaml');
  const { template, method: used } = await exportGroup(
    target.client,
    target.group.ContainerGroupId,
    target.regionId,
    method,
  );
  services.log.info(
    `Exported ${target.group.ContainerGroupId} through ${used === 'template' ? 'ExportContainerGroupTemplate' : 'DescribeContainerGroups'}`,
  );
  // The group's ID first, so that the exported file is an update template for the same group as it stands.
  const withId = { containerGroupId: target.group.ContainerGroupId, ...template };
  const { template: masked, masked: count } = maskSecrets(withId);
  const reveal = args.includes('reveal');
  const document = await untitledTemplate(
    target.group.ContainerGroupName ?? target.group.ContainerGroupId,
    format,
    templateText(reveal ? withId : masked, format),
  );
  await vscode.window.showTextDocument(document);
  if (count > 0 && !reveal) {
    const revealAction = vscode.l10n.t('Reveal');
    void vscode.window
      .showInformationMessage(
        count === 1
          ? vscode.l10n.t('1 secret is masked in this export.')
          : vscode.l10n.t('{0} secrets are masked in this export.', count),
        revealAction,
      )
      .then(async (choice) => {
        if (choice === revealAction)
          await vscode.window.showTextDocument(
            await untitledTemplate(
              target.group.ContainerGroupName ?? target.group.ContainerGroupId,
              format,
              templateText(withId, format),
            ),
          );
      });
  }
  return document;
}
