import * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import type { TemplateDiagnostic } from '../../template/document';
import { parseTemplateText } from '../../template/document';
import { validateTemplateText } from '../../template/validate';
import { uriArg } from '../commands/command-args';
import { isTemplateDocument, templateLanguage } from '../template/template-documents';
import { joinSentences } from '../../core/messages/messages';

export type TemplateObject = Record<string, unknown>;

/**
 * The template a deploy or update acts on: the document the command was given (a CodeLens or editor-title button
 * passes its URI) or the active editor's. It must be one valid document: otherwise the problems are put in view
 * and undefined is returned.
 */
export async function templateFromEditor(
  arg: unknown,
): Promise<{ document: vscode.TextDocument; template: TemplateObject } | undefined> {
  const uri = uriArg(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined) throw new Error(vscode.l10n.t('Open an ECI template (*.eci.yaml or *.eci.json) first.'));
  const document = await vscode.workspace.openTextDocument(uri);
  if (!isTemplateDocument(document))
    throw new Error(
      vscode.l10n.t(
        '{0} is not an ECI template (name it *.eci.yaml or *.eci.json, or list it in eci.templateFiles).',
        vscode.workspace.asRelativePath(uri),
      ),
    );
  const language = templateLanguage(document);
  const errors = validateTemplateText(document.getText(), language, undefined, displayLocale()).filter(
    (d: TemplateDiagnostic) => d.severity === 'error',
  );
  if (errors.length > 0) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const first = errors[0];
    const summary =
      errors.length === 1
        ? vscode.l10n.t('The template has 1 problem; fix it first.')
        : vscode.l10n.t('The template has {0} problems; fix them first.', errors.length);
    void vscode.window.showErrorMessage(
      first === undefined
        ? summary
        : joinSentences(summary, vscode.l10n.t('Line {0}: {1}', first.range.start.line + 1, first.message)),
    );
    return undefined;
  }
  const documents = parseTemplateText(document.getText(), language).documents;
  if (documents.length !== 1)
    throw new Error(vscode.l10n.t('This file holds {0} documents; deploy one template at a time.', documents.length));
  const { $schema: _schema, ...template } = documents[0]?.value as TemplateObject;
  return { document, template };
}
