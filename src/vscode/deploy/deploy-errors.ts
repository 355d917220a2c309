import * as vscode from '../vscode-api';
import { describeCloudError } from '../error-text';
import { CloudError } from '../../core/errors';
import { parseTemplateText } from '../../template/document';
import { nodeAt } from '../../template/source-tree';
import { fieldOf } from '../../deploy/error-field';
import { templateLanguage } from '../template/template-documents';

/**
 * Shows an API error of a deploy or update: on the field it names when it names one (and the notification says
 * so), as a notification with the code, hint and request ID always.
 */
export function reportDeployError(
  collection: vscode.DiagnosticCollection,
  document: vscode.TextDocument,
  error: unknown,
  what: string,
): void {
  collection.delete(document.uri);
  if (!(error instanceof CloudError)) throw error;
  const pointer = fieldOf(error);
  if (pointer !== undefined) {
    const root = parseTemplateText(document.getText(), templateLanguage(document)).documents[0]?.root ?? null;
    const node = nodeAt(root, pointer);
    if (node !== null) {
      const range = new vscode.Range(document.positionAt(node.start), document.positionAt(node.end));
      const diagnostic = new vscode.Diagnostic(
        range,
        vscode.l10n.t('{0} failed: {1}', what, describeCloudError(error)),
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'ECI API'; // l10n-ignore: the diagnostics' source, a product name that filters them
      diagnostic.code = error.code;
      collection.set(document.uri, [diagnostic]);
    }
  }
  void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', what, describeCloudError(error)));
}

/**
 * An API error on a field holds for the text that was sent: once that field is edited (or text before it, which
 * moves it), the diagnostic goes, rather than staying in Problems after the fix until the next deploy.
 */
export function dropDeployProblemsOnEdit(collection: vscode.DiagnosticCollection): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((event) => {
    const problems = collection.get(event.document.uri);
    if (problems === undefined || problems.length === 0 || event.contentChanges.length === 0) return;
    const kept = problems.filter((problem) =>
      event.contentChanges.every((change) => change.range.start.isAfter(problem.range.end)),
    );
    if (kept.length !== problems.length) collection.set(event.document.uri, kept);
  });
}
