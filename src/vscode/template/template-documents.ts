import * as vscode from 'vscode';

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

export const TEMPLATE_SELECTOR: vscode.DocumentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'yaml' },
];
