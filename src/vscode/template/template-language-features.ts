import * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import type { AvailableResources } from '../../eci/available-resources';
import type { CompletionItem } from '../../template/language';
import { parseTemplateText } from '../../template/document';
import { ECI_TEMPLATE } from '../../template/dialects';
import { complete, hover } from '../../template/language';
import { AvailabilityDiagnostics } from './availability-diagnostics';
import { AvailableResourceSource } from './available-resource-source';
import type { ImageCacheChoice, ImageCacheSource } from './image-cache-source';
import { isTooLarge, specDialect, TEMPLATE_SELECTOR, templateLanguage } from './template-documents';

/**
 * Completion, hover and quick fixes for ECI templates and Native Container specs, in JSON and YAML, from the template
 * language core; and the warnings on what an ECI template's region does not sell, which ask the account as
 * completion of image caches does.
 */
export function registerTemplateLanguageFeatures(imageCaches: ImageCacheSource): vscode.Disposable[] {
  const available = new AvailableResourceSource(imageCaches.profiles, imageCaches.clients);
  return [
    new AvailabilityDiagnostics(available, imageCaches.profiles),
    vscode.languages.registerCompletionItemProvider(
      TEMPLATE_SELECTOR,
      {
        provideCompletionItems: (document, position) =>
          provideCompletionItems(document, position, imageCaches, available),
      },
      '"',
      ':',
      ' ',
    ),
    vscode.languages.registerHoverProvider(TEMPLATE_SELECTOR, { provideHover }),
    vscode.languages.registerCodeActionsProvider(
      TEMPLATE_SELECTOR,
      { provideCodeActions },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  ];
}

const KINDS: Readonly<Record<CompletionItem['kind'], vscode.CompletionItemKind>> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  snippet: vscode.CompletionItemKind.Snippet,
};

/** The value of `imageSnapshotId` is being written: only then is the account asked for its image caches. */
const IMAGE_SNAPSHOT_VALUE = /["']?imageSnapshotId["']?\s*:\s*["']?[\w-]*$/;
/** The value of `instanceType`, `cpu` or `memory`: only then is the region asked what it sells. */
const RESOURCE_VALUE = /["']?(?:instanceType|cpu|memory)["']?\s*:\s*["']?[\w.,-]*$/;

async function provideCompletionItems(
  document: vscode.TextDocument,
  position: vscode.Position,
  imageCaches: ImageCacheSource,
  available: AvailableResourceSource,
): Promise<vscode.CompletionItem[]> {
  const dialect = specDialect(document);
  // A document past the size limit is not read (its diagnostic says so): answer at once, without its text.
  if (dialect === undefined || isTooLarge(document)) return [];
  const text = document.getText();
  const language = templateLanguage(document);
  const word = document.getWordRangeAtPosition(position, /[\w$.-]+/);
  let caches: ImageCacheChoice[] | undefined;
  let availableResources: AvailableResources | undefined;
  const linePrefix = document.lineAt(position.line).text.slice(0, position.character);
  const templateRegion = (): string | undefined => {
    const value = parseTemplateText(text, language).documents[0]?.value as { regionId?: unknown } | undefined;
    return typeof value?.regionId === 'string' ? value.regionId : undefined;
  };
  if (IMAGE_SNAPSHOT_VALUE.test(linePrefix)) caches = await imageCaches.choices(templateRegion());
  if (dialect === ECI_TEMPLATE && RESOURCE_VALUE.test(linePrefix))
    availableResources = await available.quickly(available.regionOf(templateRegion()));
  const context = { imageCaches: caches, availableResources };
  // In VS Code's display language, as the diagnostics (template-diagnostics.ts).
  const locale = displayLocale();
  return complete(text, document.offsetAt(position), context, language, dialect, locale).map((item) => {
    const result = new vscode.CompletionItem(item.label, KINDS[item.kind]);
    result.insertText = item.isSnippet ? new vscode.SnippetString(item.insertText) : item.insertText;
    result.detail = item.detail;
    if (item.documentation !== undefined) result.documentation = new vscode.MarkdownString(item.documentation);
    if (word !== undefined) result.range = word;
    return result;
  });
}

function provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const dialect = specDialect(document);
  if (dialect === undefined || isTooLarge(document)) return undefined;
  const locale = displayLocale();
  const result = hover(document.getText(), document.offsetAt(position), templateLanguage(document), dialect, locale);
  if (result === undefined) return undefined;
  const { start, end } = result.range;
  return new vscode.Hover(
    new vscode.MarkdownString(result.markdown),
    new vscode.Range(start.line, start.character, end.line, end.character),
  );
}

/** "Write the number": numbers and booleans written as strings are replaced by the bare value. */
function provideCodeActions(
  document: vscode.TextDocument,
  _range: vscode.Range,
  context: vscode.CodeActionContext,
): vscode.CodeAction[] {
  return context.diagnostics
    .filter((d) => d.source === 'ECI' && (d.code === 'number-as-string' || d.code === 'boolean-as-string'))
    .map((diagnostic) => {
      const text = document.getText(diagnostic.range);
      const bare = text.replace(/^["']|["']$/g, '').trim();
      const action = new vscode.CodeAction(
        vscode.l10n.t('Write {0} without quotes', bare),
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, bare);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return action;
    });
}
