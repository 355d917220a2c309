import type { AnyProvider, Workload } from '../../providers/provider';
import { PROVIDERS } from '../../providers/providers';
import { PROVIDER_REGISTRY } from '../../providers/registry';
import { workloadArg } from './command-args';
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
    const given = decoded;
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
  const picked = await services.prompter.pick(
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
