import * as vscode from '../vscode-api';
import type { AnyProvider } from '../../providers/provider';
import type { ExtensionServices } from '../services';
import { workloadTargets } from './workload-target';
import { workloadNoun } from './provider-words';

/**
 * Describe, for every provider (ECI: Describe Container Group, JD Cloud: Describe Container): the workload as the API
 * gives it now, in a JSON editor beside. Returns the record.
 */
export function describeWorkload(provider: AnyProvider) {
  return async (services: ExtensionServices, arg?: unknown): Promise<unknown> => {
    const [target] = await workloadTargets(services, provider, [arg], false);
    if (target === undefined) return undefined;
    const { id } = provider.workload(target.item);
    const fresh = await provider.find(await services.clients.client(target.profile), target.regionId, id);
    if (fresh === undefined)
      throw new Error(
        vscode.l10n.t(
          'The {0} {1} is gone from {2} ({3}).',
          workloadNoun(provider.info.id),
          id,
          target.regionId,
          target.profile.name,
        ),
      );
    const document = await vscode.workspace.openTextDocument({
      language: 'json',
      content: `${JSON.stringify(fresh, null, 2)}\n`,
    });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return fresh;
  };
}
