import * as vscode from '../vscode-api';
import { parseWorkloadFilter } from '../../explorer/workload-filter';
import type { ExtensionServices } from '../services';
import { textArg } from './command-args';

/**
 * ECI: Filter Explorer — shows only the workloads (of every provider) whose name or ID has the words typed, with
 * `status:<word>` and `tag:<key>[=<value>]` to narrow further; an empty filter shows all. The view's title says the
 * filter while one is set. Automation may pass the text. Returns the filter's text ('' when cleared), or undefined
 * when the question was dismissed.
 */
export async function filterExplorer(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const text =
    // l10n-ignore: named in the argument's error, which command-args.ts says in English
    textArg(given, 'the filter') ??
    (await services.prompter.input({
      title: vscode.l10n.t('Filter the explorer'),
      prompt: vscode.l10n.t('Words of a name or ID; status:running; tag:env=prod. Empty shows everything.'),
      value: services.explorer.filter?.text ?? '',
    }));
  if (text === undefined) return undefined;
  return applyFilter(services, text);
}

/** ECI: Clear Explorer Filter — every workload again. */
export async function clearExplorerFilter(services: ExtensionServices): Promise<string> {
  return applyFilter(services, '');
}

async function applyFilter(services: ExtensionServices, text: string): Promise<string> {
  const filter = parseWorkloadFilter(text);
  services.explorerView.description = filter === undefined ? undefined : vscode.l10n.t('Filter: {0}', filter.text);
  await vscode.commands.executeCommand('setContext', 'eci.explorerFiltered', filter !== undefined);
  await services.explorer.setFilter(filter);
  return filter?.text ?? '';
}
