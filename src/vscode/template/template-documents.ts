import * as vscode from '../vscode-api';
import type { TemplateLanguage } from '../../template/document';
import { ECI_TEMPLATE, JDCLOUD_SPEC, JDCLOUD_SPEC_FILE_NAME } from '../../template/dialects';
import type { SpecDialect } from '../../template/dialects';
import { MAX_TEMPLATE_BYTES } from '../../template/limits';

/**
 * Which documents are ECI templates: by name (`*.eci.json`, `*.eci.yaml`, `*.eci.yml`), by a `$schema` that points
 * at our schema (or its 简体中文 twin, `*.zh-cn.schema.json`), or by the `eci.templateFiles` setting (glob patterns).
 */
const NAME = /\.eci\.(json|ya?ml)$/i;
const SCHEMA_REFERENCE = /["']?\$schema["']?\s*:\s*["']?[^"'\n]*eci-template(?:\.zh-cn)?\.schema\.json/;

/**
 * JD Cloud Native Container specs: by name (JDCLOUD_SPEC_FILE_NAME), or a `$schema` that points at their schema (by
 * its name now, with its Chinese twin's `.zh-cn`, or the one it had before the provider was `jdcloud`).
 */
const JDCLOUD_SPEC_REFERENCE =
  /["']?\$schema["']?\s*:\s*["']?[^"'\n]*(?:jdcloud|native-container)-spec(?:\.zh-cn)?\.schema\.json/;

export function isJdcloudSpecDocument(document: vscode.TextDocument): boolean {
  if (!['json', 'jsonc', 'yaml'].includes(document.languageId)) return false;
  return (
    JDCLOUD_SPEC_FILE_NAME.test(document.fileName) ||
    JDCLOUD_SPEC_REFERENCE.test(document.getText(new vscode.Range(0, 0, 40, 0)))
  );
}

export function isTemplateDocument(document: vscode.TextDocument): boolean {
  if (!['json', 'jsonc', 'yaml'].includes(document.languageId)) return false;
  if (isJdcloudSpecDocument(document)) return false;
  if (NAME.test(document.fileName)) return true;
  const patterns = vscode.workspace.getConfiguration('eci').get<string[]>('templateFiles', []);
  if (patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0)) return true;
  return SCHEMA_REFERENCE.test(document.getText(new vscode.Range(0, 0, 40, 0)));
}

/** Which kind of file the language machinery reads a document as, if any: an ECI template or a Native Container spec. */
export function specDialect(document: vscode.TextDocument): SpecDialect | undefined {
  return isJdcloudSpecDocument(document) ? JDCLOUD_SPEC : isTemplateDocument(document) ? ECI_TEMPLATE : undefined;
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

/** A document's length in characters, without copying its text (a document past the limit may be very large). */
export function documentLength(document: vscode.TextDocument): number {
  return document.lineCount === 0 ? 0 : document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/** Past the template size limit (src/template/limits.ts): one diagnostic, no completion, hover or CodeLens check. */
export function isTooLarge(document: vscode.TextDocument): boolean {
  return documentLength(document) > MAX_TEMPLATE_BYTES;
}
