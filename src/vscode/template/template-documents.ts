import * as vscode from '../vscode-api';
import type { TemplateLanguage } from '../../template/document';

/**
 * Which documents are ECI templates: by name (`*.eci.json`, `*.eci.yaml`, `*.eci.yml`), by a `$schema` that points
 * at our schema, or by the `eci.templateFiles` setting (glob patterns).
 */
const NAME = /\.eci\.(json|ya?ml)$/i;
const SCHEMA_REFERENCE = /["']?\$schema["']?\s*:\s*["']?[^"'\n]*eci-template\.schema\.json/;

export function isTemplateDocument(document: vscode.TextDocument): boolean {
  if (!['json', 'jsonc', 'yaml'].includes(document.languageId)) return false;
  if (NAME.test(document.fileName)) return true;
  const patterns = vscode.workspace.getConfiguration('eci').get<string[]>('templateFiles', []);
  if (patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0)) return true;
  return SCHEMA_REFERENCE.test(document.getText(new vscode.Range(0, 0, 40, 0)));
}

/** How the template core should read a document: by the editor's language, not by guessing from the text. */
export function templateLanguage(document: vscode.TextDocument): TemplateLanguage {
  return document.languageId === 'yaml' ? 'yaml' : 'json';
}

export const TEMPLATE_SELECTOR: vscode.DocumentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'yaml' },
];
