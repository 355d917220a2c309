import * as vscode from '../../vscode-api';
import type { JdcloudQuota } from '../../../jdcloud/operations';
import { describeQuota } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { jdcloudRegionArg } from '../command-args';
import { jdcloudRegion } from './container-target';
import { quotaLine } from '../../../core/quota';
import { displayLocale } from '../../display-locale';

/**
 * JD Cloud: Show Quota — how many containers and secrets the region allows and how many are used (describeQuota
 * answers one resource type a call). Returns the quotas.
 */
export async function showJdcloudQuota(services: ExtensionServices, arg?: unknown): Promise<JdcloudQuota[]> {
  const { profile, regionId, client } = await jdcloudRegion(services, jdcloudRegionArg(arg));
  const quotas = await Promise.all(
    (['container', 'secret'] as const).map(async (type) => (await describeQuota(client, regionId, type)).quota),
  );
  const text = quotas.map((q) => quotaLine(quotaName(q.resourceType), q.used, q.limit, displayLocale())).join(' · ');
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} ({1}): {2}', regionId, profile.name, text));
  return quotas;
}

/** What a quota's resource type is called: describeQuota's `container` and `secret`. */
function quotaName(resourceType: string): string {
  switch (resourceType) {
    case 'container':
      return vscode.l10n.t('containers');
    case 'secret':
      return vscode.l10n.t('registry secrets');
    default:
      return resourceType;
  }
}
