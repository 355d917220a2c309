import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';

export const LOCAL_EMULATOR_PROFILE_ID = 'local-emulator';
/** The same emulator serves JD Cloud Native Container's API under /v1/: its own profile, beside ECI's. */
export const JDCLOUD_EMULATOR_PROFILE_ID = 'local-emulator-jdcloud';

/**
 * ECI: Use Local Emulator — starts the local emulator with demo data in the background (unless it runs already;
 * again after it stopped: the one `eci.emulator.url` names if it answers, else one in this window) and adds its
 * profiles (ECI's and Native Container's), so the explorer shows it at once. Open log views and terminals on it go
 * on by themselves. Returns the emulator's URL.
 */
export async function useLocalEmulator(services: ExtensionServices): Promise<string> {
  const running = await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: 'Starting the local ECI emulator' },
    () => services.emulator.restart(),
  );
  await addEmulatorProfile(services);
  services.clients.reset();
  services.explorer.refresh();
  return running.url;
}

/** The emulator's profiles, "Local emulator" (ECI) and "JD Cloud emulator" (Native Container), each added unless there. */
export async function addEmulatorProfile(services: Pick<ExtensionServices, 'profiles'>): Promise<void> {
  if (!services.profiles.all().some((p) => p.id === LOCAL_EMULATOR_PROFILE_ID)) {
    await services.profiles.save({
      id: LOCAL_EMULATOR_PROFILE_ID,
      name: 'Local emulator',
      kind: 'emulator',
      regionId: 'cn-hangzhou',
    });
  }
  if (!services.profiles.all().some((p) => p.id === JDCLOUD_EMULATOR_PROFILE_ID)) {
    await services.profiles.save({
      id: JDCLOUD_EMULATOR_PROFILE_ID,
      name: 'JD Cloud emulator',
      kind: 'emulator',
      provider: 'jdcloud',
      regionId: 'cn-north-1',
    });
  }
}
