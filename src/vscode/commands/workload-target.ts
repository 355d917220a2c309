import * as vscode from '../vscode-api';
import type { AnyProvider, Workload } from '../../providers/provider';
import type { ProviderId } from '../../providers/providers';
import { PROVIDERS } from '../../providers/providers';
import { PROVIDER_REGISTRY } from '../../providers/registry';
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

function isRefNode(arg: unknown): arg is WorkloadRefNode {
  return typeof (arg as Partial<WorkloadRefNode> | undefined)?.workloadRef === 'function';
}

/**
 * What automation (and the palette's pick) may name a workload by: its ID (`containerGroupId` for ECI,
 * `containerId` for JD Cloud), the provider when not ECI, the region when not the active profile's, and a container.
 */
interface WorkloadArg {
  readonly provider: ProviderId;
  readonly id: string;
  readonly regionId: string | undefined;
  readonly containerName: string | undefined;
  readonly allContainers: boolean;
}

function workloadArg(command: string, arg: unknown): WorkloadArg {
  const value = (arg ?? {}) as Record<string, unknown>;
  const text = (name: string): string | undefined => {
    const field = value[name];
    if (field === undefined) return undefined;
    if (typeof field !== 'string' || field === '') throw new Error(`${command}: "${name}" must be a non-empty string.`);
    return field;
  };
  const provider = text('provider') ?? 'eci';
  if (!Object.prototype.hasOwnProperty.call(PROVIDER_REGISTRY, provider))
    throw new Error(`${command}: "provider" must be one of ${Object.keys(PROVIDER_REGISTRY).join(', ')}.`);
  const id = text('containerGroupId') ?? text('containerId');
  if (typeof arg !== 'object' || arg === null || id === undefined)
    throw new Error(
      `${command}: expected a workload from the explorer, or { containerGroupId, regionId?, containerName? } (ECI) or { provider: "jdcloud", containerId, regionId? }.`,
    );
  return {
    provider: provider as ProviderId,
    id,
    regionId: text('regionId'),
    containerName: text('containerName'),
    allContainers: value['allContainers'] === true,
  };
}

/**
 * The workload and container a shared command acts on: a tree row's, a palette pick's, or one named by automation
 * (read afresh). With several containers and none named, the user picks one (or, where `allowAll`, all of them).
 * Undefined when the pick is cancelled.
 */
export async function workloadTarget(
  services: ExtensionServices,
  command: string,
  arg: unknown,
  allowAll: boolean,
): Promise<WorkloadTarget | undefined> {
  let ref: WorkloadRef;
  let named: string | undefined;
  let all = false;
  if (isRefNode(arg)) {
    ref = arg.workloadRef();
    named = ref.container;
  } else {
    const given = workloadArg(command, arg);
    const provider = PROVIDER_REGISTRY[given.provider];
    const profile = services.profiles.active(given.provider);
    if (profile === undefined)
      throw new Error(
        `No ${provider.info.title} profile yet: add one or use the local emulator (ECI: Use Local Emulator).`,
      );
    const regionId = given.regionId ?? profile.regionId;
    const item = await provider.find(await services.clients.client(profile), regionId, given.id);
    if (item === undefined)
      throw new Error(`No ${provider.info.workload} ${given.id} in ${regionId} (${profile.name}).`);
    ref = { profile, provider, regionId, item };
    named = given.containerName;
    all = given.allContainers;
  }
  const workload = ref.provider.workload(ref.item);
  const target = (container: string | undefined): WorkloadTarget => ({ ...ref, workload, container });
  const names = workload.containers;
  if (named !== undefined) {
    if (!names.includes(named))
      throw new Error(`${workload.name} has no container named ${named}; it has ${names.join(', ')}.`);
    return target(named);
  }
  if (all && allowAll) return target(undefined);
  if (names.length === 1) return target(names[0]);
  const picked = await vscode.window.showQuickPick(
    [
      ...(allowAll ? [{ label: '$(list-flat) All containers', name: undefined as string | undefined }] : []),
      ...names.map((name) => ({ label: name, name: name as string | undefined })),
    ],
    { title: `Container of ${workload.name}` },
  );
  return picked === undefined ? undefined : target(picked.name);
}

/** How messages and terminals name a target: "web-1/nginx", "web-1 (all containers)", or a JD container's name. */
export function targetLabel(target: WorkloadTarget, all = 'all containers'): string {
  if (target.workload.isContainer) return target.workload.name;
  return `${target.workload.name}/${target.container ?? all}`;
}

/** A provider's short name and a region, for pick separators: "ECI · cn-hangzhou (prod)". */
export function regionHeading(provider: AnyProvider, regionId: string, profile: Profile): string {
  return `${PROVIDERS[provider.info.id].short} · ${regionId} (${profile.name})`;
}
