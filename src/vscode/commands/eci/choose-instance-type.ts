import * as vscode from '../../vscode-api';
import { instanceTypeChoices, loadAvailableResources, sizeText } from '../../../eci/available-resources';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { ResourceChoice } from '../../../template/availability';
import { choiceEdits, choiceKind } from '../../../template/availability';
import { ECI_TEMPLATE } from '../../../template/dialects';
import { parseTemplateText } from '../../../template/document';
import type { ExtensionServices } from '../../services';
import { specDialect, templateLanguage } from '../../template/template-documents';
import { uriArg } from '../command-args';
import { eciProfile } from './active-profile';

/**
 * ECI: Choose Instance Type… — a pick of the instance types the template's region (its zone, when it names one)
 * has in stock now, with their vCPUs, memory and zones (DescribeAvailableResource with the active profile), that
 * sets the template's `instanceType`, or its `resources` vCPUs and memory when it is sized that way and names no
 * type. For the active editor's template or the document whose URI it is given. Returns what it set.
 */
export async function chooseInstanceType(
  services: ExtensionServices,
  arg?: unknown,
): Promise<ResourceChoice | undefined> {
  const uri = uriArg(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined)
    throw new Error(vscode.l10n.t('Open an ECI template (*.eci.yaml or *.eci.json) to choose its instance type.'));
  const document = await vscode.workspace.openTextDocument(uri);
  if (specDialect(document) !== ECI_TEMPLATE)
    throw new Error(
      vscode.l10n.t("{0} is not an ECI template: instance types are ECI's.", vscode.workspace.asRelativePath(uri)),
    );
  const profile = eciProfile(services);
  const language = templateLanguage(document);
  const file = parseTemplateText(document.getText(), language);
  const template = (file.documents[0]?.value ?? {}) as { regionId?: unknown; zoneId?: unknown };
  const regionId = typeof template.regionId === 'string' ? template.regionId : profile.regionId;
  const client = await services.clients.of(profile, ECI_PROVIDER);
  const resources = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking what {0} sells…', regionId) },
    () => loadAvailableResources(client, regionId),
  );
  const zoneId =
    typeof template.zoneId === 'string' && resources.zones.includes(template.zoneId) ? template.zoneId : undefined;
  const kind = choiceKind(file);
  // Sizing by resources needs the type's size; a type whose size the region did not say cannot set it.
  const choices = instanceTypeChoices(resources, zoneId).filter(
    (c) => c.zonesInStock.length > 0 && (kind === 'instanceType' || (c.cores !== undefined && c.memory !== undefined)),
  );
  const where = zoneId ?? regionId;
  if (choices.length === 0)
    throw new Error(vscode.l10n.t('{0} has no instance type in stock now ({1}).', where, profile.name));
  const picked = await services.prompter.pick(
    choices.map((c) => ({
      label: c.instanceType,
      description: sizeText(c),
      detail:
        c.zonesSoldOut.length > 0
          ? vscode.l10n.t('In stock in {0} · sold out in {1}', c.zonesInStock.join(', '), c.zonesSoldOut.join(', '))
          : vscode.l10n.t('In stock in {0}', c.zonesInStock.join(', ')),
      choice: c,
    })),
    {
      title:
        kind === 'resources'
          ? vscode.l10n.t(
              'Instance types {0} sells ({1}): sets resources.cpu and resources.memory',
              where,
              profile.name,
            )
          : vscode.l10n.t('Instance types {0} sells ({1}): sets instanceType', where, profile.name),
      matchOnDescription: true,
    },
  );
  if (picked === undefined) return undefined;
  const { cores, memory } = picked.choice;
  const choice: ResourceChoice =
    kind === 'resources' && cores !== undefined && memory !== undefined
      ? { cpu: cores, memory }
      : { instanceType: picked.choice.instanceType };
  const edit = new vscode.WorkspaceEdit();
  for (const change of choiceEdits(document.getText(), language, choice))
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)),
      change.text,
    );
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error(
      vscode.l10n.t('Could not change {0}: the editor refused the edit.', vscode.workspace.asRelativePath(uri)),
    );
  services.log.info(
    `Set ${'instanceType' in choice ? `instanceType ${choice.instanceType}` : `resources ${choice.cpu} vCPU / ${choice.memory} GiB`} in ${vscode.workspace.asRelativePath(uri)} (${where})`,
  );
  return choice;
}
