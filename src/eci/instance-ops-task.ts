import type { EciClient } from './client';
import { eciError } from './error-hints';
import { describeInstanceOpsRecords } from './operations';
import type { InstanceOpsRecord } from './records';
import type { PollOptions, PollResult } from './task-poll';
import { pollUntil } from './task-poll';

/**
 * Following an instance O&M task (CreateInstanceOpsTask, then DescribeInstanceOpsRecords) until its record is
 * over. A record has no ID: the group's newest record of the type is the one a create made or kept (enabling again
 * while one is open keeps that one). Free of `vscode`: Collect Diagnostics shows it in a notification.
 */
export type OpsType = 'coredump' | 'tcpdump';

/** Ready is a task still collecting (a capture running, core dumps waiting for a crash); the rest are over. */
export const OPS_RECORD_OPEN = 'Ready';

export interface OpsRecordRef {
  readonly containerGroupId: string;
  readonly opsType: OpsType;
  readonly regionId: string;
  /**
   * How many records of the type the group had before the task was made (records have no ID): the task's is one
   * beyond them, and until it is listed the task counts as still open. Without it, the newest record is followed.
   */
  readonly recordsBefore?: number | undefined;
}

/** How many records of a type a group has now: taken before a task is made, for OpsRecordRef.recordsBefore. */
export async function countOpsRecords(
  client: EciClient,
  ref: Omit<OpsRecordRef, 'recordsBefore'>,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  return (await recordsOfType(client, ref, options.signal)).length;
}

/** The group's records of the type (the API may list others too). */
async function recordsOfType(
  client: EciClient,
  ref: Omit<OpsRecordRef, 'recordsBefore'>,
  signal: AbortSignal | undefined,
): Promise<InstanceOpsRecord[]> {
  const { Records } = await describeInstanceOpsRecords(
    client,
    { ContainerGroupId: ref.containerGroupId, OpsType: ref.opsType },
    { regionId: ref.regionId, signal },
  );
  return Records.filter((r) => r.OpsType === ref.opsType);
}

export async function followOpsRecord(
  client: EciClient,
  ref: OpsRecordRef,
  options: PollOptions<InstanceOpsRecord> = {},
): Promise<PollResult<InstanceOpsRecord>> {
  return pollUntil(
    async (signal) => {
      const ofType = await recordsOfType(client, ref, signal);
      // The task's record is not listed yet: it is still being made, as good as open.
      if (ref.recordsBefore !== undefined && ofType.length <= ref.recordsBefore)
        return {
          OpsType: ref.opsType,
          OpsStatus: OPS_RECORD_OPEN,
          CreateTime: undefined,
          ExpireTime: undefined,
          ResultType: undefined,
          ResultContent: undefined,
        };
      const newest = newestRecord(ofType, ref.opsType);
      if (newest === undefined)
        throw eciError({
          code: 'InvalidParameter.NotFound',
          message: `${ref.containerGroupId} has no ${ref.opsType} record in ${ref.regionId}.`,
        });
      return newest;
    },
    (record) => record.OpsStatus !== OPS_RECORD_OPEN,
    (record) => `${record.OpsStatus}|${record.CreateTime ?? ''}`,
    options,
  );
}

/** The newest record of a type: by CreateTime, whatever order the API lists them in. */
export function newestRecord(records: readonly InstanceOpsRecord[], opsType: OpsType): InstanceOpsRecord | undefined {
  return records
    .filter((r) => r.OpsType === opsType)
    .reduce<InstanceOpsRecord | undefined>(
      (newest, r) => (newest === undefined || (r.CreateTime ?? '') > (newest.CreateTime ?? '') ? r : newest),
      undefined,
    );
}

/** OpsValue for a tcpdump capture of `durationSeconds` on an interface (the API's JSON object). */
export function tcpdumpOpsValue(durationSeconds: number, ifDeviceName = 'eth0'): string {
  return JSON.stringify({ Enable: true, IfDeviceName: ifDeviceName, Duration: durationSeconds });
}

/** What a finished record says, in one line: where its files are, or why there are none. */
export function opsRecordOutcome(record: InstanceOpsRecord): { ok: boolean; text: string } {
  const what = record.OpsType === 'tcpdump' ? 'The network capture' : 'The core dump';
  switch (record.OpsStatus) {
    case 'Success':
      return {
        ok: true,
        text: `${what} is ready${record.ResultContent === undefined || record.ResultContent === '' ? '' : `: ${record.ResultContent}`}${record.ExpireTime === undefined || record.ExpireTime === '' ? '' : ` (kept until ${record.ExpireTime})`}.`,
      };
    case 'Ready':
      return { ok: true, text: `${what} is still being collected.` };
    case 'Closed':
      return { ok: false, text: `${what} was turned off before anything was collected.` };
    case 'Expired':
      return { ok: false, text: `${what} has expired; its files are gone.` };
    default:
      return { ok: false, text: `${what} ended ${record.OpsStatus}.` };
  }
}
