import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';

export const LOCAL_EMULATOR_PROFILE_ID = 'local-emulator';

/**
 * ECI: Use Local Emulator — starts the local emulator with demo data in the background (unless it runs already) and
 * adds a profile for it, so the explorer shows it at once. Returns the emulator's URL.
 */
export async function useLocalEmulator(services: ExtensionServices): Promise<string> {
  const running = await vscode.window.withProgress({ location: { viewId: 'eci.explorer' }, title: 'Starting the local ECI emulator' }, () => services.emulator.start());
  await addEmulatorProfile(services);
  services.clients.reset();
  services.explorer.refresh();
  return running.url;
}

/** The "Local emulator" profile, added unless it is there already. */
export async function addEmulatorProfile(services: Pick<ExtensionServices, 'profiles'>): Promise<void> {
  if (services.profiles.all().some((p) => p.id === LOCAL_EMULATOR_PROFILE_ID)) return;
  await services.profiles.save({ id: LOCAL_EMULATOR_PROFILE_ID, name: 'Local emulator', kind: 'emulator', regionId: 'cn-hangzhou' });
}
