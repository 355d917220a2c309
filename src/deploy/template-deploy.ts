import { CREATE_ONLY_FIELDS, exportedToTemplate, groupToTemplate, templateToRpcParams } from '../template/convert';
import type { EciClient } from '../eci/client';
import { CloudError } from '../core/errors';
import { eciError } from '../eci/error-hints';
import type { CreateContainerGroupRequest, UpdateContainerGroupRequest } from '../eci/operations';
import {
  createContainerGroup,
  createContainerGroupFromTemplate,
  describeContainerGroups,
  exportContainerGroupTemplate,
  updateContainerGroup,
  updateContainerGroupByTemplate,
} from '../eci/operations';
import type { ContainerGroup } from '../eci/records';

/**
 * Deploy, update and export by template, whichever way the region offers: the template actions of 2020 where they
 * still answer, CreateContainerGroup / UpdateContainerGroup / DescribeContainerGroups (through the template
 * conversion) where they do not (they left the public API in late 2022 and answer InvalidAction there).
 */
export type DeployMethod = 'auto' | 'template' | 'rpc';

export interface DeployOutcome {
  readonly containerGroupId: string;
  /** The way it went: the template action, or the RPC action it falls back to. */
  readonly method: 'template' | 'rpc';
  readonly requestId: string;
}

type Template = Record<string, unknown>;

/** The template actions are gone from this endpoint: the answer that makes `auto` fall back. */
export function isTemplateActionMissing(error: unknown): boolean {
  return (
    error instanceof CloudError &&
    (error.code === 'InvalidAction' || error.code === 'InvalidAction.NotFound' || error.code === 'InvalidApi.NotFound')
  );
}

async function viaTemplateOrRpc<T>(
  method: DeployMethod,
  template: () => Promise<T>,
  rpc: () => Promise<T>,
): Promise<[T, 'template' | 'rpc']> {
  if (method === 'rpc') return [await rpc(), 'rpc'];
  try {
    return [await template(), 'template'];
  } catch (error) {
    if (method === 'auto' && isTemplateActionMissing(error)) return [await rpc(), 'rpc'];
    throw error;
  }
}

/** Creates the group a template describes, in `regionId` (which the template's own regionId is set to). */
export async function deployTemplate(
  client: EciClient,
  template: Template,
  regionId: string,
  method: DeployMethod = 'auto',
): Promise<DeployOutcome> {
  const placed = { ...template, regionId };
  const [created, used] = await viaTemplateOrRpc(
    method,
    () => createContainerGroupFromTemplate(client, placed, { regionId }),
    () =>
      createContainerGroup(client, templateToRpcParams(placed) as unknown as CreateContainerGroupRequest, { regionId }),
  );
  return { containerGroupId: created.ContainerGroupId, method: used, requestId: created.RequestId ?? '' };
}

/** Updates a running group to what the template says (the update form: containerGroupId plus what changes). */
export async function updateFromTemplate(
  client: EciClient,
  containerGroupId: string,
  template: Template,
  regionId: string,
  method: DeployMethod = 'auto',
): Promise<DeployOutcome> {
  const {
    containerGroupName: _name,
    zoneId: _zone,
    vSwitchId: _vSwitch,
    securityGroupId: _group,
    instanceType: _type,
    eipInstanceId: _eip,
    ...rest
  } = template;
  // Create-only fields (spot, EIP, storage…) are not UpdateContainerGroup's to take: the group keeps them.
  const changes = Object.fromEntries(Object.entries(rest).filter(([key]) => !CREATE_ONLY_FIELDS.has(key)));
  const update = { ...changes, regionId, containerGroupId };
  const [done, used] = await viaTemplateOrRpc(
    method,
    () => updateContainerGroupByTemplate(client, update, { regionId }),
    () =>
      updateContainerGroup(client, templateToRpcParams(update) as unknown as UpdateContainerGroupRequest, { regionId }),
  );
  return { containerGroupId, method: used, requestId: done.RequestId ?? '' };
}

/** The group as a template: ExportContainerGroupTemplate where offered, else built from DescribeContainerGroups. */
export async function exportGroup(
  client: EciClient,
  containerGroupId: string,
  regionId: string,
  method: DeployMethod = 'auto',
): Promise<{ template: Template; method: 'template' | 'rpc' }> {
  const [template, used] = await viaTemplateOrRpc(
    method,
    async () =>
      exportedToTemplate((await exportContainerGroupTemplate(client, containerGroupId, { regionId })).Template),
    async () => groupToTemplate(await describeGroup(client, containerGroupId, regionId)),
  );
  return { template, method: used };
}

export async function describeGroup(
  client: EciClient,
  containerGroupId: string,
  regionId: string,
  signal?: AbortSignal,
): Promise<ContainerGroup> {
  const group = (await describeContainerGroups(client, { ContainerGroupIds: [containerGroupId] }, { regionId, signal }))
    .ContainerGroups[0];
  if (group === undefined)
    throw eciError({
      code: 'InvalidParameter.NotFound',
      message: `The container group ${containerGroupId} does not exist in ${regionId}.`,
    });
  return group;
}

/** States a group passes through on its way somewhere; the explorer polls only these. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'Pending',
  'Scheduling',
  'Restarting',
  'Updating',
  'Creating',
  'Deleting',
]);

export interface WaitOptions {
  readonly signal?: AbortSignal | undefined;
  /** Called with the group whenever its status or events change. */
  readonly onChange?: ((group: ContainerGroup) => void) | undefined;
  readonly intervalMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

/**
 * Polls a group until it leaves the transitional states (Running, Succeeded, Failed, ScheduleFailed, …) and returns
 * it then; gives the group as it was at the timeout rather than failing, so the caller can say where it stands.
 */
export async function waitUntilSettled(
  client: EciClient,
  containerGroupId: string,
  regionId: string,
  options: WaitOptions = {},
): Promise<{ group: ContainerGroup; settled: boolean }> {
  const interval = options.intervalMs ?? 2_000;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let last = '';
  for (;;) {
    const group = await describeGroup(client, containerGroupId, regionId, options.signal);
    const fingerprint = `${group.Status}|${group.Events.map((e) => `${e.Reason ?? ''}:${e.Count ?? 1}`).join(',')}`;
    if (fingerprint !== last) options.onChange?.(group);
    last = fingerprint;
    if (!TRANSITIONAL_STATES.has(group.Status)) return { group, settled: true };
    if (Date.now() + interval > deadline) return { group, settled: false };
    await new Promise<void>((resolve, reject) => {
      const aborted = (): void => {
        clearTimeout(timer);
        reject(options.signal?.reason as Error);
      };
      // The listener goes with the wait, so that a long wait does not pile them up on the signal.
      const timer = setTimeout(() => {
        options.signal?.removeEventListener('abort', aborted);
        resolve();
      }, interval);
      options.signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}
