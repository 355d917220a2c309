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
}

export async function followOpsRecord(
  client: EciClient,
  ref: OpsRecordRef,
  options: PollOptions<InstanceOpsRecord> = {},
): Promise<PollResult<InstanceOpsRecord>> {
  return pollUntil(
    async (signal) => {
      const { Records } = await describeInstanceOpsRecords(
        client,
        { ContainerGroupId: ref.containerGroupId, OpsType: ref.opsType },
        { regionId: ref.regionId, signal },
      );
      const newest = newestRecord(Records, ref.opsType);
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
