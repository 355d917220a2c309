import * as vscode from '../vscode-api';
import { PROVIDERS, type ProviderId } from '../../providers/providers';
import { providerFor } from '../../providers/registry';
import type { ExtensionServices } from '../services';
import { ProfileNode } from '../tree/profile-node';
import { profileArg } from './command-args';
import { noProfileYet, providerTitle } from './provider-words';

/**
 * ECI: Select Profile — which profile deploys, exports, completion and palette commands use (the status bar shows
 * it), one for each provider. Given a profile (its ID, or its tree node) it makes that one active; from the palette
 * it offers ECI's profiles, and from a provider's status bar item (given its ID, e.g. `'jdcloud'`) that provider's.
 */
export async function selectProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const all = services.profiles.all();
  // Each provider's status bar item names its provider; anything else is a profile (node or ID), or nothing.
  const named =
    typeof given === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, given)
      ? (given as ProviderId)
      : undefined;
  const provider: ProviderId = named ?? 'eci';
  const profile = named === undefined ? profileArg(given) : undefined;
  let id = profile instanceof ProfileNode ? profile.profile.id : profile;
  if (id === undefined) {
    const mine = all.filter((p) => providerFor(p).info.id === provider);
    if (mine.length === 0) {
      void vscode.window.showInformationMessage(noProfileYet(provider));
      return undefined;
    }
    const active = services.profiles.active(provider);
    const picked = await services.prompter.pick(
      mine.map((p) => ({
        label: p.name,
        description: p.id === active?.id ? vscode.l10n.t('{0} · active', p.regionId) : p.regionId,
        detail: p.kind === 'emulator' ? vscode.l10n.t('the local emulator') : p.endpoint,
        id: p.id,
      })),
      { title: vscode.l10n.t('{0} profile to use', providerTitle(provider)) },
    );
    id = picked?.id;
  }
  if (id === undefined || !all.some((p) => p.id === id)) return undefined;
  await services.profiles.setActive(id);
  return id;
}
