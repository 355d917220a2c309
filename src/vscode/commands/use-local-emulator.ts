import * as vscode from '../vscode-api';
import { PROVIDERS } from '../../providers/providers';
import type { ExtensionServices } from '../services';

export const LOCAL_EMULATOR_PROFILE_ID = PROVIDERS.eci.emulatorProfile.id;

/**
 * ECI: Use Local Emulator — starts the local emulator with demo data in the background (unless it runs already;
 * again after it stopped: the one `eci.emulator.url` names if it answers, else one in this window) and adds its
 * profiles (ECI's and Native Container's), so the explorer shows it at once. Open log views and terminals on it go
 * on by themselves. Returns the emulator's URL.
 */
export async function useLocalEmulator(services: ExtensionServices): Promise<string> {
  const running = await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Starting the local ECI emulator') },
    () => services.emulator.restart(),
  );
  await addEmulatorProfile(services);
  services.clients.reset();
  services.explorer.refresh();
  return running.url;
}

/**
 * The emulator's profiles, one per provider ("Local emulator" for ECI, "JD Cloud emulator"), each added unless there:
 * the same emulator serves every provider's API.
 */
export async function addEmulatorProfile(services: Pick<ExtensionServices, 'profiles'>): Promise<void> {
  for (const info of Object.values(PROVIDERS)) {
    const { id, regionId } = info.emulatorProfile;
    if (services.profiles.all().some((p) => p.id === id)) continue;
    // Named in the display language when added (a profile's name is the user's to keep, as any other profile's).
    const name = info.id === 'eci' ? vscode.l10n.t('Local emulator') : vscode.l10n.t('JD Cloud emulator');
    // ECI's profiles say no provider, as they did before there were two (profileNodeId() and menus rely on it).
    await services.profiles.save({
      id,
      name,
      kind: 'emulator',
      regionId,
      ...(info.id === 'eci' ? {} : { provider: info.id }),
    });
  }
}
