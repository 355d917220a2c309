import * as vscode from '../vscode-api';
import type { DeployMethod } from '../../deploy/template-deploy';
import { exportGroup } from '../../deploy/template-deploy';
import { maskSecrets } from '../../deploy/template-diff';
import { templateText } from '../deploy/template-text';
import type { ExtensionServices } from '../services';
import { groupTargets } from './group-target';

/**
 * ECI: Export Template — a group's template in a new untitled document (YAML, or JSON by `eci.export.format`),
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
  const document = await vscode.workspace.openTextDocument({
    language: format === 'json' ? 'json' : 'yaml',
    content: templateText(reveal ? withId : masked, format),
  });
  await vscode.window.showTextDocument(document);
  if (count > 0 && !reveal) {
    void vscode.window
      .showInformationMessage(`${count} secret${count === 1 ? ' is' : 's are'} masked in this export.`, 'Reveal')
      .then(async (choice) => {
        if (choice === 'Reveal')
          await vscode.window.showTextDocument(
            await vscode.workspace.openTextDocument({
              language: document.languageId,
              content: templateText(withId, format),
            }),
          );
      });
  }
  return document;
}
