import * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import type { TemplateDiagnostic } from '../../template/document';
import { tooLargeDiagnostic } from '../../template/document';
import { validateTemplateText } from '../../template/validate';
import type { SpecDialect } from '../../template/dialects';
import { DebouncedDiagnostics } from './debounced-diagnostics';
import { documentLength, isTooLarge, specDialect, templateLanguage } from './template-documents';

/**
 * Problems of template documents, updated as the user types (debounced, so typing never waits for validation).
 * Schema-level problems of JSON files are already reported by VS Code's JSON support through our
 * `jsonValidation` contribution, and those of YAML files by Red Hat YAML when it is installed (through
 * `yamlValidation`); then only the problems the schema cannot find are added here, so none shows twice.
 */
const SCHEMA_LEVEL = new Set([
  'syntax',
  'duplicate-key',
  'trailing-comma',
  'unknown-property',
  'out-of-range',
  'too-many',
  'too-few',
  'too-long',
  'too-short',
]);
const DEBOUNCE_MS = 200;

export class TemplateDiagnostics extends DebouncedDiagnostics {
  constructor() {
    super('eci-template', DEBOUNCE_MS);
    this.checkAll();
  }

  protected checkerOf(document: vscode.TextDocument): (() => void) | undefined {
    const dialect = specDialect(document);
    if (dialect === undefined) return undefined;
    return () => {
      if (!document.isClosed) this.collection.set(document.uri, this.diagnose(document, dialect));
    };
  }

  private diagnose(document: vscode.TextDocument, dialect: SpecDialect): vscode.Diagnostic[] {
    // Too large to check: that one diagnostic, without copying the text out of the editor.
    if (isTooLarge(document)) return [toVscodeDiagnostic(tooLargeDiagnostic(documentLength(document)))];
    const othersValidate =
      document.languageId !== 'yaml' || vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined;
    // In VS Code's display language, as `eci validate` says them in the shell's.
    return validateTemplateText(document.getText(), templateLanguage(document), dialect, displayLocale())
      .filter((d) => !(othersValidate && (SCHEMA_LEVEL.has(d.code) || d.code.startsWith('schema-'))))
      .map(toVscodeDiagnostic);
  }
}

export function toVscodeDiagnostic(d: TemplateDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const severity =
    d.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : d.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.code = d.code;
  diagnostic.source = 'ECI';
  return diagnostic;
}
