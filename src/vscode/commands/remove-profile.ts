import type { ExtensionServices } from '../services';
import { providerOf } from '../../providers/providers';
import { ProfileNode } from '../tree/profile-node';

/** ECI: Remove Profile — from the explorer (either provider's) and, with it, its AccessKey from SecretStorage. */
export async function removeProfile(services: ExtensionServices, node?: unknown): Promise<boolean> {
  // A node of the tree, or a profile ID from automation.
  let profile =
    node instanceof ProfileNode
      ? node.profile
      : typeof node === 'string'
        ? services.profiles.all().find((p) => p.id === node)
        : undefined;
  if (profile === undefined) {
    const picked = await services.prompter.pick(
      services.profiles.all().map((p) => ({ label: p.name, description: p.regionId, profile: p })),
      { title: 'Remove which profile?' },
    );
    profile = picked?.profile;
  }
  if (profile === undefined) return false;
  const confirmed = await services.prompter.confirm({
    message: `Remove the profile "${profile.name}" and its stored AccessKey? Its ${providerOf(profile).workloads} are not touched.`,
    action: 'Remove',
  });
  if (!confirmed) return false;
  await services.credentials.delete(profile.id);
  await services.profiles.remove(profile.id);
  services.clients.reset();
  return true;
}
