import { invalid, missing } from './api-error';
import type { Clock } from './lifecycle';
import type { EmulatorStateData, GroupModel } from './model';
import type { OpsRecordModel } from './ops-state';
import { opsState } from './ops-state';
import type { Params } from './params';
import { iso } from './render';

/**
 * CreateInstanceOpsTask and DescribeInstanceOpsRecords: coredump and tcpdump collection in a group. A coredump
 * task waits (Ready) until a container of the group exits with an error after it was enabled, and then has its
 * core file (Success); a tcpdump task captures for its Duration and then has its capture. Both keep their result
 * a day (RECORD_DAYS) and are Expired after, a choice of the emulator: the API's reference gives no period.
 */
const RECORD_DAYS = 1;
const DEFAULT_CAPTURE_SECONDS = 60;

interface TcpdumpOptions {
  Enable: boolean;
  Duration?: number;
}

function tcpdumpOptions(value: string): TcpdumpOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch {
    throw invalid('OpsValue', 'tcpdump takes a JSON object such as {"Enable":true,"IfDeviceName":"eth0"}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('OpsValue', 'tcpdump takes a JSON object');
  const options = parsed as Record<string, unknown>;
  if (typeof options['Enable'] !== 'boolean') throw invalid('OpsValue', 'Enable (true or false) is required');
  const duration = options['Duration'];
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1))
    throw invalid('OpsValue', 'Duration is a whole number of seconds');
  for (const port of ['SourcePort', 'DestPort']) {
    const n = options[port];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535))
      throw invalid('OpsValue', `${port} must be between 1 and 65535`);
  }
  const protocol = options['Protocol'];
  if (protocol !== undefined && !['tcp', 'udp', 'icmpv4'].includes(String(protocol)))
    throw invalid('OpsValue', 'Protocol is tcp, udp or icmpv4');
  return { Enable: options['Enable'], ...(typeof duration === 'number' ? { Duration: duration } : {}) };
}

export function createInstanceOpsTask(
  state: EmulatorStateData,
  group: GroupModel,
  p: Params,
  clock: Clock,
): Record<string, unknown> {
  const type = p.oneOf('OpsType', ['coredump', 'tcpdump'] as const);
  if (type === undefined) throw missing('OpsType');
  const value = p.requiredStr('OpsValue');
  const now = clock.now();
  const records = (opsState(state).opsRecords[group.ContainerGroupId] ??= []);
  const open = records.filter(
    (r) => r.OpsType === type && r.closedAt === undefined && status(group, r, now) === 'Ready',
  );
  if (type === 'coredump' && value !== 'enable' && value !== 'disable')
    throw invalid('OpsValue', 'coredump takes enable or disable');
  const enable = type === 'coredump' ? value === 'enable' : tcpdumpOptions(value).Enable;
  if (!enable) {
    for (const record of open) record.closedAt = now;
    return { Result: `${type === 'coredump' ? 'Coredump' : 'Tcpdump'} settings has been disabled successfully.` };
  }
  // Enabling again while a task is open keeps that task.
  if (open.length === 0) {
    const duration = type === 'tcpdump' ? (tcpdumpOptions(value).Duration ?? DEFAULT_CAPTURE_SECONDS) : undefined;
    records.push({
      OpsType: type,
      createdAt: now,
      endsAt: duration === undefined ? undefined : now + clock.span(duration),
      expiresAt: now + clock.span(RECORD_DAYS * 86_400),
    });
  }
  return { Result: `${type === 'coredump' ? 'Coredump' : 'Tcpdump'} settings has been configured successfully.` };
}

/** When a container of the group last exited with an error after `since`, if one did. */
function crashAfter(group: GroupModel, since: number): number | undefined {
  let at: number | undefined;
  for (const runtime of group.runtimes)
    for (const instance of runtime.instances)
      if (
        instance.finishedAt !== undefined &&
        instance.finishedAt >= since &&
        instance.exitCode !== undefined &&
        instance.exitCode !== 0 &&
        (at === undefined || instance.finishedAt < at)
      )
        at = instance.finishedAt;
  return at;
}

function doneAt(group: GroupModel, record: OpsRecordModel): number | undefined {
  return record.OpsType === 'tcpdump' ? record.endsAt : crashAfter(group, record.createdAt);
}

function status(group: GroupModel, record: OpsRecordModel, now: number): string {
  const done = doneAt(group, record);
  if (done !== undefined && done <= now && (record.closedAt === undefined || done <= record.closedAt))
    return now < record.expiresAt ? 'Success' : 'Expired';
  if (record.closedAt !== undefined) return 'Closed';
  return now < record.expiresAt ? 'Ready' : 'Expired';
}

export function describeInstanceOpsRecords(
  state: EmulatorStateData,
  group: GroupModel,
  p: Params,
  clock: Clock,
): Record<string, unknown> {
  const type = p.oneOf('OpsType', ['coredump', 'tcpdump'] as const);
  const now = clock.now();
  const records = (opsState(state).opsRecords[group.ContainerGroupId] ?? []).filter(
    (r) => type === undefined || r.OpsType === type,
  );
  return {
    Records: [...records].reverse().map((r) => {
      const s = status(group, r, now);
      return {
        OpsType: r.OpsType,
        OpsStatus: s,
        CreateTime: iso(r.createdAt),
        ExpireTime: iso(r.expiresAt),
        // The files are kept in OSS; the emulator names where, without serving them.
        ResultType: s === 'Success' ? 'OSS' : '',
        ResultContent:
          s === 'Success'
            ? `https://eci-ops-${group.RegionId}.oss-${group.RegionId}.aliyuncs.com/${group.ContainerGroupId}/${r.OpsType}-${r.createdAt}.tar.gz`
            : '',
      };
    }),
  };
}
