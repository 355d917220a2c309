import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { providerFor } from '../../providers/registry';
import { ProfileNode } from '../tree/profile-node';

/** ECI: Remove Profile — from the explorer (either provider's) and, with it, its AccessKey from SecretStorage. */
export async function removeProfile(
  services: ExtensionServices,
  node?: unknown,
  confirmed?: unknown,
): Promise<boolean> {
  // A node of the tree, or a profile ID from automation.
  let profile =
    node instanceof ProfileNode
      ? node.profile
      : typeof node === 'string'
        ? services.profiles.all().find((p) => p.id === node)
        : undefined;
  if (profile === undefined) {
    const picked = await vscode.window.showQuickPick(
      services.profiles.all().map((p) => ({ label: p.name, description: p.regionId, profile: p })),
      { title: 'Remove which profile?' },
    );
    profile = picked?.profile;
  }
  if (profile === undefined) return false;
  if (confirmed !== 'confirmed') {
    const answer = await vscode.window.showWarningMessage(
      `Remove the profile "${profile.name}" and its stored AccessKey? Its ${providerFor(profile).info.workloads} are not touched.`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return false;
  }
  await services.credentials.delete(profile.id);
  await services.profiles.remove(profile.id);
  services.clients.reset();
  return true;
}
