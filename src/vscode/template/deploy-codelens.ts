import * as vscode from '../vscode-api';
import { isJdcloudSpecDocument, isTemplateDocument, isTooLarge } from './template-documents';

/**
 * "Deploy" (and for an update template, "Update group") above the first line of every template; "Create
 * containers" above every Native Container spec.
 */
export class DeployCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (isJdcloudSpecDocument(document)) {
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: '$(cloud-upload) Create containers',
          command: 'eci.jdcloud.createContainers',
          arguments: [document.uri],
          tooltip: 'Create the containers of this spec with JD Cloud Native Container',
        }),
      ];
    }
    if (!isTemplateDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: '$(cloud-upload) Deploy',
        command: 'eci.deploy',
        arguments: [document.uri],
        tooltip: 'Create a container group from this template',
      }),
    ];
    // A document past the size limit is not searched: Deploy then refuses it with its one diagnostic.
    if (!isTooLarge(document) && /["']?containerGroupId["']?\s*:/.test(document.getText())) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(diff) Update group',
          command: 'eci.updateFromTemplate',
          arguments: [document.uri],
          tooltip: 'Show what changes, then update the group named by containerGroupId',
        }),
      );
    }
    return lenses;
  }
}
