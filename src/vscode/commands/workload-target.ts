import type { AnyProvider, Workload } from '../../providers/provider';
import { PROVIDERS } from '../../providers/providers';
import * as vscode from '../vscode-api';
import { RegionNode } from '../tree/region-node';
import { WorkloadNode } from '../tree/workload-node';
import { workloadArg, workloadIdsArg } from './command-args';
import { noProfileYet, workloadNoun, workloadsNoun } from './provider-words';
import type { Profile } from '../profiles/profile-store';
import type { ExtensionServices } from '../services';

/** A workload a shared command (Stream Logs, Open Terminal) acts on, of any provider, and which of its containers. */
export interface WorkloadTarget {
  readonly profile: Profile;
  readonly provider: AnyProvider;
  readonly regionId: string;
  /** The provider's own record, passed back to it. */
  readonly item: unknown;
  readonly workload: Workload;
  /** One container; undefined for all of the workload's (where the command allows it). */
  readonly container: string | undefined;
}

/** A workload with, maybe, one of its containers: what a tree row or a palette pick says. */
export type WorkloadRef = Omit<WorkloadTarget, 'container' | 'workload'> & { readonly container?: string | undefined };

/** A tree node that stands for a workload (its row) or one of its containers (a row under an ECI group). */
export interface WorkloadRefNode {
  workloadRef(): WorkloadRef;
}

/**
 * The workload and container a shared command acts on: a tree row's, a palette pick's, or one named by automation
 * (read afresh). With several containers and none named, the user picks one (or, where `allowAll`, all of them).
 * Undefined when the pick is cancelled.
 */
export async function workloadTarget(
  services: ExtensionServices,
  arg: unknown,
  allowAll: boolean,
): Promise<WorkloadTarget | undefined> {
  const decoded = workloadArg(arg);
  if (decoded === undefined) return undefined;
  let ref: WorkloadRef;
  let named: string | undefined;
  let all = false;
  if ('workloadRef' in decoded) {
    ref = decoded.workloadRef();
    named = ref.container;
  } else {
    // By ID, or (without one) a workload of that provider picked in the region given or the home region.
    const [found] = await workloadTargets(
      services,
      decoded.provider,
      [{ [decoded.provider.info.idField]: decoded.id, regionId: decoded.regionId }],
      false,
    );
    if (found === undefined) return undefined;
    ref = found;
    named = decoded.containerName;
    all = decoded.allContainers;
  }
  const workload = ref.provider.workload(ref.item);
  const target = (container: string | undefined): WorkloadTarget => ({ ...ref, workload, container });
  const names = workload.containers;
  if (named !== undefined) {
    if (!names.includes(named))
      throw new Error(
        vscode.l10n.t('{0} has no container named {1}; it has {2}.', workload.name, named, names.join(', ')),
      );
    return target(named);
  }
  if (all && allowAll) return target(undefined);
  if (names.length === 1) return target(names[0]);
  const picked = await services.prompter.pick(
    [
      ...(allowAll
        ? [{ label: vscode.l10n.t('$(list-flat) All containers'), name: undefined as string | undefined }]
        : []),
      ...names.map((name) => ({ label: name, name: name as string | undefined })),
    ],
    { title: vscode.l10n.t('Container of {0}', workload.name) },
  );
  return picked === undefined ? undefined : target(picked.name);
}

/** How messages and terminals name a target: "web-1/nginx", "web-1 (all containers)", or a JD container's name. */
export function targetLabel(target: WorkloadTarget, all = vscode.l10n.t('all containers')): string {
  if (target.workload.isContainer) return target.workload.name;
  return `${target.workload.name}/${target.container ?? all}`;
}

/** A provider's short name and a region, for pick separators: "ECI · cn-hangzhou (prod)". */
export function regionHeading(provider: AnyProvider, regionId: string, profile: Profile): string {
  return `${PROVIDERS[provider.info.id].short} · ${regionId} (${profile.name})`;
}

/**
 * The workloads of one provider a command acts on (Delete, Describe): the tree's selection (VS Code passes the
 * clicked row and, with several selected, all of them), IDs from automation (read afresh; every one must exist), or,
 * from the palette, the ones picked in the active profile's home region (several where `pickMany`).
 */
export async function workloadTargets(
  services: ExtensionServices,
  provider: AnyProvider,
  args: readonly unknown[],
  pickMany: boolean,
): Promise<WorkloadRef[]> {
  const [clicked, selected] = args;
  // Several rows selected: those of this provider's workloads (a row of another kind selected with them is left
  // out: VS Code offers the command for the clicked row's kind).
  const selection = Array.isArray(selected)
    ? selected.filter((node): node is WorkloadNode => node instanceof WorkloadNode && node.provider === provider)
    : [];
  if (selection.length > 1 || (selection.length === 1 && selection[0] === clicked))
    return selection.map((node) => node.workloadRef());
  const decoded = workloadIdsArg(provider, clicked);
  if (decoded !== undefined && 'workloadRef' in decoded) return [decoded.workloadRef()];
  // A region row's profile, else the provider's active one.
  const profile =
    clicked instanceof RegionNode && clicked.provider === provider
      ? clicked.profile
      : services.profiles.active(provider.info.id);
  if (profile === undefined) throw new Error(noProfileYet(provider.info.id));
  const client = await services.clients.client(profile);
  const regionId = decoded?.regionId ?? profile.regionId;
  if (decoded !== undefined && decoded.ids.length > 0) {
    const found = await Promise.all(decoded.ids.map((id) => provider.find(client, regionId, id)));
    const missing = decoded.ids.filter((_, i) => found[i] === undefined);
    if (missing.length > 0)
      throw new Error(
        vscode.l10n.t('No {0} {1} in {2}.', workloadNoun(provider.info.id), missing.join(', '), regionId),
      );
    return found.map((item) => ({ profile, provider, regionId, item }));
  }
  // A few hundred at most: the pick filters as the user types.
  const items = await provider.list(client, regionId, { runningOnly: false, limit: 500 });
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No {0} in {1} ({2}).', workloadsNoun(provider.info.id), regionId, profile.name),
    );
    return [];
  }
  const choices = items.map((item) => {
    const workload = provider.workload(item);
    return { label: workload.name, description: `${workload.status} · ${workload.id}`, item };
  });
  const title = vscode.l10n.t('{0} in {1} ({2})', capitalized(workloadsNoun(provider.info.id)), regionId, profile.name);
  const picked = pickMany
    ? await services.prompter.pickMany(choices, { title, matchOnDescription: true })
    : [await services.prompter.pick(choices, { title, matchOnDescription: true })];
  return (picked ?? []).flatMap((choice) =>
    choice === undefined ? [] : [{ profile, provider, regionId, item: choice.item }],
  );
}

/** "web-1 (eci-abc123)": how confirmations name a workload. */
export function workloadLabel(ref: WorkloadRef): string {
  const workload = ref.provider.workload(ref.item);
  return `${workload.name} (${workload.id})`;
}

/** "In cn-hangzhou with prod.": where the workloads of a confirmation are. */
export function workloadPlaces(refs: readonly WorkloadRef[]): string {
  const places = [...new Set(refs.map((r) => vscode.l10n.t('{0} with {1}', r.regionId, r.profile.name)))];
  return vscode.l10n.t('In {0}.', places.join(vscode.l10n.t('; ')));
}

const capitalized = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
