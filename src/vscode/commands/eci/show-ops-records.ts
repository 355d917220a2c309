import * as vscode from '../../vscode-api';
import { describeInstanceOpsRecords } from '../../../eci/operations';
import type { InstanceOpsRecord } from '../../../eci/records';
import type { ExtensionServices } from '../../services';
import { groupLabel, groupTargets, placeText } from './group-target';

/**
 * ECI: Show Diagnostics Records — a group's instance O&M records (DescribeInstanceOpsRecords: network captures and
 * core dumps, newest first) in a Markdown document: status, when, and where the files are. Returns the records.
 */
export async function showOpsRecords(
  services: ExtensionServices,
  arg?: unknown,
): Promise<InstanceOpsRecord[] | undefined> {
  const [target] = await groupTargets(services, [arg], false);
  if (target === undefined) return undefined;
  const label = groupLabel(target);
  const { Records } = await describeInstanceOpsRecords(
    target.client,
    { ContainerGroupId: target.group.ContainerGroupId },
    { regionId: target.regionId },
  );
  const records = [...Records].sort((a, b) => (b.CreateTime ?? '').localeCompare(a.CreateTime ?? ''));
  if (records.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} has no diagnostics records (network captures, core dumps).', label),
    );
    return records;
  }
  const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|');
  const content = [
    `# ${vscode.l10n.t('Diagnostics records of {0}', label)}`,
    '',
    placeText(target.regionId, target.profile.name),
    '',
    `| ${vscode.l10n.t('Type')} | ${vscode.l10n.t('Status')} | ${vscode.l10n.t('Created')} | ${vscode.l10n.t('Expires')} | ${vscode.l10n.t('Result')} |`,
    '| --- | --- | --- | --- | --- |',
    ...records.map(
      (r) =>
        `| ${cell(r.OpsType)} | ${cell(r.OpsStatus)} | ${cell(r.CreateTime)} | ${cell(r.ExpireTime)} | ${cell(r.ResultContent)} |`,
    ),
    '',
  ].join('\n');
  // Read-only, as Show Quota's: nothing to save, nothing asked when it is closed.
  const uri = services.liveTemplates.show(
    `${vscode.l10n.t('Diagnostics records of {0}', target.group.ContainerGroupId)}.md`,
    content,
  );
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
  return records;
}
