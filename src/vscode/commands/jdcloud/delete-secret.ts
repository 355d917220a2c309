import * as vscode from '../../vscode-api';
import { displayLocale } from '../../display-locale';
import { deleteSecret, describeSecrets, doneMessages } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { SecretNode } from '../../tree/jdcloud/secret-node';
import { jdcloudSecretArg } from '../command-args';
import { jdcloudRegion } from './container-target';
import { JDCLOUD_PROVIDER } from '../../../jdcloud/provider';

/** JD Cloud: Delete Registry Secret — from the tree, by `{ name, regionId? }`, or picked; after a confirmation. */
export async function deleteJdcloudSecret(services: ExtensionServices, arg?: unknown): Promise<string | undefined> {
  let target:
    { profileId: string; regionId: string; name: string; run: (name: string) => Promise<unknown> } | undefined;
  const given = jdcloudSecretArg(arg);
  if (given instanceof SecretNode) {
    const client = await services.clients.of(given.profile, JDCLOUD_PROVIDER);
    target = {
      profileId: given.profile.id,
      regionId: given.regionId,
      name: given.secret.name,
      run: (name) => deleteSecret(client, given.regionId, name),
    };
  } else {
    const { profile, regionId, client } = await jdcloudRegion(services, given);
    let name = given === undefined || 'profile' in given ? undefined : given.name;
    if (name === undefined) {
      const { secrets } = await describeSecrets(client, regionId, { pageSize: 100 });
      if (secrets.length === 0) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('No registry secrets in {0} ({1}).', regionId, profile.name),
        );
        return undefined;
      }
      name = (
        await services.prompter.pick(
          secrets.map((s) => ({ label: s.name, description: s.data?.server ?? '' })),
          { title: vscode.l10n.t('Registry secrets in {0}', regionId) },
        )
      )?.label;
    }
    if (name === undefined) return undefined;
    target = { profileId: profile.id, regionId, name, run: (n) => deleteSecret(client, regionId, n) };
  }
  const confirmed = await services.prompter.confirm({
    message: vscode.l10n.t(
      'Delete the registry secret {0} in {1}? Containers that name it cannot pull their image again.',
      target.name,
      target.regionId,
    ),
    action: vscode.l10n.t('Delete'),
  });
  if (!confirmed) return undefined;
  await target.run(target.name);
  services.log.info(doneMessages.secretDeleted(target.name, target.regionId));
  services.explorer.refresh(target.profileId);
  void vscode.window.showInformationMessage(doneMessages.secretDeleted(target.name, target.regionId, displayLocale()));
  return target.name;
}
