import * as vscode from '../vscode-api';
import { associateElasticIp } from '../../jdcloud/operations';
import type { ExtensionServices } from '../services';
import { containerLabel, nativeContainerTarget } from './native-container-target';

/** JD Cloud: Associate Elastic IP — an existing elastic IP (`fip-…`) on the container's primary interface (one per interface). */
export async function associateNativeElasticIp(
  services: ExtensionServices,
  arg?: unknown,
): Promise<string | undefined> {
  const target = await nativeContainerTarget(services, arg);
  if (target === undefined) return undefined;
  if (target.container.elasticIpId)
    throw new Error(
      `${containerLabel(target)} has the elastic IP ${target.container.elasticIpAddress ?? target.container.elasticIpId} already; a primary interface takes one. Disassociate it first.`,
    );
  const given = (arg as { elasticIpId?: unknown } | undefined)?.elasticIpId;
  const elasticIpId =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: `Associate an elastic IP with ${containerLabel(target)}`,
          placeHolder: 'fip-…',
          ignoreFocusOut: true,
          validateInput: (v) => (/^fip-[\w-]+$/.test(v.trim()) ? undefined : 'An elastic IP ID, fip-…'),
        });
  if (elasticIpId === undefined) return undefined;
  await associateElasticIp(target.client, target.regionId, target.container.containerId, elasticIpId.trim());
  services.log.info(`Associated ${elasticIpId.trim()} with ${target.container.containerId}`);
  services.explorer.refresh(target.profile.id);
  return elasticIpId.trim();
}
