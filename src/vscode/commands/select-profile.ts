import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';

/** ECI: Select Profile — which profile deploys, exports and completion use (the status bar shows it). */
export async function selectProfile(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const all = services.profiles.all();
  const node = given as { profile?: { id?: unknown } } | undefined;
  let id = typeof given === 'string' ? given : typeof node?.profile?.id === 'string' ? node.profile.id : undefined;
  if (id === undefined) {
    if (all.length === 0) {
      void vscode.window.showInformationMessage(
        'No ECI profile yet: add one (ECI: Add Profile), import the aliyun CLI ones, or use the local emulator.',
      );
      return undefined;
    }
    const active = services.profiles.active();
    const picked = await vscode.window.showQuickPick(
      all.map((p) => ({
        label: p.name,
        description: `${p.regionId}${p.id === active?.id ? ' · active' : ''}`,
        detail: p.kind === 'emulator' ? 'the local emulator' : p.endpoint,
        id: p.id,
      })),
      { title: 'ECI profile to use' },
    );
    id = picked?.id;
  }
  if (id === undefined || !all.some((p) => p.id === id)) return undefined;
  await services.profiles.setActive(id);
  return id;
}
