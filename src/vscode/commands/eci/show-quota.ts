import * as vscode from '../../vscode-api';
import { messageText } from '../../error-text';
import { displayLocale } from '../../display-locale';
import { quotaLine } from '../../../core/quota';
import { describeRegions, listUsage } from '../../../eci/operations';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { Quota } from '../../../eci/usage';
import { quotaName, usageQuotas } from '../../../eci/usage';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { ProfileNode } from '../../tree/profile-node';
import { profileArg } from '../command-args';
import { noEciProfile } from './active-profile';

/** One region's quotas, or why they could not be read. */
export interface RegionQuotas {
  readonly regionId: string;
  readonly quotas: readonly Quota[];
  readonly error?: string | undefined;
}

/** At most this many ListUsage calls at once. */
const PARALLEL_CALLS = 4;

/**
 * ECI: Show Quota — ListUsage in every region of a profile (its node, its ID, or picked among the ECI profiles when
 * there are several): each quota used of its limit, in a read-only Markdown document beside the editor, each line as JD
 * Cloud's Show Quota words it. A region whose call fails says why and the others are shown. Returns the quotas.
 */
export async function showQuota(services: ExtensionServices, arg?: unknown): Promise<RegionQuotas[] | undefined> {
  const profile = await chosenProfile(services, arg);
  if (profile === undefined) return undefined;
  const client = await services.clients.of(profile, ECI_PROVIDER);
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reading the quotas of {0}…', profile.name),
    },
    async () => {
      const regions = (await describeRegions(client)).Regions.map((r) => r.RegionId);
      const out: RegionQuotas[] = [];
      for (let i = 0; i < regions.length; i += PARALLEL_CALLS)
        out.push(
          ...(await Promise.all(
            regions.slice(i, i + PARALLEL_CALLS).map(async (regionId): Promise<RegionQuotas> => {
              try {
                return { regionId, quotas: usageQuotas(await listUsage(client, { regionId })) };
              } catch (error) {
                return { regionId, quotas: [], error: messageText(error) };
              }
            }),
          )),
        );
      return out;
    },
  );
  const title = vscode.l10n.t('ECI quotas of {0}', profile.name);
  const locale = displayLocale();
  const lines = [`# ${title}`, ''];
  for (const region of result) {
    lines.push(`## ${region.regionId}`, '');
    if (region.error !== undefined) lines.push(vscode.l10n.t('Could not be read: {0}', region.error));
    else if (region.quotas.length === 0) lines.push(vscode.l10n.t('No quotas in the answer.'));
    else
      lines.push(...region.quotas.map((q) => `* ${quotaLine(quotaName(q.resource, locale), q.used, q.limit, locale)}`));
    lines.push('');
  }
  // Read-only, like the live side of an update's diff: nothing to save, nothing asked when it is closed.
  const uri = services.liveTemplates.show(`${title}.md`, lines.join('\n'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  services.log.info(`Read the quotas of ${profile.name} in ${result.length} region(s)`);
  return result;
}

async function chosenProfile(services: ExtensionServices, arg: unknown): Promise<Profile | undefined> {
  const given = profileArg(arg);
  const eciProfiles = services.profiles.of('eci');
  if (given instanceof ProfileNode) return given.profile;
  if (given !== undefined) {
    const named = eciProfiles.find((p) => p.id === given);
    if (named === undefined) throw new Error(vscode.l10n.t('No ECI profile {0}.', given));
    return named;
  }
  if (eciProfiles.length === 0) throw new Error(noEciProfile());
  if (eciProfiles.length === 1) return eciProfiles[0];
  const active = services.profiles.active()?.id;
  const picked = await services.prompter.pick(
    eciProfiles.map((p) => ({
      label: p.name,
      description: p.id === active ? vscode.l10n.t('active') : p.regionId,
      profile: p,
    })),
    { title: vscode.l10n.t('Show the quotas of which ECI profile?') },
  );
  return picked?.profile;
}
