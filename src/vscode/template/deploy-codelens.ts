import * as vscode from '../vscode-api';
import type { TrustGuard } from '../workspace-trust';
import { isJdcloudSpecDocument, isTemplateDocument, isTooLarge } from './template-documents';

/**
 * "Deploy" (and for an update template, "Update group") above the first line of every template; "Create
 * containers" above every Native Container spec. In Restricted Mode each says it needs a trusted workspace: its
 * command is then refused by the guard with a "Manage Workspace Trust" button, and the lenses change once trust is
 * granted.
 */
export class DeployCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly granted: vscode.Disposable;

  constructor(private readonly trust: TrustGuard) {
    this.granted = trust.onDidGrant(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    if (isJdcloudSpecDocument(document)) {
      return [
        this.lens(top, {
          title: `$(cloud-upload) ${vscode.l10n.t('Create containers')}`,
          command: 'eci.jdcloud.createContainers',
          arguments: [document.uri],
          tooltip: vscode.l10n.t('Create the containers of this spec with JD Cloud Native Container'),
        }),
      ];
    }
    if (!isTemplateDocument(document)) return [];
    const lenses = [
      this.lens(top, {
        title: `$(cloud-upload) ${vscode.l10n.t('Deploy')}`,
        command: 'eci.deploy',
        arguments: [document.uri],
        tooltip: vscode.l10n.t('Create a container group from this template'),
      }),
    ];
    // A document past the size limit is not searched: Deploy then refuses it with its one diagnostic.
    if (!isTooLarge(document) && /["']?containerGroupId["']?\s*:/.test(document.getText())) {
      lenses.push(
        this.lens(top, {
          title: `$(diff) ${vscode.l10n.t('Update group')}`,
          command: 'eci.updateFromTemplate',
          arguments: [document.uri],
          tooltip: vscode.l10n.t('Show what changes, then update the group named by containerGroupId'),
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.granted.dispose();
    this.changed.dispose();
  }

  private lens(range: vscode.Range, command: vscode.Command): vscode.CodeLens {
    if (this.trust.allows(command.command)) return new vscode.CodeLens(range, command);
    const name = command.title.replace(/^\$\([^)]*\)\s*/, '');
    return new vscode.CodeLens(range, {
      ...command,
      title: `$(workspace-untrusted) ${vscode.l10n.t('{0} (needs a trusted workspace)', name)}`,
      tooltip: vscode.l10n.t('{0}. Restricted Mode: trust this folder first.', command.tooltip ?? name),
    });
  }
}
