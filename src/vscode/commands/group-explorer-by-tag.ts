import * as vscode from '../vscode-api';
import { tagKeys } from '../../explorer/tag-grouping';
import type { ExtensionServices } from '../services';
import { textArg } from './command-args';

/** Where the chosen key is kept, per workspace, so that a reload shows the tree as it was left. */
const GROUPING_KEY = 'eci.explorerGroupByTag';

/**
 * ECI: Group Explorer by Tag… — puts each region's workloads in folders by the values of a tag key (`env=prod`,
 * `env=test`, then those without it), picked from the keys the loaded workloads carry, most used first; "Don't group"
 * lists them flat again. Automation may pass the key ('' for none). Returns the key ('' when flat), or undefined when
 * the question was dismissed.
 */
export async function groupExplorerByTag(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  // l10n-ignore: named in the argument's error, which command-args.ts says in English
  const key = textArg(given, 'the tag key') ?? (await pickKey(services));
  if (key === undefined) return undefined;
  const grouping = key.trim() === '' ? undefined : key.trim();
  await services.context.workspaceState.update(GROUPING_KEY, grouping);
  await services.explorer.setGrouping(grouping);
  return grouping ?? '';
}

/** The grouping the workspace was left with, applied once at activation. */
export function restoreExplorerGrouping(services: ExtensionServices): void {
  const key = services.context.workspaceState.get<string>(GROUPING_KEY);
  if (key !== undefined && key !== '') void services.explorer.setGrouping(key);
}

async function pickKey(services: ExtensionServices): Promise<string | undefined> {
  const current = services.explorer.grouping;
  const keys = tagKeys(services.explorer.model.heldWorkloads());
  const items: (vscode.QuickPickItem & { key: string })[] = [
    ...keys.map(({ key, count }) => ({
      key,
      label: `$(tag) ${key}`,
      description: keyDescription(count, key === current),
    })),
    {
      key: '',
      label: vscode.l10n.t("$(list-flat) Don't group"),
      description: current === undefined ? vscode.l10n.t('current') : undefined,
    },
  ];
  const picked = await services.prompter.pick(items, {
    title: vscode.l10n.t('Group the explorer by a tag'),
    placeHolder:
      keys.length === 0
        ? vscode.l10n.t('No loaded workload has a tag yet (open a region, or "Load All")')
        : vscode.l10n.t('The tag whose values become folders in each region'),
  });
  return picked?.key;
}

/** "3 workloads · current": how many loaded workloads carry a key, and whether the tree is grouped by it now. */
function keyDescription(count: number, current: boolean): string {
  const workloads = count === 1 ? vscode.l10n.t('1 workload') : vscode.l10n.t('{0} workloads', count);
  return current ? vscode.l10n.t('{0} · current', workloads) : workloads;
}
