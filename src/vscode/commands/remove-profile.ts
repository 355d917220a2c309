import type { ExtensionServices } from '../services';
import { providerFor } from '../../providers/registry';
import { ProfileNode } from '../tree/profile-node';
import { profileArg } from './command-args';

/** ECI: Remove Profile — from the explorer (either provider's) and, with it, its AccessKey from SecretStorage. */
export async function removeProfile(services: ExtensionServices, node?: unknown): Promise<boolean> {
  // A node of the tree, or a profile ID from automation.
  const given = profileArg(node);
  let profile = given instanceof ProfileNode ? given.profile : undefined;
  if (typeof given === 'string') {
    profile = services.profiles.all().find((p) => p.id === given);
    if (profile === undefined) throw new Error(`There is no profile ${given}.`);
  }
  if (profile === undefined) {
    const picked = await services.prompter.pick(
      services.profiles.all().map((p) => ({ label: p.name, description: p.regionId, profile: p })),
      { title: 'Remove which profile?' },
    );
    profile = picked?.profile;
  }
  if (profile === undefined) return false;
  const confirmed = await services.prompter.confirm({
    message:
      profile.kind === 'aliyunCli'
        ? `Remove the profile "${profile.name}"? The aliyun CLI profile "${profile.imported?.profile ?? ''}" it reads stays as it is, and its ${providerFor(profile).info.workloads} are not touched.`
        : `Remove the profile "${profile.name}" and its stored AccessKey? Its ${providerFor(profile).info.workloads} are not touched.`,
    action: 'Remove',
  });
  if (!confirmed) return false;
  await services.credentials.delete(profile.id);
  await services.profiles.remove(profile.id);
  services.clients.reset();
  return true;
}
