import * as vscode from '../../vscode-api';
import type { JdcloudContainer } from '../../../jdcloud/operations';
import { describeContainer } from '../../../jdcloud/operations';
import type { ExtensionServices } from '../../services';
import { jdcloudContainerTarget } from './container-target';

/** JD Cloud: Describe Container — the container as describeContainer gives it now, in a JSON editor beside. */
export async function describeJdcloudContainer(
  services: ExtensionServices,
  arg?: unknown,
): Promise<JdcloudContainer | undefined> {
  const target = await jdcloudContainerTarget(services, arg);
  if (target === undefined) return undefined;
  const { container } = await describeContainer(target.client, target.regionId, target.container.containerId);
  const document = await vscode.workspace.openTextDocument({
    language: 'json',
    content: `${JSON.stringify(container, null, 2)}\n`,
  });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return container;
}
