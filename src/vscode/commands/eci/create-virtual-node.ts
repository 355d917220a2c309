import { homedir } from 'node:os';
import { messageText } from '../../error-text';
import * as vscode from '../../vscode-api';
import { createVirtualNode } from '../../../eci/operations';
import type { InputRequest } from '../../prompter';
import type { ExtensionServices } from '../../services';
import { newVirtualNodeArg } from '../command-args';
import { placeOf, rememberedNetwork, SECURITY_GROUP_PROBLEM, VSWITCH_PROBLEM } from './ops-targets';

/** A Kubernetes node name: a DNS-1123 subdomain. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * ECI: Create Virtual Node — a node of a Kubernetes cluster whose pods run as ECI groups: asks its name, the
 * cluster's kubeconfig file, and the vSwitch and security group, in the region of the node it was started from
 * (the region or its Virtual nodes folder) or the active profile's. The kubeconfig holds the cluster's credentials:
 * it is sent to the API only, never logged. Returns the node's ID.
 */
export async function createVirtualNodeCommand(
  services: ExtensionServices,
  node?: unknown,
  given?: unknown,
): Promise<string | undefined> {
  const preset = newVirtualNodeArg(given);
  const place = await placeOf(services, node, preset.regionId);
  const remembered = rememberedNetwork(services, place);
  const step = (n: number, what: string): string =>
    vscode.l10n.t('Create virtual node in {0} ({1}/4): {2}', place.regionId, n, what);
  const ask = (value: string | undefined, request: InputRequest): Promise<string | undefined> =>
    value !== undefined ? Promise.resolve(value) : services.prompter.input({ ignoreFocusOut: true, ...request });

  const name = await ask(preset.name, {
    title: step(1, vscode.l10n.t('node name (empty: the API names it)')),
    validateInput: (v) =>
      v === '' || (v.length <= 253 && NODE_NAME.test(v))
        ? undefined
        : vscode.l10n.t('A Kubernetes node name: lower-case letters, digits, "-" and "."'),
  });
  if (name === undefined) return undefined;
  const kubeConfigPath = await ask(preset.kubeConfigPath, {
    title: step(2, vscode.l10n.t("the cluster's kubeconfig file")),
    value: `${homedir()}/.kube/config`,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The path of a kubeconfig file') : undefined),
  });
  if (kubeConfigPath === undefined) return undefined;
  let kubeConfig: string;
  try {
    kubeConfig = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(kubeConfigPath.trim())));
  } catch (error) {
    throw new Error(vscode.l10n.t('Cannot read the kubeconfig {0}: {1}', kubeConfigPath, messageText(error)), {
      cause: error,
    });
  }
  if (!/^\s*server:/m.test(kubeConfig))
    throw new Error(
      vscode.l10n.t('{0} names no cluster server (server: https://…): is it a kubeconfig?', kubeConfigPath),
    );
  const vSwitchId = await ask(preset.vSwitchId, {
    title: step(3, vscode.l10n.t('vSwitch')),
    value: remembered.vSwitchId,
    validateInput: VSWITCH_PROBLEM,
  });
  if (vSwitchId === undefined) return undefined;
  const securityGroupId = await ask(preset.securityGroupId, {
    title: step(4, vscode.l10n.t('security group')),
    value: remembered.securityGroupId,
    validateInput: SECURITY_GROUP_PROBLEM,
  });
  if (securityGroupId === undefined) return undefined;

  const { VirtualNodeId, RequestId } = await createVirtualNode(
    place.client,
    {
      VirtualNodeName: name === '' ? undefined : name,
      KubeConfig: kubeConfig,
      VSwitchId: vSwitchId,
      SecurityGroupId: securityGroupId,
    },
    { regionId: place.regionId },
  );
  services.log.info(
    `Creating virtual node ${name === '' ? VirtualNodeId : `${name} (${VirtualNodeId})`} in ${place.regionId} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(place.profile.id);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Creating the virtual node {0}; the explorer shows it registering with the cluster.',
      name === '' ? VirtualNodeId : name,
    ),
  );
  return VirtualNodeId;
}
