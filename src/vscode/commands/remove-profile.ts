import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { providerFor } from '../../providers/registry';
import { ProfileNode } from '../tree/profile-node';
import { profileArg } from './command-args';
import { workloadsNoun } from './provider-words';

/** ECI: Remove Profile — from the explorer (either provider's) and, with it, its AccessKey from SecretStorage. */
export async function removeProfile(services: ExtensionServices, node?: unknown): Promise<boolean> {
  // A node of the tree, or a profile ID from automation.
  const given = profileArg(node);
  let profile = given instanceof ProfileNode ? given.profile : undefined;
  if (typeof given === 'string') {
    profile = services.profiles.all().find((p) => p.id === given);
    if (profile === undefined) throw new Error(vscode.l10n.t('There is no profile {0}.', given));
  }
  if (profile === undefined) {
    const picked = await services.prompter.pick(
      services.profiles.all().map((p) => ({ label: p.name, description: p.regionId, profile: p })),
      { title: vscode.l10n.t('Remove which profile?') },
    );
    profile = picked?.profile;
  }
  if (profile === undefined) return false;
  const workloads = workloadsNoun(providerFor(profile).info.id);
  const confirmed = await services.prompter.confirm({
    message:
      profile.kind === 'aliyunCli'
        ? vscode.l10n.t(
            'Remove the profile "{0}"? The aliyun CLI profile "{1}" it reads stays as it is, and its {2} are not touched.',
            profile.name,
            profile.imported?.profile ?? '',
            workloads,
          )
        : vscode.l10n.t(
            'Remove the profile "{0}" and its stored AccessKey? Its {1} are not touched.',
            profile.name,
            workloads,
          ),
    action: vscode.l10n.t('Remove'),
  });
  if (!confirmed) return false;
  await services.credentials.delete(profile.id);
  await services.profiles.remove(profile.id);
  services.clients.reset();
  return true;
}
